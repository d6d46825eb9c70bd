import type { ServiceDefinition } from '../../core/types.js';

/** cloudwatch: not built yet (operations are added with the sandbox issues). */
export const cloudwatchService: ServiceDefinition = {
  signingName: 'monitoring',
  protocol: 'awsJson1_0',
  operations: {},
};
