/**
 * Reads a service's container log events for a window with FilterLogEvents: every page (nextToken),
 * streams of all tasks interleaved by time as AWS returns them (docs/aws-behaviour.md §12,
 * "FilterLogEvents").
 */
import { type FilteredLogEvent, FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import type { AwsClients } from '../../aws/clients.js';
import { serviceNow } from '../../aws/server-clock.js';

export interface ContainerLogQuery {
  group: string;
  /** Only these streams (a task's); at most 100 per call, as FilterLogEvents allows. */
  streams?: string[];
  /** Only streams starting with this (the container's streams). */
  streamPrefix?: string;
  filterPattern?: string;
  /** Milliseconds, both inclusive (FilterLogEvents's bounds). */
  startTime: number;
  endTime?: number;
}

export interface ContainerLogEvent {
  eventId: string;
  stream: string;
  timestamp: number;
  message: string;
}

export function toEvent(e: FilteredLogEvent): ContainerLogEvent {
  return {
    eventId: e.eventId ?? `${e.logStreamName}/${e.timestamp}/${e.message}`,
    stream: e.logStreamName ?? '',
    timestamp: e.timestamp ?? 0,
    message: (e.message ?? '').replace(/\n$/, ''),
  };
}

/**
 * Calls `onPage` with each page's events as it arrives (the terminal prints while later pages load);
 * returns how many calls it took. `onFirstPage` may end the read after the first call (returns false):
 * nothing of it is passed on then.
 */
export async function filterContainerLogs(
  aws: AwsClients,
  q: ContainerLogQuery,
  onPage: (events: ContainerLogEvent[]) => void,
  signal?: AbortSignal,
  onFirstPage?: () => boolean,
): Promise<number> {
  const client = await aws.logs();
  let nextToken: string | undefined;
  let calls = 0;
  do {
    const out = await client.send(
      new FilterLogEventsCommand({
        logGroupName: q.group,
        ...(q.streams ? { logStreamNames: q.streams } : {}),
        ...(!q.streams && q.streamPrefix ? { logStreamNamePrefix: q.streamPrefix } : {}),
        ...(q.filterPattern ? { filterPattern: q.filterPattern } : {}),
        startTime: q.startTime,
        ...(q.endTime !== undefined ? { endTime: q.endTime } : {}),
        nextToken,
      }),
      { abortSignal: signal },
    );
    calls += 1;
    if (calls === 1 && onFirstPage && !onFirstPage()) return calls;
    onPage((out.events ?? []).map(toEvent));
    nextToken = out.nextToken || undefined;
  } while (nextToken);
  return calls;
}

/**
 * How far two readings of AWS's clock through the SDK may differ without either being wrong: the Date
 * header carries whole seconds, and the reading is taken when the answer arrives, a round trip later.
 */
const CLOCK_READING_SLACK_MS = 2_000;

/**
 * Reads the events of the last `sinceMs` of AWS's clock (docs/aws-behaviour.md §12, "The clock rule"):
 * a machine whose clock is off by minutes must neither miss the window's first minutes nor show older
 * lines. The SDK learns AWS's clock from the Date header of the logs client's answers, and
 * FilterLogEvents is often the command's first call, so the first page is asked from the start as the
 * client knows it then, and its answer tells how far off that was: asked too early (this machine behind
 * AWS), the events before the start are dropped and no call is added; asked too late (ahead), that page
 * is set aside and the read starts over from the start on AWS's clock, before anything is printed.
 * Returns the start used (on AWS's clock) and the calls made.
 */
export async function filterContainerLogsSince(
  aws: AwsClients,
  q: Omit<ContainerLogQuery, 'startTime'>,
  sinceMs: number,
  onPage: (events: ContainerLogEvent[]) => void,
  signal?: AbortSignal,
): Promise<{ startTime: number; calls: number }> {
  const client = await aws.logs();
  const offset = () => client.config.systemClockOffset ?? 0;
  const before = offset();
  const asked = serviceNow(client) - sinceMs;
  let startTime = asked;
  let restart = false;
  const calls = await filterContainerLogs(
    aws,
    { ...q, startTime: asked },
    (events) => onPage(startTime > asked ? events.filter((e) => e.timestamp >= startTime) : events),
    signal,
    () => {
      const drift = offset() - before;
      if (Math.abs(drift) <= CLOCK_READING_SLACK_MS) return true;
      startTime = asked + drift;
      restart = drift < 0;
      return !restart;
    },
  );
  if (!restart) return { startTime, calls };
  return { startTime, calls: calls + (await filterContainerLogs(aws, { ...q, startTime }, onPage, signal)) };
}
