/**
 * `--follow`: polls FilterLogEvents from the newest timestamp seen, prints only events not seen before
 * (by eventId: the start is inclusive, and events arrive late with earlier timestamps), and backs off
 * from 1 s to 10 s while nothing new arrives. Ends without error when the signal aborts (Ctrl-C).
 */
import type { AwsClients } from '../../aws/clients.js';
import { sleep } from '../../sleep.js';
import { type ContainerLogEvent, type ContainerLogQuery, filterContainerLogs } from './filter-events.js';

export const FOLLOW_MIN_MS = 1_000;
export const FOLLOW_MAX_MS = 10_000;
/** Events can land this long after their timestamp; each poll looks back so far (dedup keeps it quiet). */
const LATE_MS = 30_000;

/** The next pause: back to the minimum after news, else doubled up to the maximum. */
export function nextDelay(current: number, gotNew: boolean): number {
  return gotNew ? FOLLOW_MIN_MS : Math.min(FOLLOW_MAX_MS, current * 2);
}

export async function followContainerLogs(
  aws: AwsClients,
  query: ContainerLogQuery,
  seen: Set<string>,
  lastTimestamp: number,
  print: (events: ContainerLogEvent[]) => void,
  signal: AbortSignal,
): Promise<void> {
  let delay = FOLLOW_MIN_MS;
  let newest = lastTimestamp;
  try {
    for (;;) {
      await sleep(delay, signal);
      const fresh: ContainerLogEvent[] = [];
      await filterContainerLogs(
        aws,
        { ...query, startTime: Math.max(query.startTime, newest - LATE_MS), endTime: undefined },
        (events) => {
          for (const e of events)
            if (!seen.has(e.eventId)) {
              seen.add(e.eventId);
              fresh.push(e);
            }
        },
        signal,
      );
      fresh.sort((a, b) => a.timestamp - b.timestamp);
      if (fresh.length) {
        newest = Math.max(newest, fresh[fresh.length - 1]!.timestamp);
        print(fresh);
      }
      delay = nextDelay(delay, fresh.length > 0);
    }
  } catch (err) {
    if (signal.aborted) return;
    throw err;
  }
}
