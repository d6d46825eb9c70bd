/** Log streams: create, delete, and describe (by name or last event time, either direction, paged). */
import { AwsError } from '../../core/aws-error.js';
import type { OperationHandler, Sandbox } from '../../core/types.js';
import {
  checkLimit,
  constraint,
  decodeToken,
  encodeToken,
  findGroup,
  findStream,
  invalidParameter,
  requiredName,
} from './errors.js';
import { groupArn, type LogGroup, type LogStream } from './state.js';

export function checkStreamName(value: unknown, field = 'logStreamName'): string {
  const name = requiredName(value, field);
  if (/[:*]/.test(name))
    throw constraint(name, field, 'Member must satisfy regular expression pattern: [^:*]*');
  return name;
}

/** Creates a stream; shared with `appendLogEvents`. */
export function createStream(sb: Sandbox, group: LogGroup, name: string): LogStream {
  if (group.streams[name])
    throw new AwsError('ResourceAlreadyExistsException', 'The specified log stream already exists');
  group.streams[name] = { name, createdAt: sb.clock.now(), events: [] };
  sb.markDirty();
  return group.streams[name];
}

function describe(group: LogGroup, stream: LogStream, accountId: string) {
  const first = stream.events[0];
  const last = stream.events.at(-1);
  return {
    logStreamName: stream.name,
    creationTime: stream.createdAt,
    ...(first ? { firstEventTimestamp: first[0], lastEventTimestamp: last![0] } : {}),
    ...(stream.lastIngestionTime === undefined ? {} : { lastIngestionTime: stream.lastIngestionTime }),
    arn: `${groupArn(group, accountId)}:log-stream:${stream.name}`,
    storedBytes: 0,
  };
}

/** The sort key of a stream: its name, or its last event time (then name) for `LastEventTime`. */
function sortKey(stream: LogStream, byTime: boolean): [number, string] {
  return [byTime ? (stream.events.at(-1)?.[0] ?? 0) : 0, stream.name];
}

function compareKeys(a: [number, string], b: [number, string]): number {
  return a[0] - b[0] || (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0);
}

const describeLogStreams: OperationHandler = (input, { sb, accountId }) => {
  const group = findGroup(sb, input);
  const orderBy = input.orderBy ?? 'LogStreamName';
  if (orderBy !== 'LogStreamName' && orderBy !== 'LastEventTime')
    throw constraint(
      orderBy,
      'orderBy',
      'Member must satisfy enum value set: [LogStreamName, LastEventTime]',
    );
  const prefix =
    input.logStreamNamePrefix === undefined
      ? undefined
      : requiredName(input.logStreamNamePrefix, 'logStreamNamePrefix');
  const byTime = orderBy === 'LastEventTime';
  if (byTime && prefix !== undefined)
    throw invalidParameter('Cannot order by LastEventTime with a logStreamNamePrefix.');
  const descending = input.descending === true;
  const limit = checkLimit(input.limit, 50, Math.min(50, sb.settings.maxPageSize ?? 50));
  const after =
    input.nextToken === undefined
      ? undefined
      : decodeToken<[number, string]>(
          input.nextToken,
          (v) => Array.isArray(v) && typeof v[0] === 'number' && typeof v[1] === 'string',
        );
  const direction = descending ? -1 : 1;
  const streams = Object.values(group.streams)
    .filter((s) => prefix === undefined || s.name.startsWith(prefix))
    .sort((a, b) => direction * compareKeys(sortKey(a, byTime), sortKey(b, byTime)))
    .filter((s) => after === undefined || direction * compareKeys(sortKey(s, byTime), after) > 0);
  const page = streams.slice(0, limit);
  return {
    logStreams: page.map((s) => describe(group, s, accountId)),
    ...(streams.length > limit ? { nextToken: encodeToken(sortKey(page.at(-1)!, byTime)) } : {}),
  };
};

export const streamOperations: Record<string, OperationHandler> = {
  CreateLogStream: (input, { sb }) => {
    const group = findGroup(sb, { logGroupName: requiredName(input.logGroupName, 'logGroupName') });
    createStream(sb, group, checkStreamName(input.logStreamName));
    return {};
  },
  DeleteLogStream: (input, { sb }) => {
    const group = findGroup(sb, { logGroupName: requiredName(input.logGroupName, 'logGroupName') });
    const stream = findStream(group, input.logStreamName);
    delete group.streams[stream.name];
    sb.markDirty();
    return {};
  },
  DescribeLogStreams: describeLogStreams,
};
