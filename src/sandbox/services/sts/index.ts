import type { ServiceDefinition } from '../../core/types.js';

/** sts: not built yet (operations are added with the sandbox issues). */
export const stsService: ServiceDefinition = {
  signingName: 'sts',
  protocol: 'awsQuery',
  operations: {},
};
