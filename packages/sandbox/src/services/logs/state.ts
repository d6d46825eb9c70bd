/**
 * CloudWatch Logs state: log groups, their streams and events. Events are compact tuples, kept in
 * time order per stream, with a sandbox-wide ingestion sequence so events of one timestamp keep the
 * order they arrived in, across streams too.
 */
import type { Sandbox } from '../../core/types.js';

/** `[timestamp ms, ingestionTime ms, sequence, message]`. */
export type LogEvent = [number, number, number, string];

export interface LogStream {
  name: string;
  createdAt: number;
  /** Ordered by (timestamp, sequence). */
  events: LogEvent[];
  lastIngestionTime?: number;
}

export interface LogGroup {
  name: string;
  /** Region the group was created in (its ARN's). */
  region: string;
  createdAt: number;
  retentionInDays?: number;
  tags: Record<string, string>;
  streams: Record<string, LogStream>;
}

export interface LogsState {
  /** Keyed by log group name. */
  groups: Record<string, LogGroup>;
  /** The next event's ingestion sequence. */
  nextSeq: number;
}

/** Where CloudWatch Logs keeps its state in the sandbox state (and in a state file). */
export const LOGS_STATE_KEY = 'logs';

export function emptyLogsState(): LogsState {
  return { groups: {}, nextSeq: 0 };
}

/**
 * The Logs state. Created on first use, so other services can write logs in a sandbox hosting a
 * custom service list, and an older state file without it still loads.
 */
export function logsState(sb: Sandbox): LogsState {
  sb.state[LOGS_STATE_KEY] ??= emptyLogsState();
  const s = sb.state[LOGS_STATE_KEY] as Partial<LogsState>;
  s.groups ??= {};
  s.nextSeq ??= 0;
  return s as LogsState;
}

export function groupArn(group: LogGroup, accountId: string): string {
  return `arn:aws:logs:${group.region}:${accountId}:log-group:${group.name}`;
}

/** Events in (timestamp, sequence) order. */
export function compareEvents(a: LogEvent, b: LogEvent): number {
  return a[0] - b[0] || a[2] - b[2];
}
