import type { ServiceDefinition } from '../../core/types.js';

/** iam: not built yet (operations are added with the sandbox issues). */
export const iamService: ServiceDefinition = {
  signingName: 'iam',
  protocol: 'awsQuery',
  operations: {},
};
