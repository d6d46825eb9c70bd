/**
 * One source's requests within a span of sandbox time: evenly spaced at `rps` from the source's start,
 * over its URLs in turn, each from one of a few client addresses. Request n is sent at
 * `startedAt + n * 1000 / rps` whatever the slicing, so catch-up and live simulation agree.
 */
import type { TrafficRequest, TrafficSpec } from '../types.js';
import type { DataplaneParts } from './parts.js';
import { mulberry32, seedOf } from './prng.js';

/** Client addresses per source: API Gateway's VPC link (or any caller) uses a few ENIs. */
const CLIENTS = 8;
/** Linux's default ephemeral port range, as a client's kernel picks source ports. */
const PORT_LOW = 32768;
const PORT_HIGH = 60999;

export interface SourceBatch {
  source: TrafficSpec;
  requests: TrafficRequest[];
  /** The source's draws for this batch: client choice here, then the router's. */
  random: () => number;
}

/** When the source stops sending (sandbox ms), or Infinity. */
export function sourceEnd(source: TrafficSpec): number {
  return source.durationMs === undefined ? Number.POSITIVE_INFINITY : source.startedAt + source.durationMs;
}

/** The index of the first request sent at or after `t`. */
function firstIndexAt(source: TrafficSpec, t: number): number {
  if (t <= source.startedAt) return 0;
  return Math.ceil(((t - source.startedAt) * source.rps) / 1000 - 1e-9);
}

function clientIp(seed: number, k: number): string {
  return `10.0.${100 + (seed % 100)}.${10 + k}`;
}

/** The source's requests sent in [from, to). */
export function sourceRequests(
  source: TrafficSpec,
  from: number,
  to: number,
  parts: Pick<DataplaneParts, 'requestFromUrl'>,
): SourceBatch {
  const stop = Math.min(to, sourceEnd(source));
  const first = firstIndexAt(source, from);
  const end = stop <= from ? first : firstIndexAt(source, stop);
  const seed = seedOf(source.id);
  const random = mulberry32((seed ^ Math.imul(first, 0x9e3779b1)) >>> 0);
  const requests: TrafficRequest[] = [];
  if (end <= first) return { source, requests, random };
  // Each URL parsed once per batch; the requests differ only in time and client address.
  const bases = source.urls.map((url) =>
    parts.requestFromUrl(url, {
      method: source.method,
      headers: source.headers,
      entry: source.entry,
      at: source.startedAt,
      clientIp: clientIp(seed, 0),
      clientPort: PORT_LOW,
    }),
  );
  for (let n = first; n < end; n++) {
    const client = Math.floor(random() * CLIENTS);
    const clientPort = PORT_LOW + Math.floor(random() * (PORT_HIGH - PORT_LOW + 1));
    requests.push({
      ...bases[n % bases.length]!,
      at: source.startedAt + Math.floor((n * 1000) / source.rps),
      clientIp: clientIp(seed, client),
      clientPort,
    });
  }
  return { source, requests, random };
}
