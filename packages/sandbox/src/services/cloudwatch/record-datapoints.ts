/**
 * How other sandbox services publish metrics (the data plane's `AWS/ApplicationELB`, `AWS/Lambda`...):
 * datapoints in any namespace, `AWS/` included, with the raw values kept so percentiles work.
 * Unlike PutMetricData, nothing here is a caller's input to validate.
 */
import type { Sandbox } from '../../core/types.js';
import type { Datapoint } from './state.js';
import { storePoint } from './store-point.js';

export type Dimensions = Array<{ Name: string; Value: string }> | Record<string, string>;

/**
 * Records values observed at `timestamp` (sandbox epoch ms) for a metric, aggregated into its
 * 60-second interval as CloudWatch stores standard-resolution data.
 */
export function recordDatapoints(
  sb: Sandbox,
  namespace: string,
  metricName: string,
  dimensions: Dimensions,
  timestamp: number,
  values: number[],
  unit?: string,
): void {
  if (values.length === 0) return;
  const dims = (
    Array.isArray(dimensions)
      ? dimensions.map((d) => ({ Name: d.Name, Value: d.Value }))
      : Object.entries(dimensions).map(([Name, Value]) => ({ Name, Value }))
  ).sort((a, b) => (a.Name < b.Name ? -1 : a.Name > b.Name ? 1 : 0));
  const point: Datapoint = [
    Math.floor(timestamp / 60_000) * 60_000,
    values.length,
    values.reduce((a, v) => a + v, 0),
    values.reduce((a, v) => Math.min(a, v), Infinity),
    values.reduce((a, v) => Math.max(a, v), -Infinity),
    unit !== undefined && unit !== 'None' ? unit : null,
    values.flatMap((v) => [v, 1]),
  ];
  storePoint(sb, { namespace, metricName, dimensions: dims }, point);
  sb.markDirty();
}
