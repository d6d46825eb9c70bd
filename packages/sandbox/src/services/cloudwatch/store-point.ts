/**
 * Where every datapoint lands, whether PutMetricData or another sandbox service recorded it: merged
 * into its storage interval's aggregate, metrics capped so a long-running sandbox stays small.
 */
import type { Sandbox } from '../../core/types.js';
import { type Datapoint, type Metric, metricKey } from './state.js';
import { cloudwatchState } from './validate.js';

/** Datapoints kept per metric (oldest dropped first). */
export const POINTS_PER_METRIC = 1440;
/** Raw samples kept per datapoint (`[value, count]` pairs); beyond this percentiles are unavailable. */
const SAMPLES_PER_POINT = 10_000;

/** Merges a point into its interval's aggregate (same start and unit) or inserts it in order. */
function merge(metric: Metric, point: Datapoint): void {
  const points = metric.points;
  const same = points.find((p) => p[0] === point[0] && (p[5] ?? null) === (point[5] ?? null));
  if (same) {
    same[1] += point[1];
    same[2] += point[2];
    same[3] = Math.min(same[3], point[3]);
    same[4] = Math.max(same[4], point[4]);
    const samples = same[6] && point[6] ? same[6].concat(point[6]) : undefined;
    // A statistic set mixed in (or too many samples) leaves the interval without percentiles.
    if (samples && samples.length <= 2 * SAMPLES_PER_POINT) same[6] = samples;
    else same.splice(6);
    return;
  }
  if (point[6] && point[6].length > 2 * SAMPLES_PER_POINT) point.splice(6);
  let i = points.length;
  while (i > 0 && points[i - 1]![0] > point[0]) i--;
  points.splice(i, 0, point);
  if (points.length > POINTS_PER_METRIC) points.splice(0, points.length - POINTS_PER_METRIC);
}

/** Stores one datapoint of a metric, creating the metric on first use. */
export function storePoint(
  sb: Sandbox,
  metric: Pick<Metric, 'namespace' | 'metricName' | 'dimensions'>,
  point: Datapoint,
): void {
  const metrics = cloudwatchState(sb).metrics;
  const key = metricKey(metric.namespace, metric.metricName, metric.dimensions);
  const now = sb.clock.now();
  metrics[key] ??= { ...metric, lastPutAt: now, points: [] };
  const target = metrics[key];
  target.lastPutAt = now;
  merge(target, point);
}
