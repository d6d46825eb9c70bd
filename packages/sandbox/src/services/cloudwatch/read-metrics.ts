/**
 * Reading metrics back, in any namespace (AWS's own `AWS/` included): GetMetricData (MetricStat
 * queries: Sum, Average, Minimum, Maximum, SampleCount and percentiles per Period) and ListMetrics
 * (namespace, name and dimension filters, paged).
 */
import { AwsError } from '../../core/aws-error.js';
import type { OperationHandler, Sandbox } from '../../core/types.js';
import { buckets, parseStat, type Stat, statOf } from './aggregate.js';
import { checkDimensions, checkNamespace, STANDARD_UNITS } from './put-metric-data.js';
import { type Metric, metricKey } from './state.js';
import { checkPeriod, cloudwatchState, epochMs, invalidValue, missing } from './validate.js';

const TWO_WEEKS_MS = 14 * 24 * 3600_000;
const LIST_PAGE = 500;

interface Query {
  id: string;
  label: string;
  metric?: Metric;
  periodMs: number;
  stat: Stat;
  unit?: string;
  returnData: boolean;
}

function checkQuery(sb: Sandbox, q: any, i: number): Query {
  const at = `MetricDataQueries.member.${i + 1}`;
  if (q?.Id === undefined) throw missing(`${at}.Id`);
  const id = String(q.Id);
  if (!/^[a-z][a-zA-Z0-9_]{0,254}$/.test(id)) throw invalidValue(id, `${at}.Id`);
  if (q.Expression !== undefined)
    throw new AwsError(
      'InvalidParameterValue',
      `${at}.Expression: metric math is not modelled by the sandbox.`,
    );
  if (q.MetricStat === undefined) throw missing(`${at}.MetricStat`);
  const stat = q.MetricStat;
  const m = stat.Metric ?? {};
  const namespace = checkNamespace(m.Namespace, `${at}.MetricStat.Metric.Namespace`, 'accept');
  if (m.MetricName === undefined) throw missing(`${at}.MetricStat.Metric.MetricName`);
  const dimensions = checkDimensions(m.Dimensions, `${at}.MetricStat.Metric.Dimensions`, true);
  const period = checkPeriod(stat.Period, `${at}.MetricStat.Period`);
  if (stat.Stat === undefined) throw missing(`${at}.MetricStat.Stat`);
  const parsed = parseStat(stat.Stat);
  if (!parsed) throw invalidValue(String(stat.Stat), `${at}.MetricStat.Stat`);
  if (stat.Unit !== undefined && !STANDARD_UNITS.includes(String(stat.Unit)))
    throw invalidValue(String(stat.Unit), `${at}.MetricStat.Unit`);
  const key = metricKey(namespace, String(m.MetricName), dimensions);
  return {
    id,
    label: q.Label === undefined ? String(m.MetricName) : String(q.Label),
    metric: cloudwatchState(sb).metrics[key],
    periodMs: period * 1000,
    stat: parsed,
    unit: stat.Unit === undefined ? undefined : String(stat.Unit),
    returnData: q.ReturnData !== false,
  };
}

/** A query's values per Period within [start, end), in the order ScanBy asks for. */
function series(query: Query, start: number, end: number, ascending: boolean): Array<[number, number]> {
  const rows: Array<[number, number]> = [];
  for (const [ts, b] of buckets(query.metric, start, end, query.periodMs, query.unit)) {
    const v = statOf(b, query.stat);
    if (v !== undefined) rows.push([ts, v]);
  }
  return rows.sort((a, b) => (ascending ? a[0] - b[0] : b[0] - a[0]));
}

