import type { ServiceDefinition } from '../../core/types.js';

/** acm: not built yet (operations are added with the sandbox issues). */
export const acmService: ServiceDefinition = {
  signingName: 'acm',
  protocol: 'awsJson1_1',
  operations: {},
};
