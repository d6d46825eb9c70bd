import type { ServiceDefinition } from '../../core/types.js';

/** lambda: not built yet (operations are added with the sandbox issues). */
export const lambdaService: ServiceDefinition = {
  signingName: 'lambda',
  protocol: 'restJson1',
  operations: {},
};
