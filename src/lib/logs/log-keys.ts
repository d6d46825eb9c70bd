/**
 * Where ELB writes a load balancer's access-log objects and what their keys say (docs/aws-behaviour.md
 * §12): `[prefix/]AWSLogs/<account>/elasticloadbalancing/<region>/yyyy/mm/dd/` then
 * `<account>_elasticloadbalancing_<region>_<app|net>.<name>.<id>_<yyyymmddThhmmZ>_…log.gz`, where the
 * time is the end of the file's 5-minute interval. Keys of one load balancer in one day folder sort by
 * that time, so a listing can start after the window's start and stop past its end.
 */
import type { LogWindow } from './log-window.js';

/** One load balancer's logs: the bucket, its prefix and the parts of every key. */
export interface LogLocation {
  bucket: string;
  /** `access_logs.s3.prefix`; '' for none. */
  prefix: string;
  account: string;
  region: string;
  /** The ARN's tail after `loadbalancer/`: `app/<name>/<id>` or `net/<name>/<id>`. */
  loadBalancerId: string;
}

/** One ListObjectsV2 per day folder: the prefix (the folder and the load balancer's file stem) and StartAfter. */
export interface DayListing {
  prefix: string;
  startAfter: string;
}

/** A file covers the 5 minutes before its end time. */
export const FILE_INTERVAL_MS = 5 * 60_000;

const pad = (n: number) => String(n).padStart(2, '0');

/** `yyyy/mm/dd/` of a UTC day. */
export function dayFolder(ms: number): string {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}/${pad(d.getUTCMonth() + 1)}/${pad(d.getUTCDate())}/`;
}

/** `yyyymmddThhmmZ`, as the key's end time is written. */
export function keyTime(ms: number): string {
  const d = new Date(ms);
  return (
    `${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}` +
    `T${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}Z`
  );
}

/** `[prefix/]AWSLogs/<account>/elasticloadbalancing/<region>/`. */
export function logRoot(loc: LogLocation): string {
  return `${loc.prefix ? `${loc.prefix}/` : ''}AWSLogs/${loc.account}/elasticloadbalancing/${loc.region}/`;
}

/** The start of every file name of this load balancer, up to its end time. */
export function fileStem(loc: LogLocation): string {
  return `${loc.account}_elasticloadbalancing_${loc.region}_${loc.loadBalancerId.replaceAll('/', '.')}_`;
}

/**
 * The listings that find every file with lines in the window: each day folder from the window's start
 * to the day a file ending just after the window's end is delivered in (the folder is the delivery
 * date), each starting after the window's start minute. A file that ends before the window starts has
 * no line in it; one ending in the start's minute sorts after the StartAfter key and is read.
 */
export function dayListings(loc: LogLocation, w: LogWindow): DayListing[] {
  const root = logRoot(loc);
  const stem = fileStem(loc);
  const first = Date.UTC(...utcDay(w.start));
  const lastDay = w.end + FILE_INTERVAL_MS;
  const out: DayListing[] = [];
  for (let day = first; day <= lastDay; day += 86_400_000) {
    const prefix = `${root}${dayFolder(day)}${stem}`;
    out.push({ prefix, startAfter: `${prefix}${keyTime(w.start)}` });
  }
  return out;
}

function utcDay(ms: number): [number, number, number] {
  const d = new Date(ms);
  return [d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()];
}

/** The key's end time (`yyyymmddThhmmZ`) as it follows the stem, or undefined when the key has none. */
export function endTimeOfKey(key: string, stem: string): string | undefined {
  const at = key.lastIndexOf(stem);
  if (at < 0) return undefined;
  const t = key.slice(at + stem.length, at + stem.length + 14);
  return /^\d{8}T\d{4}Z$/.test(t) ? t : undefined;
}

/** The latest end time a file with lines in the window can carry. */
export function lastUsefulKeyTime(w: LogWindow): string {
  return keyTime(w.end + FILE_INTERVAL_MS);
}
