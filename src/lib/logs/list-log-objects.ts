/**
 * Lists the log objects of a window without listing the bucket: one ListObjectsV2 per day folder,
 * narrowed to the load balancer's file stem, starting after the window's start minute and stopping at
 * the first key past the window's end (log-keys.ts has the key math).
 */
import type { AwsClients } from '../aws/clients.js';
import { type ListedObject, listObjectsAfter } from '../aws/s3.js';
import { dayListings, endTimeOfKey, fileStem, type LogLocation, lastUsefulKeyTime } from './log-keys.js';
import type { LogWindow } from './log-window.js';

/** The objects that may hold lines of the window, in key order (day by day, then end time). */
export async function listLogObjects(
  aws: AwsClients,
  loc: LogLocation,
  w: LogWindow,
): Promise<ListedObject[]> {
  const stem = fileStem(loc);
  const last = lastUsefulKeyTime(w);
  const days = await Promise.all(
    dayListings(loc, w).map((d) =>
      listObjectsAfter(aws, loc.bucket, d.prefix, d.startAfter, (key) => {
        const t = endTimeOfKey(key, stem);
        return t === undefined || t <= last;
      }),
    ),
  );
  return days.flat();
}
