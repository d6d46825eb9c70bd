/**
 * EventBridge (awsJson1_1, `AWSEvents.<Op>`): rules with validated schedules and event patterns,
 * targets, tags, and schedules that fire Lambda targets by sandbox time.
 * Control verb `invocations` {rule?} -> {invocations}: every scheduled delivery and its outcome.
 */
import type { ServiceDefinition } from '../../core/types.js';
import { ruleOperations } from './rules.js';
import { fireDueSchedules } from './scheduler.js';
import { EVENTS_STATE_KEY, emptyEventsState, eventsState } from './state.js';
import { targetOperations } from './targets.js';

export const eventsService: ServiceDefinition = {
  signingName: 'events',
  protocol: 'awsJson1_1',
  stateKey: EVENTS_STATE_KEY,
  emptyState: emptyEventsState,
  targetPrefix: 'AWSEvents',
  operations: { ...ruleOperations, ...targetOperations },
  init(sb) {
    sb.tickers.push(fireDueSchedules);
  },
  control: {
    invocations: (body: { rule?: string }, sb) => ({
      invocations: eventsState(sb).invocations.filter((i) => !body?.rule || i.rule === body.rule),
    }),
  },
};
