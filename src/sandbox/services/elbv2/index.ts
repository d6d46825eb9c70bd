import type { ServiceDefinition } from '../../core/types.js';

/** elbv2: not built yet (operations are added with the sandbox issues). */
export const elbv2Service: ServiceDefinition = {
  signingName: 'elasticloadbalancing',
  protocol: 'awsQuery',
  operations: {},
};
