/**
 * PutLogEvents (AWS's batch rules: ≤10,000 events, ≤1,048,576 bytes counting 26 per event,
 * chronological, ≤24 h span; too old/new events rejected by index) and GetLogEvents (time window,
 * startFromHead, forward and backward tokens that come back unchanged at either end).
 */
import type { OperationHandler } from '../../core/types.js';
import { checkLimit, constraint, findGroup, findStream, invalidParameter, requiredName } from './errors.js';
import { ingest } from './ingest.js';
import { compareEvents, type LogEvent } from './state.js';

const MAX_BATCH_BYTES = 1_048_576;
const EVENT_OVERHEAD = 26;
const DAY_MS = 24 * 3600_000;
const TWO_HOURS_MS = 2 * 3600_000;
const FOURTEEN_DAYS_MS = 14 * DAY_MS;
const MAX_PAGE_BYTES = 1_048_576;

function checkEvents(raw: unknown): Array<{ timestamp: number; message: string }> {
  if (!Array.isArray(raw)) throw constraint('null', 'logEvents', 'Member must not be null');
  if (raw.length < 1)
    throw constraint('[]', 'logEvents', 'Member must have length greater than or equal to 1');
  if (raw.length > 10_000)
    throw constraint(
      `[${raw.length} events]`,
      'logEvents',
      'Member must have length less than or equal to 10000',
    );
  let bytes = 0;
  const events = raw.map((e: any, i: number) => {
    const at = `logEvents.${i + 1}.member`;
    if (e?.timestamp === undefined) throw constraint('null', `${at}.timestamp`, 'Member must not be null');
    const timestamp = Number(e.timestamp);
    if (!Number.isInteger(timestamp) || timestamp < 0)
      throw constraint(e.timestamp, `${at}.timestamp`, 'Member must have value greater than or equal to 0');
    if (e.message === undefined) throw constraint('null', `${at}.message`, 'Member must not be null');
    const message = String(e.message);
    if (message.length < 1)
      throw constraint(message, `${at}.message`, 'Member must have length greater than or equal to 1');
    bytes += Buffer.byteLength(message) + EVENT_OVERHEAD;
    return { timestamp, message };
  });
  if (bytes > MAX_BATCH_BYTES)
    throw invalidParameter(`Upload too large: ${bytes} bytes exceeds limit of ${MAX_BATCH_BYTES}`);
  for (let i = 1; i < events.length; i++)
    if (events[i]!.timestamp < events[i - 1]!.timestamp)
      throw invalidParameter('Log events in a single PutLogEvents request must be in chronological order.');
  return events;
}

const putLogEvents: OperationHandler = (input, { sb }) => {
  const group = findGroup(sb, { logGroupName: requiredName(input.logGroupName, 'logGroupName') });
  const stream = findStream(group, input.logStreamName);
  const events = checkEvents(input.logEvents);
  const now = sb.clock.now();
  const expiredBefore =
    group.retentionInDays === undefined ? -Infinity : now - group.retentionInDays * DAY_MS;
  // Sorted, so the rejected ones are a head (too old, expired) and a tail (too new).
  let tooOld = -1;
  let expired = -1;
  let tooNew = events.length;
  events.forEach((e, i) => {
    if (e.timestamp < now - FOURTEEN_DAYS_MS) tooOld = i;
    if (e.timestamp < expiredBefore) expired = i;
    if (e.timestamp > now + TWO_HOURS_MS && tooNew === events.length) tooNew = i;
  });
  const valid = events.slice(Math.max(tooOld, expired) + 1, tooNew);
  if (valid.length > 0 && valid.at(-1)!.timestamp - valid[0]!.timestamp > DAY_MS)
    throw invalidParameter(
      'The batch of log events in a single PutLogEvents request cannot span more than 24 hours.',
    );
  ingest(sb, group, stream, valid);
  const rejected = {
    ...(tooNew < events.length ? { tooNewLogEventStartIndex: tooNew } : {}),
    ...(tooOld >= 0 ? { tooOldLogEventEndIndex: tooOld } : {}),
    ...(expired >= 0 ? { expiredLogEventEndIndex: expired } : {}),
  };
  return Object.keys(rejected).length > 0 ? { rejectedLogEventsInfo: rejected } : {};
};

/** `f/<timestamp>/<sequence>` or `b/…`: the key a page ended at and the direction to go on. */
type Token = { forward: boolean; key: [number, number] };

function parseToken(value: unknown): Token {
  const m = /^([fb])\/(-?\d+)\/(-?\d+)$/.exec(String(value));
  if (!m) throw invalidParameter('The specified nextToken is invalid.');
  return { forward: m[1] === 'f', key: [Number(m[2]), Number(m[3])] };
}

const tokenOf = (forward: boolean, key: [number, number]) => `${forward ? 'f' : 'b'}/${key[0]}/${key[1]}`;
const keyOf = (e: LogEvent): [number, number] => [e[0], e[2]];
const beforeKey = (e: LogEvent, key: [number, number]) => compareEvents(e, [key[0], 0, key[1], '']) < 0;

/** Up to `limit` events (and 1 MB) from one end of a list. */
function take(events: LogEvent[], limit: number, fromHead: boolean): LogEvent[] {
  const ordered = fromHead ? events : [...events].reverse();
  const out: LogEvent[] = [];
  let bytes = 0;
  for (const e of ordered) {
    bytes += Buffer.byteLength(e[3]) + EVENT_OVERHEAD;
    if (out.length >= limit || (out.length > 0 && bytes > MAX_PAGE_BYTES)) break;
    out.push(e);
  }
  return fromHead ? out : out.reverse();
}

const getLogEvents: OperationHandler = (input, { sb }) => {
  const group = findGroup(sb, input);
  const stream = findStream(group, input.logStreamName);
  const start = input.startTime === undefined ? -Infinity : Number(input.startTime);
  const end = input.endTime === undefined ? Infinity : Number(input.endTime);
  const limit = checkLimit(input.limit, 10_000, 10_000);
  const token = input.nextToken === undefined ? undefined : parseToken(input.nextToken);
  const window = stream.events.filter((e) => e[0] >= start && e[0] < end);
  let page: LogEvent[];
  if (!token) page = take(window, limit, input.startFromHead === true);
  else if (token.forward)
    page = take(
      window.filter((e) => !beforeKey(e, token.key) && !sameKey(e, token.key)),
      limit,
      true,
    );
  else
    page = take(
      window.filter((e) => beforeKey(e, token.key)),
      limit,
      false,
    );
  const empty: [number, number] = token?.key ?? [-1, -1];
  return {
    events: page.map(([timestamp, ingestionTime, , message]) => ({ timestamp, message, ingestionTime })),
    nextForwardToken: page.length > 0 ? tokenOf(true, keyOf(page.at(-1)!)) : tokenOf(true, empty),
    nextBackwardToken: page.length > 0 ? tokenOf(false, keyOf(page[0]!)) : tokenOf(false, empty),
  };
};

function sameKey(e: LogEvent, key: [number, number]): boolean {
  return e[0] === key[0] && e[2] === key[1];
}

export const eventOperations: Record<string, OperationHandler> = {
  PutLogEvents: putLogEvents,
  GetLogEvents: getLogEvents,
};
