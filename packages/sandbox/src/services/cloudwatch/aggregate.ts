/**
 * Turning stored datapoints into statistics per Period, shared by GetMetricData and
 * GetMetricStatistics: the five basic statistics and percentiles (`p99`, `p99.9`) computed from the
 * raw samples each datapoint keeps.
 */
import type { Datapoint, Metric } from './state.js';

export const BASIC_STATS = ['SampleCount', 'Sum', 'Average', 'Minimum', 'Maximum'] as const;
export type BasicStat = (typeof BASIC_STATS)[number];
/** A statistic: one of the basic five, or a percentile in 0..100. */
export type Stat = { basic: BasicStat } | { percentile: number; name: string };

/** `p0`–`p100` with up to two decimals, as CloudWatch's percentile syntax. */
export function parseStat(value: unknown): Stat | undefined {
  const text = String(value);
  if ((BASIC_STATS as readonly string[]).includes(text)) return { basic: text as BasicStat };
  const m = /^p(\d{1,3}(?:\.\d{1,2})?)$/.exec(text);
  if (!m) return undefined;
  const p = Number(m[1]);
  return p >= 0 && p <= 100 ? { percentile: p, name: text } : undefined;
}

export interface Bucket {
  count: number;
  sum: number;
  min: number;
  max: number;
  /** `[value, count...]` of every sample, or undefined when one point had none (a statistic set). */
  samples: number[] | undefined;
  unit: string;
}

/** The unit a point was stored with (`None` when none). */
export function unitOf(point: Datapoint): string {
  return point[5] ?? 'None';
}

/** A metric's points within [start, end), in Period buckets keyed by bucket start (sandbox ms). */
export function buckets(
  metric: Metric | undefined,
  start: number,
  end: number,
  periodMs: number,
  unit: string | undefined,
): Map<number, Bucket> {
  const out = new Map<number, Bucket>();
  for (const point of metric?.points ?? []) {
    const [ts, count, sum, min, max] = point;
    if (ts < start || ts >= end) continue;
    if (unit !== undefined && unitOf(point) !== unit) continue;
    const at = Math.floor(ts / periodMs) * periodMs;
    const b = out.get(at);
    const samples = point[6];
    if (!b) {
      out.set(at, { count, sum, min, max, samples: samples ? [...samples] : undefined, unit: unitOf(point) });
      continue;
    }
    b.count += count;
    b.sum += sum;
    b.min = Math.min(b.min, min);
    b.max = Math.max(b.max, max);
    b.samples = b.samples && samples ? b.samples.concat(samples) : undefined;
  }
  return out;
}

/**
 * The nearest-rank percentile of a bucket's samples. Undefined when it cannot be computed, as
 * CloudWatch answers no datapoint: data published as statistic sets, or any negative value.
 */
function percentile(b: Bucket, p: number): number | undefined {
  if (!b.samples || b.samples.length === 0) return undefined;
  const pairs: Array<[number, number]> = [];
  for (let i = 0; i < b.samples.length; i += 2) pairs.push([b.samples[i]!, b.samples[i + 1]!]);
  if (pairs.some(([v]) => v < 0)) return undefined;
  pairs.sort((x, y) => x[0] - y[0]);
  const total = pairs.reduce((a, [, c]) => a + c, 0);
  const rank = Math.max(1, Math.ceil((p / 100) * total));
  let seen = 0;
  for (const [v, c] of pairs) {
    seen += c;
    if (seen >= rank) return v;
  }
  return pairs.at(-1)![0];
}

/** One statistic of a bucket, or undefined when CloudWatch would report no value. */
export function statOf(b: Bucket, stat: Stat): number | undefined {
  if ('percentile' in stat) return percentile(b, stat.percentile);
  switch (stat.basic) {
    case 'SampleCount':
      return b.count;
    case 'Sum':
      return b.sum;
    case 'Average':
      return b.sum / b.count;
    case 'Minimum':
      return b.min;
    case 'Maximum':
      return b.max;
  }
}
