import type { ServiceDefinition } from '../../core/types.js';

/** events: not built yet (operations are added with the sandbox issues). */
export const eventsService: ServiceDefinition = {
  signingName: 'events',
  protocol: 'awsJson1_1',
  operations: {},
};
