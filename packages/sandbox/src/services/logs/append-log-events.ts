/**
 * How other sandbox services write logs (Lambda's `/aws/lambda/<function>`, containers' awslogs
 * streams later): events appended to a group's stream, the stream created on first use and the
 * group too when the writer creates its own group as Lambda does. Not a caller's input: no
 * PutLogEvents batch rules apply.
 */
import type { Sandbox } from '../../core/types.js';
import { groupNotFound } from './errors.js';
import { createGroup } from './groups.js';
import { ingest } from './ingest.js';
import { logsState } from './state.js';
import { createStream } from './streams.js';

export interface AppendOptions {
  /** Create the group when it does not exist (Lambda does); otherwise a missing group throws. */
  createGroup?: boolean;
}

/** Appends messages (or `{timestamp, message}` events; default timestamp: now) to group/stream. */
export function appendLogEvents(
  sb: Sandbox,
  groupName: string,
  streamName: string,
  events: Array<string | { timestamp?: number; message: string }>,
  options: AppendOptions = {},
): void {
  const state = logsState(sb);
  let group = state.groups[groupName];
  if (!group) {
    if (!options.createGroup) throw groupNotFound();
    group = createGroup(sb, groupName, sb.region);
  }
  const stream = group.streams[streamName] ?? createStream(sb, group, streamName);
  const now = sb.clock.now();
  ingest(
    sb,
    group,
    stream,
    events
      .map((e) =>
        typeof e === 'string'
          ? { timestamp: now, message: e }
          : { timestamp: e.timestamp ?? now, message: e.message },
      )
      .filter((e) => e.message !== ''),
  );
}

/** Every event of a group, across its streams, in (timestamp, arrival) order; undefined without the group. */
export function groupMessages(sb: Sandbox, groupName: string): string[] | undefined {
  const group = logsState(sb).groups[groupName];
  if (!group) return undefined;
  const events = Object.values(group.streams).flatMap((s) => s.events);
  return events.sort((a, b) => a[0] - b[0] || a[2] - b[2]).map((e) => e[3]);
}
