/**
 * Storing events, for PutLogEvents and for other sandbox services alike: each gets the next
 * ingestion sequence and lands in time order; a group keeps at most MAX_EVENTS_PER_GROUP events and
 * none older than its retention, so a long-running sandbox's state file stays small.
 */
import type { Sandbox } from '../../core/types.js';
import { compareEvents, type LogEvent, type LogGroup, type LogStream, logsState } from './state.js';

/** Events kept per log group, oldest dropped first (CloudWatch keeps them all). */
export const MAX_EVENTS_PER_GROUP = 5_000;
const DAY_MS = 24 * 3600_000;

/** Appends events (already checked) to a stream, in (timestamp, arrival) order. */
export function ingest(
  sb: Sandbox,
  group: LogGroup,
  stream: LogStream,
  events: Array<{ timestamp: number; message: string }>,
): void {
  if (events.length === 0) return;
  const state = logsState(sb);
  const now = sb.clock.now();
  for (const { timestamp, message } of events) {
    const event: LogEvent = [timestamp, now, state.nextSeq++, message];
    let i = stream.events.length;
    while (i > 0 && compareEvents(stream.events[i - 1]!, event) > 0) i--;
    stream.events.splice(i, 0, event);
  }
  stream.lastIngestionTime = now;
  trim(group, now);
  sb.markDirty();
}

/** Drops events past the group's retention, then the oldest beyond the per-group cap. */
function trim(group: LogGroup, now: number): void {
  const streams = Object.values(group.streams);
  if (group.retentionInDays !== undefined) {
    const horizon = now - group.retentionInDays * DAY_MS;
    for (const s of streams) {
      const keep = s.events.findIndex((e) => e[0] >= horizon);
      s.events.splice(0, keep === -1 ? s.events.length : keep);
    }
  }
  let total = streams.reduce((a, s) => a + s.events.length, 0);
  while (total > MAX_EVENTS_PER_GROUP) {
    let oldest: LogStream | undefined;
    for (const s of streams)
      if (s.events.length > 0 && (!oldest || compareEvents(s.events[0]!, oldest.events[0]!) < 0)) oldest = s;
    oldest!.events.shift();
    total--;
  }
}
