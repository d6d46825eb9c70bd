/**
 * PutMetricData with CloudWatch's limits: namespace rules (no `:` start, `AWS/` reserved), ≤1000
 * datums, ≤30 dimensions, Value xor Values/Counts xor StatisticValues, no NaN/Inf, |v| ≤ 2^360,
 * timestamps from two weeks back to two hours ahead, StorageResolution 1|60, standard units.
 */
import { AwsError } from '../../core/aws-error.js';
import type { OperationHandler, Sandbox } from '../../core/types.js';
import type { Datapoint, Metric } from './state.js';
import { storePoint } from './store-point.js';
import { invalidValue, missing } from './validate.js';

const TWO_WEEKS_MS = 14 * 24 * 3600_000;
const TWO_HOURS_MS = 2 * 3600_000;
const MAX_MAGNITUDE = 2 ** 360;

export const STANDARD_UNITS = [
  'Seconds',
  'Microseconds',
  'Milliseconds',
  'Bytes',
  'Kilobytes',
  'Megabytes',
  'Gigabytes',
  'Terabytes',
  'Bits',
  'Kilobits',
  'Megabits',
  'Gigabits',
  'Terabits',
  'Percent',
  'Count',
  'Bytes/Second',
  'Kilobytes/Second',
  'Megabytes/Second',
  'Gigabytes/Second',
  'Terabytes/Second',
  'Bits/Second',
  'Kilobits/Second',
  'Megabits/Second',
  'Gigabits/Second',
  'Terabits/Second',
  'Count/Second',
  'None',
];

/**
 * Namespace: 1–255 printable ASCII characters, not starting with `:`; writing refuses AWS's own
 * `AWS/` (`reserved: 'refuse'`), reading accepts it.
 */
export function checkNamespace(
  value: unknown,
  parameter = 'Namespace',
  reserved: 'refuse' | 'accept' = 'refuse',
): string {
  if (value === undefined || value === null) throw missing(parameter);
  const ns = String(value);
  if (ns.length < 1 || ns.length > 255 || ns.startsWith(':') || !/^[\x20-\x7e]+$/.test(ns))
    throw invalidValue(ns, parameter);
  if (reserved === 'refuse' && ns.startsWith('AWS/')) throw invalidValue('AWS/', parameter);
  return ns;
}

/** A JSON double as the SDK sends it: a number, or the strings NaN/Infinity/-Infinity. */
function finiteValue(value: unknown, parameter: string): number {
  const n = typeof value === 'number' ? value : Number(value);
  if (typeof value === 'boolean' || !Number.isFinite(n) || Math.abs(n) > MAX_MAGNITUDE)
    throw invalidValue(String(value), parameter);
  return n;
}

export function checkDimensions(value: unknown, prefix: string, requireValue: boolean): Metric['dimensions'] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw invalidValue(String(value), prefix);
  if (value.length > 30)
    throw new AwsError(
      'InvalidParameterValue',
      `The collection ${prefix} must not have a size greater than 30.`,
    );
  const seen = new Set<string>();
  return value
    .map((d: any, i: number) => {
      const at = `${prefix}.member.${i + 1}`;
      if (d?.Name === undefined) throw missing(`${at}.Name`);
      const name = String(d.Name);
      if (name.length < 1 || name.length > 255) throw invalidValue(name, `${at}.Name`);
      if (d.Value === undefined && requireValue) throw missing(`${at}.Value`);
      const val = d.Value === undefined ? undefined : String(d.Value);
      if (val !== undefined && (val.length < 1 || val.length > 1024)) throw invalidValue(val, `${at}.Value`);
      if (seen.has(name))
        throw new AwsError(
          'InvalidParameterValue',
          `No Metric may specify the same dimension name twice: ${name}.`,
        );
      seen.add(name);
      return { Name: name, Value: val as string };
    })
    .sort((a, b) => (a.Name < b.Name ? -1 : a.Name > b.Name ? 1 : 0));
}

