import type { ServiceDefinition } from '../../core/types.js';

/** ecs: not built yet (operations are added with the sandbox issues). */
export const ecsService: ServiceDefinition = {
  signingName: 'ecs',
  protocol: 'awsJson1_1',
  operations: {},
};
