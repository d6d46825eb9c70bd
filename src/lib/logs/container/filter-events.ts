/**
 * Reads a service's container log events for a window with FilterLogEvents: every page (nextToken),
 * streams of all tasks interleaved by time as AWS returns them (docs/aws-behaviour.md §12,
 * "FilterLogEvents").
 */
import { type FilteredLogEvent, FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import type { AwsClients } from '../../aws/clients.js';

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
 * returns how many calls it took.
 */
export async function filterContainerLogs(
  aws: AwsClients,
  q: ContainerLogQuery,
  onPage: (events: ContainerLogEvent[]) => void,
  signal?: AbortSignal,
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
    onPage((out.events ?? []).map(toEvent));
    nextToken = out.nextToken || undefined;
  } while (nextToken);
  return calls;
}