const getMetricData: OperationHandler = (input, { sb }) => {
  const raw = input.MetricDataQueries;
  if (!Array.isArray(raw) || raw.length === 0) throw missing('MetricDataQueries');
  if (raw.length > 500)
    throw new AwsError(
      'InvalidParameterValue',
      'The collection MetricDataQueries must not have a size greater than 500.',
    );
  const queries = raw.map((q, i) => checkQuery(sb, q, i));
  if (new Set(queries.map((q) => q.id)).size !== queries.length)
    throw new AwsError(
      'InvalidParameterValue',
      'The values for parameter id in MetricDataQueries are not unique.',
    );
  const start = epochMs(input.StartTime, 'StartTime');
  const end = epochMs(input.EndTime, 'EndTime');
  if (start >= end)
    throw new AwsError(
      'InvalidParameterValue',
      'The parameter StartTime must be less than the parameter EndTime.',
    );
  if (input.ScanBy !== undefined && !['TimestampDescending', 'TimestampAscending'].includes(input.ScanBy))
    throw invalidValue(String(input.ScanBy), 'ScanBy');
  const max = input.MaxDatapoints === undefined ? 100800 : Number(input.MaxDatapoints);
  if (!Number.isInteger(max) || max < 1) throw invalidValue(String(input.MaxDatapoints), 'MaxDatapoints');
  let skip = 0;
  if (input.NextToken !== undefined) {
    skip = Number(Buffer.from(String(input.NextToken), 'base64url').toString());
    if (!Number.isInteger(skip) || skip < 0)
      throw new AwsError('InvalidNextToken', 'The service found NextToken invalid.');
  }
  // Datapoints are numbered across all queries; a page is the next MaxDatapoints of them.
  let position = 0;
  let truncated = false;
  const results = queries
    .filter((q) => q.returnData)
    .map((q) => {
      const rows = series(q, start, end, input.ScanBy === 'TimestampAscending').filter(() => {
        const inPage = position >= skip && position < skip + max;
        if (position >= skip + max) truncated = true;
        position++;
        return inPage;
      });
      return {
        Id: q.id,
        Label: q.label,
        Timestamps: rows.map(([ts]) => new Date(ts)),
        Values: rows.map(([, v]) => v),
        StatusCode: truncated ? 'PartialData' : 'Complete',
        Messages: [],
      };
    });
  return {
    MetricDataResults: results,
    NextToken: truncated ? Buffer.from(String(skip + max)).toString('base64url') : undefined,
    Messages: [],
  };
};

const listMetrics: OperationHandler = (input, { sb }) => {
  const namespace = input.Namespace === undefined ? undefined : String(input.Namespace);
  const metricName = input.MetricName === undefined ? undefined : String(input.MetricName);
  const wanted = checkDimensions(input.Dimensions, 'Dimensions', false);
  const now = sb.clock.now();
  let horizon = TWO_WEEKS_MS;
  if (input.RecentlyActive !== undefined) {
    if (input.RecentlyActive !== 'PT3H') throw invalidValue(String(input.RecentlyActive), 'RecentlyActive');
    horizon = 3 * 3600_000;
  }
  const metrics = Object.values(cloudwatchState(sb).metrics)
    .filter((m) => now - m.lastPutAt <= horizon)
    .filter((m) => namespace === undefined || m.namespace === namespace)
    .filter((m) => metricName === undefined || m.metricName === metricName)
    .filter((m) =>
      wanted.every((w) =>
        m.dimensions.some((d) => d.Name === w.Name && (w.Value === undefined || d.Value === w.Value)),
      ),
    )
    .sort((a, b) =>
      metricKey(a.namespace, a.metricName, a.dimensions) < metricKey(b.namespace, b.metricName, b.dimensions)
        ? -1
        : 1,
    );
  let start = 0;
  if (input.NextToken !== undefined) {
    start = Number(Buffer.from(String(input.NextToken), 'base64url').toString());
    if (!Number.isInteger(start) || start < 0)
      throw new AwsError('InvalidNextToken', 'The service found NextToken invalid.');
  }
  const size = Math.min(LIST_PAGE, sb.settings.maxPageSize ?? LIST_PAGE);
  const page = metrics.slice(start, start + size);
  return {
    Metrics: page.map((m) => ({
      Namespace: m.namespace,
      MetricName: m.metricName,
      Dimensions: m.dimensions,
    })),
    NextToken:
      start + size < metrics.length ? Buffer.from(String(start + size)).toString('base64url') : undefined,
  };
};

export const readOperations: Record<string, OperationHandler> = {
  GetMetricData: getMetricData,
  ListMetrics: listMetrics,
};
