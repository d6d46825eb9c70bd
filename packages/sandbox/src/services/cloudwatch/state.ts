/**
 * CloudWatch state: metrics and their datapoints, kept compact. Datapoints are pre-aggregated per
 * storage interval (1 s high resolution, 60 s standard), as CloudWatch stores them, and capped per
 * metric so a long-running sandbox stays small.
 */
import type { Sandbox } from '../../core/types.js';

/**
 * `[timestamp ms (interval start), sampleCount, sum, minimum, maximum, unit?, samples?]`: unit is
 * `null` when absent and samples follow; samples are the raw values as `[value, count, value,
 * count...]`, kept so percentiles can be computed. A point without samples came from a statistic set
 * percentiles cannot use.
 */
export type Datapoint = [number, number, number, number, number, (string | null)?, number[]?];

export interface Metric {
  namespace: string;
  metricName: string;
  /** Sorted by name, as CloudWatch identifies a metric by its dimension set. */
  dimensions: Array<{ Name: string; Value: string }>;
  /** Sandbox ms of the last PutMetricData (ListMetrics RecentlyActive). */
  lastPutAt: number;
  /** Ordered by timestamp. */
  points: Datapoint[];
}

export interface CloudWatchState {
  /** Keyed by `metricKey()`. */
  metrics: Record<string, Metric>;
}

export function emptyCloudWatchState(): CloudWatchState {
  return { metrics: {} };
}

/** Where CloudWatch keeps its state in the sandbox state (and in a state file). */
export const CLOUDWATCH_STATE_KEY = 'cloudwatch';

/** The CloudWatch state of a sandbox. */
export function cloudWatchState(sb: Sandbox): CloudWatchState {
  return sb.state[CLOUDWATCH_STATE_KEY] as CloudWatchState;
}

/** One key per namespace, name and dimension set. */
export function metricKey(namespace: string, metricName: string, dimensions: Metric['dimensions']): string {
  return JSON.stringify([namespace, metricName, dimensions.map((d) => [d.Name, d.Value])]);
}