interface Sample {
  count: number;
  sum: number;
  min: number;
  max: number;
  /** False for a statistic set whose values are unknown (percentiles cannot use it). */
  raw: boolean;
}

/** The samples one datum carries, validated. */
function samplesOf(datum: any, at: string): Sample[] {
  const hasValue = datum.Value !== undefined;
  const hasValues = datum.Values !== undefined;
  const hasStats = datum.StatisticValues !== undefined;
  if (hasValue && hasStats)
    throw new AwsError(
      'InvalidParameterCombination',
      `The parameters ${at}.Value and ${at}.StatisticValues are mutually exclusive and you have specified both.`,
    );
  if (hasValue && hasValues)
    throw new AwsError(
      'InvalidParameterCombination',
      `The parameters ${at}.Value and ${at}.Values are mutually exclusive and you have specified both.`,
    );
  if (hasValues && hasStats)
    throw new AwsError(
      'InvalidParameterCombination',
      `The parameters ${at}.Values and ${at}.StatisticValues are mutually exclusive and you have specified both.`,
    );
  if (datum.Counts !== undefined && !hasValues)
    throw new AwsError('InvalidParameterCombination', `The parameter ${at}.Counts requires ${at}.Values.`);
  if (hasValue) {
    const v = finiteValue(datum.Value, `${at}.Value`);
    return [{ count: 1, sum: v, min: v, max: v, raw: true }];
  }
  if (hasStats) {
    const s = datum.StatisticValues;
    for (const field of ['SampleCount', 'Sum', 'Minimum', 'Maximum'])
      if (s?.[field] === undefined) throw missing(`${at}.StatisticValues.${field}`);
    const stat = {
      count: finiteValue(s.SampleCount, `${at}.StatisticValues.SampleCount`),
      sum: finiteValue(s.Sum, `${at}.StatisticValues.Sum`),
      min: finiteValue(s.Minimum, `${at}.StatisticValues.Minimum`),
      max: finiteValue(s.Maximum, `${at}.StatisticValues.Maximum`),
    };
    if (stat.count <= 0) throw invalidValue(String(s.SampleCount), `${at}.StatisticValues.SampleCount`);
    if (stat.min > stat.max)
      throw new AwsError(
        'InvalidParameterValue',
        `The parameter ${at}.StatisticValues.Minimum must not be greater than ${at}.StatisticValues.Maximum.`,
      );
    // CloudWatch can still give percentiles for a set of one value, or of equal values.
    return [{ ...stat, raw: stat.count === 1 || stat.min === stat.max }];
  }
  if (hasValues) {
    const values: unknown[] = Array.isArray(datum.Values) ? datum.Values : [datum.Values];
    const counts: unknown[] | undefined = datum.Counts === undefined ? undefined : [datum.Counts].flat();
    if (values.length > 150)
      throw new AwsError(
        'InvalidParameterValue',
        `The collection ${at}.Values must not have a size greater than 150.`,
      );
    if (counts && counts.length !== values.length)
      throw new AwsError(
        'InvalidParameterValue',
        `The parameters ${at}.Values and ${at}.Counts must be of the same size.`,
      );
    const samples = values.map((raw, i) => {
      const v = finiteValue(raw, `${at}.Values.member.${i + 1}`);
      const c = counts ? finiteValue(counts[i], `${at}.Counts.member.${i + 1}`) : 1;
      if (c < 0) throw invalidValue(String(counts?.[i]), `${at}.Counts.member.${i + 1}`);
      return { count: c, sum: v * c, min: v, max: v, raw: true };
    });
    // A value counted zero times was not observed.
    return samples.filter((s) => s.count > 0);
  }
  throw missing(`${at}.Value`);
}

