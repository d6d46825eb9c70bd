/**
 * FilterLogEvents: one group's events across its streams (by names or a prefix), within
 * [startTime, endTime], matching a filter pattern, interleaved in time order (oldest first unless
 * startFromHead is false), paged with a nextToken that keeps the direction.
 */
import type { OperationHandler } from '../../core/types.js';
import { checkLimit, constraint, decodeToken, encodeToken, findGroup, invalidParameter } from './errors.js';
import { compileFilterPattern } from './filter-pattern.js';
import { compareEvents, type LogEvent } from './state.js';

const JAN_2024 = Date.UTC(2024, 0, 1);
const MAX_PAGE_BYTES = 1_048_576;
const EVENT_OVERHEAD = 26;

interface Token {
  /** 1: oldest first; -1: newest first. */
  d: 1 | -1;
  /** The last returned event's [timestamp, sequence]. */
  k: [number, number];
}

function streamNames(input: any): { names?: Set<string>; prefix?: string } {
  if (input.logStreamNames !== undefined && input.logStreamNamePrefix !== undefined)
    throw invalidParameter('logStreamNames and logStreamNamePrefix are mutually exclusive parameters.');
  if (input.logStreamNames !== undefined) {
    const names = [input.logStreamNames].flat().map(String);
    if (names.length < 1 || names.length > 100)
      throw constraint(
        `[${names.join(', ')}]`,
        'logStreamNames',
        names.length < 1
          ? 'Member must have length greater than or equal to 1'
          : 'Member must have length less than or equal to 100',
      );
    return { names: new Set(names) };
  }
  return input.logStreamNamePrefix === undefined ? {} : { prefix: String(input.logStreamNamePrefix) };
}

const filterLogEvents: OperationHandler = (input, { sb }) => {
  const group = findGroup(sb, input);
  const { names, prefix } = streamNames(input);
  const start = input.startTime === undefined ? -Infinity : Number(input.startTime);
  const end = input.endTime === undefined ? Infinity : Number(input.endTime);
  const match = compileFilterPattern(input.filterPattern);
  const limit = checkLimit(input.limit, 10_000, 10_000);
  const token =
    input.nextToken === undefined
      ? undefined
      : decodeToken<Token>(
          input.nextToken,
          (v) =>
            (v?.d === 1 || v?.d === -1) &&
            Array.isArray(v.k) &&
            v.k.length === 2 &&
            v.k.every(Number.isFinite),
        );
  if (!token && input.startFromHead === false && !(start >= JAN_2024))
    throw invalidParameter(
      'startFromHead set to false is supported only with a startTime on or after Jan 1, 2024 00:00:00 UTC.',
    );
  const direction = token?.d ?? (input.startFromHead === false ? -1 : 1);
  const streams = Object.values(group.streams).filter(
    (s) => (!names || names.has(s.name)) && (prefix === undefined || s.name.startsWith(prefix)),
  );
  const found: Array<{ stream: string; event: LogEvent }> = [];
  for (const s of streams)
    for (const event of s.events) {
      if (event[0] < start || event[0] > end) continue;
      if (token && direction * compareEvents(event, [token.k[0], 0, token.k[1], '']) <= 0) continue;
      if (match(event[3])) found.push({ stream: s.name, event });
    }
  found.sort((a, b) => direction * compareEvents(a.event, b.event));
  // "As many log events as can fit in 1 MB (up to 10,000 log events)": the page ends at whichever
  // comes first, bytes counted as PutLogEvents counts them (UTF-8 message plus 26 per event).
  let bytes = 0;
  let size = 0;
  for (const f of found) {
    bytes += Buffer.byteLength(f.event[3]) + EVENT_OVERHEAD;
    if (size >= limit || (size > 0 && bytes > MAX_PAGE_BYTES)) break;
    size += 1;
  }
  const page = found.slice(0, size);
  const last = page.at(-1)?.event;
  return {
    events: page.map(({ stream, event: [timestamp, ingestionTime, seq, message] }) => ({
      logStreamName: stream,
      timestamp,
      message,
      ingestionTime,
      eventId: String(seq).padStart(20, '0'),
    })),
    searchedLogStreams: streams.map((s) => ({ logStreamName: s.name, searchedCompletely: true })),
    ...(found.length > size && last
      ? { nextToken: encodeToken({ d: direction, k: [last[0], last[2]] }) }
      : {}),
  };
};

export const filterOperations: Record<string, OperationHandler> = { FilterLogEvents: filterLogEvents };
