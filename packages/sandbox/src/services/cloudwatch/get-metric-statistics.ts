/**
 * GetMetricStatistics, the older one-metric read: basic `Statistics` and percentile
 * `ExtendedStatistics` per Period, at most 1,440 datapoints per call, in any namespace.
 */
import { AwsError } from '../../core/aws-error.js';
import type { OperationHandler } from '../../core/types.js';
import { BASIC_STATS, buckets, parseStat, type Stat, statOf } from './aggregate.js';
import { checkDimensions, checkNamespace, STANDARD_UNITS } from './put-metric-data.js';
import { metricKey } from './state.js';
import { checkPeriod, cloudwatchState, epochMs, invalidValue, missing } from './validate.js';

const MAX_DATAPOINTS = 1440;

function listOf(value: unknown): unknown[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

/** The requested statistics, checked: 1–5 basic ones, 1–10 percentiles, at least one of the two. */
function requestedStats(input: any): { basic: Stat[]; extended: Array<Stat & { name: string }> } {
  const basic = listOf(input.Statistics);
  const extended = listOf(input.ExtendedStatistics);
  if (basic.length === 0 && extended.length === 0)
    throw new AwsError(
      'InvalidParameterCombination',
      'Must specify either Statistics or ExtendedStatistics.',
    );
  if (basic.length > 5)
    throw new AwsError(
      'InvalidParameterValue',
      'The collection Statistics must not have a size greater than 5.',
    );
  if (extended.length > 10)
    throw new AwsError(
      'InvalidParameterValue',
      'The collection ExtendedStatistics must not have a size greater than 10.',
    );
  return {
    basic: basic.map((s, i) => {
      if (!(BASIC_STATS as readonly unknown[]).includes(s))
        throw invalidValue(String(s), `Statistics.member.${i + 1}`);
      return parseStat(s)!;
    }),
    extended: extended.map((s, i) => {
      const stat = parseStat(s);
      if (!stat || !('percentile' in stat))
        throw invalidValue(String(s), `ExtendedStatistics.member.${i + 1}`);
      return stat;
    }),
  };
}

export const getMetricStatistics: OperationHandler = (input, { sb }) => {
  const namespace = checkNamespace(input.Namespace, 'Namespace', 'accept');
  if (input.MetricName === undefined) throw missing('MetricName');
  const metricName = String(input.MetricName);
  const dimensions = checkDimensions(input.Dimensions, 'Dimensions', true);
  const start = epochMs(input.StartTime, 'StartTime');
  const end = epochMs(input.EndTime, 'EndTime');
  const period = checkPeriod(input.Period, 'Period');
  const { basic, extended } = requestedStats(input);
  if (input.Unit !== undefined && !STANDARD_UNITS.includes(String(input.Unit)))
    throw invalidValue(String(input.Unit), 'Unit');
  if (start >= end)
    throw new AwsError(
      'InvalidParameterValue',
      'The parameter StartTime must be less than the parameter EndTime.',
    );
  const requested = Math.ceil((end - start) / (period * 1000));
  if (requested > MAX_DATAPOINTS)
    throw new AwsError(
      'InvalidParameterCombination',
      `You have requested up to ${requested} datapoints, which exceeds the limit of ${MAX_DATAPOINTS}. You may reduce the datapoints requested by increasing Period, or decreasing the time range.`,
    );
  const metric = cloudwatchState(sb).metrics[metricKey(namespace, metricName, dimensions)];
  const unit = input.Unit === undefined ? undefined : String(input.Unit);
  const datapoints = [...buckets(metric, start, end, period * 1000, unit)].map(([ts, b]) => {
    const point: Record<string, unknown> = { Timestamp: new Date(ts), Unit: b.unit };
    for (const stat of basic) if ('basic' in stat) point[stat.basic] = statOf(b, stat);
    const percentiles = extended.flatMap((stat) => {
      const v = statOf(b, stat);
      return v === undefined ? [] : [[stat.name, v] as const];
    });
    // A percentile that cannot be computed is left out, like a datapoint that has no value.
    if (percentiles.length > 0) point.ExtendedStatistics = Object.fromEntries(percentiles);
    return point;
  });
  return { Label: metricName, Datapoints: datapoints };
};