/** Timestamp (epoch seconds in JSON) within CloudWatch's window, in sandbox ms. */
function timestampOf(value: unknown, at: string, now: number): number {
  if (value === undefined) return now;
  const ms = typeof value === 'number' ? value * 1000 : Date.parse(String(value));
  if (!Number.isFinite(ms)) throw invalidValue(String(value), `${at}.Timestamp`);
  if (ms < now - TWO_WEEKS_MS)
    throw new AwsError(
      'InvalidParameterValue',
      `The parameter ${at}.Timestamp must specify a time no more than two weeks in the past.`,
    );
  if (ms > now + TWO_HOURS_MS)
    throw new AwsError(
      'InvalidParameterValue',
      `The parameter ${at}.Timestamp must specify a time no more than two hours in the future.`,
    );
  return ms;
}

interface CheckedDatum {
  metric: Omit<Metric, 'points' | 'lastPutAt'>;
  point: Datapoint;
}

function checkDatum(sb: Sandbox, namespace: string, datum: any, at: string): CheckedDatum | undefined {
  if (datum?.MetricName === undefined) throw missing(`${at}.MetricName`);
  const metricName = String(datum.MetricName);
  if (metricName.length < 1 || metricName.length > 255) throw invalidValue(metricName, `${at}.MetricName`);
  const dimensions = checkDimensions(datum.Dimensions, `${at}.Dimensions`, true);
  if (datum.Unit !== undefined && !STANDARD_UNITS.includes(String(datum.Unit)))
    throw invalidValue(String(datum.Unit), `${at}.Unit`);
  const resolution = datum.StorageResolution === undefined ? 60 : Number(datum.StorageResolution);
  if (resolution !== 1 && resolution !== 60)
    throw invalidValue(String(datum.StorageResolution), `${at}.StorageResolution`);
  const ts = timestampOf(datum.Timestamp, at, sb.clock.now());
  const samples = samplesOf(datum, at);
  if (samples.length === 0) return undefined;
  const interval = resolution * 1000;
  const point: Datapoint = [
    Math.floor(ts / interval) * interval,
    samples.reduce((a, s) => a + s.count, 0),
    samples.reduce((a, s) => a + s.sum, 0),
    Math.min(...samples.map((s) => s.min)),
    Math.max(...samples.map((s) => s.max)),
  ];
  const unit = datum.Unit !== undefined && datum.Unit !== 'None' ? String(datum.Unit) : null;
  if (samples.every((s) => s.raw))
    point.push(
      unit,
      samples.flatMap((s) => [s.min, s.count]),
    );
  else if (unit !== null) point.push(unit);
  return {
    metric: { namespace, metricName, dimensions },
    point,
  };
}

/** A request's datums with the names errors give them: `MetricData.member.N`, or inside `EntityMetricData`. */
function datumsOf(input: any): Array<{ datum: unknown; at: string }> {
  const asArray = (v: unknown): unknown[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
  const datums = asArray(input.MetricData).map((datum, i) => ({ datum, at: `MetricData.member.${i + 1}` }));
  for (const [e, entity] of asArray(input.EntityMetricData).entries()) {
    const data = asArray((entity as any)?.MetricData);
    if (data.length === 0) throw missing(`EntityMetricData.member.${e + 1}.MetricData`);
    for (const [i, datum] of data.entries())
      datums.push({ datum, at: `EntityMetricData.member.${e + 1}.MetricData.member.${i + 1}` });
  }
  return datums;
}

export const putMetricData: OperationHandler = (input, { sb }) => {
  const namespace = checkNamespace(input.Namespace);
  if (input.MetricData === undefined && input.EntityMetricData === undefined) throw missing('MetricData');
  const datums = datumsOf(input);
  if (datums.length > 1000)
    throw new AwsError(
      'InvalidParameterValue',
      'The collection MetricData must not have a size greater than 1000.',
    );
  // Validate everything before storing anything: a bad datum rejects the whole request.
  const checked = datums.map(({ datum, at }) => checkDatum(sb, namespace, datum, at));
  for (const entry of checked) if (entry) storePoint(sb, entry.metric, entry.point);
  sb.markDirty();
  return {};
};
