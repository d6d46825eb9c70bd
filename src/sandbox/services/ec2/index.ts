import type { ServiceDefinition } from '../../core/types.js';

/** ec2: not built yet (operations are added with the sandbox issues). */
export const ec2Service: ServiceDefinition = {
  signingName: 'ec2',
  protocol: 'ec2Query',
  operations: {},
};
