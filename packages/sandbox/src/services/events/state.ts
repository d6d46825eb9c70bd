/** EventBridge state: rules on the default bus, their targets, and a record of fired invocations. */
import type { Sandbox } from '../../core/types.js';

export interface Target {
  Id: string;
  Arn: string;
  Input?: string;
  InputPath?: string;
  RoleArn?: string;
  [more: string]: unknown;
}

export interface Rule {
  name: string;
  arn: string;
  eventBusName: string;
  scheduleExpression?: string;
  eventPattern?: string;
  state: 'ENABLED' | 'DISABLED' | 'ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS';
  description?: string;
  roleArn?: string;
  targets: Target[];
  tags: Record<string, string>;
  /** Sandbox epoch ms of the next scheduled firing (schedules only, while enabled). */
  nextFireAt?: number;
}

/** One delivery of a scheduled event to a target, as the control verb `invocations` lists them. */
export interface FiredInvocation {
  /** Sandbox time of the schedule tick (ISO-8601). */
  at: string;
  rule: string;
  ruleArn: string;
  targetId: string;
  targetArn: string;
  /** `invoked`: delivered (even if the function then failed); `failed`: EventBridge could not deliver. */
  status: 'pending' | 'invoked' | 'failed';
  reason?: string;
  functionError?: string;
  requestId?: string;
}

export interface EventsState {
  /** Keyed by rule name (default bus only). */
  rules: Record<string, Rule>;
  invocations: FiredInvocation[];
}

/** Where EventBridge keeps its state in the sandbox state (and in a state file). */
export const EVENTS_STATE_KEY = 'events';

/**
 * A fresh EventBridge state: empty, filled in on first use by `eventsState()` (so a new state file shows `events: {}`).
 */
export function emptyEventsState(): Partial<EventsState> {
  return {};
}

/** The EventBridge state, created on first use. */
export function eventsState(sb: Sandbox): EventsState {
  const s = sb.state[EVENTS_STATE_KEY] as Partial<EventsState>;
  s.rules ??= {};
  s.invocations ??= [];
  return s as EventsState;
}
