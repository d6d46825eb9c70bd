/**
 * CloudWatch Logs (awsJson1_1, target `Logs_20140328`, signing name `logs`): log groups, streams and
 * events, with the reads the traffic signals need (GetLogEvents, FilterLogEvents). Other sandbox
 * services write through `appendLogEvents()`.
 */
import type { ServiceDefinition } from '../../core/types.js';
import { filterOperations } from './filter-log-events.js';
import { groupOperations } from './groups.js';
import { eventOperations } from './log-events.js';
import { seedLogs } from './seed.js';
import { emptyLogsState, LOGS_STATE_KEY } from './state.js';
import { streamOperations } from './streams.js';

export const logsService: ServiceDefinition = {
  signingName: 'logs',
  protocol: 'awsJson1_1',
  stateKey: LOGS_STATE_KEY,
  seed: seedLogs,
  emptyState: emptyLogsState,
  targetPrefix: 'Logs_20140328',
  operations: { ...groupOperations, ...streamOperations, ...eventOperations, ...filterOperations },
};

export { appendLogEvents, groupMessages } from './append-log-events.js';
