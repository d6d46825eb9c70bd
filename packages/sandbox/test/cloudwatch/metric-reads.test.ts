/**
 * Reading metrics in any namespace: what other sandbox services record with `recordDatapoints()`
 * (`AWS/ApplicationELB`...) comes back through GetMetricData, GetMetricStatistics and ListMetrics
 * with percentiles computed from the recorded values, and with AWS's validation errors.
 */
import {
  GetMetricDataCommand,
  GetMetricStatisticsCommand,
  ListMetricsCommand,
  PutMetricDataCommand,
} from '@aws-sdk/client-cloudwatch';
import { beforeAll, describe, expect, it } from 'vitest';
import { recordDatapoints } from '../../src/services/cloudwatch/index.js';
import { sandboxPerFile, startTestSandbox } from '../helpers/sandbox.js';
import { failure } from '../helpers/sdk.js';

const sbx = sandboxPerFile(() => startTestSandbox({ empty: true }));

const ALB = 'app/web/0123456789abcdef';
const TG = 'targetgroup/web/fedcba9876543210';
const dims = [
  { Name: 'LoadBalancer', Value: ALB },
  { Name: 'TargetGroup', Value: TG },
];
let base: number;

const send = <T>(cmd: T) => sbx.sdk.cloudwatch.send(cmd as any) as Promise<any>;

const metricStat = (Id: string, Stat: string, MetricName = 'TargetResponseTime') => ({
  Id,
  MetricStat: {
    Metric: { Namespace: 'AWS/ApplicationELB', MetricName, Dimensions: dims },
    Period: 60,
    Stat,
  },
});

beforeAll(() => {
  base = Math.floor(sbx.sandbox.clock.now() / 60_000) * 60_000 - 10 * 60_000;
  // Two minutes of response times: 1..100 ms, then one slow minute of 100 values of 2 s.
  const fast = Array.from({ length: 100 }, (_, i) => (i + 1) / 1000);
  recordDatapoints(
    sbx.sandbox,
    'AWS/ApplicationELB',
    'TargetResponseTime',
    dims,
    base + 5_000,
    fast.slice(0, 50),
    'Seconds',
  );
  recordDatapoints(
    sbx.sandbox,
    'AWS/ApplicationELB',
    'TargetResponseTime',
    { LoadBalancer: ALB, TargetGroup: TG },
    base + 30_000,
    fast.slice(50),
    'Seconds',
  );
  recordDatapoints(
    sbx.sandbox,
    'AWS/ApplicationELB',
    'TargetResponseTime',
    dims,
    base + 60_000,
    Array(100).fill(2),
    'Seconds',
  );
  recordDatapoints(sbx.sandbox, 'AWS/ApplicationELB', 'RequestCount', { LoadBalancer: ALB }, base, [7]);
});

describe('AWS/ namespaces are readable', () => {
  it('GetMetricData reads AWS/ApplicationELB, with Sum/Average/SampleCount and percentiles', async () => {
    const out = await send(
      new GetMetricDataCommand({
        StartTime: new Date(base),
        EndTime: new Date(base + 2 * 60_000),
        ScanBy: 'TimestampAscending',
        MetricDataQueries: [
          metricStat('n', 'SampleCount'),
          metricStat('avg', 'Average'),
          metricStat('p50', 'p50'),
          metricStat('p99', 'p99'),
          metricStat('p999', 'p99.9'),
        ],
      }),
    );
    const byId = Object.fromEntries(out.MetricDataResults.map((r: any) => [r.Id, r]));
    expect(byId.n.Timestamps.map((t: Date) => t.getTime())).toEqual([base, base + 60_000]);
    expect(byId.n.Values).toEqual([100, 100]);
    expect(byId.avg.Values[0]).toBeCloseTo(0.0505, 10);
    // Nearest rank over the minute's 100 samples 0.001..0.100.
    expect(byId.p50.Values).toEqual([0.05, 2]);
    expect(byId.p99.Values).toEqual([0.099, 2]);
    expect(byId.p999.Values).toEqual([0.1, 2]);
  });

  it('ListMetrics lists what was recorded in AWS/ namespaces', async () => {
    const out = await send(new ListMetricsCommand({ Namespace: 'AWS/ApplicationELB' }));
    expect(out.Metrics.map((m: any) => m.MetricName).sort()).toEqual(['RequestCount', 'TargetResponseTime']);
    const lb = await send(
      new ListMetricsCommand({ Namespace: 'AWS/ApplicationELB', MetricName: 'RequestCount' }),
    );
    expect(lb.Metrics).toEqual([
      {
        Namespace: 'AWS/ApplicationELB',
        MetricName: 'RequestCount',
        Dimensions: [{ Name: 'LoadBalancer', Value: ALB }],
      },
    ]);
  });

  it('a query must name the exact dimension set that was published', async () => {
    const out = await send(
      new GetMetricDataCommand({
        StartTime: new Date(base),
        EndTime: new Date(base + 2 * 60_000),
        MetricDataQueries: [
          {
            Id: 'lbonly',
            MetricStat: {
              Metric: {
                Namespace: 'AWS/ApplicationELB',
                MetricName: 'TargetResponseTime',
                Dimensions: [{ Name: 'LoadBalancer', Value: ALB }],
              },
              Period: 60,
              Stat: 'Average',
            },
          },
        ],
      }),
    );
    expect(out.MetricDataResults[0].Values).toEqual([]);
  });

  it('PutMetricData still refuses AWS/', async () => {
    const err = await failure(
      send(
        new PutMetricDataCommand({
          Namespace: 'AWS/ApplicationELB',
          MetricData: [{ MetricName: 'm', Value: 1 }],
        }),
      ),
    );
    expect(err).toMatchObject({ name: 'InvalidParameterValueException', code: 'InvalidParameterValue' });
  });
});

describe('GetMetricData queries', () => {
  it('ReturnData: false leaves a query out of the results', async () => {
    const out = await send(
      new GetMetricDataCommand({
        StartTime: new Date(base),
        EndTime: new Date(base + 2 * 60_000),
        MetricDataQueries: [
          { ...metricStat('hidden', 'Sum'), ReturnData: false },
          metricStat('shown', 'Sum'),
        ],
      }),
    );
    expect(out.MetricDataResults.map((r: any) => r.Id)).toEqual(['shown']);
  });

  it('ScanBy: descending by default, ascending on request', async () => {
    const query = {
      StartTime: new Date(base),
      EndTime: new Date(base + 2 * 60_000),
      MetricDataQueries: [metricStat('m', 'Maximum')],
    };
    const desc = await send(new GetMetricDataCommand(query));
    expect(desc.MetricDataResults[0].Values).toEqual([2, 0.1]);
    const asc = await send(new GetMetricDataCommand({ ...query, ScanBy: 'TimestampAscending' }));
    expect(asc.MetricDataResults[0].Values).toEqual([0.1, 2]);
    const bad = await failure(send(new GetMetricDataCommand({ ...query, ScanBy: 'Sideways' as any })));
    expect(bad.name).toBe('InvalidParameterValueException');
  });

  it('accepts 500 queries and refuses 501', async () => {
    const queries = (n: number) => Array.from({ length: n }, (_, i) => metricStat(`q${i}`, 'Sum'));
    const window = { StartTime: new Date(base), EndTime: new Date(base + 2 * 60_000) };
    const ok = await send(new GetMetricDataCommand({ ...window, MetricDataQueries: queries(500) }));
    expect(ok.MetricDataResults).toHaveLength(500);
    const err = await failure(send(new GetMetricDataCommand({ ...window, MetricDataQueries: queries(501) })));
    expect(err.name).toBe('InvalidParameterValueException');
    expect(err.message).toBe('The collection MetricDataQueries must not have a size greater than 500.');
  });

  it('refuses a statistic that is neither basic nor a percentile', async () => {
    for (const Stat of ['Median', 'p101', 'p']) {
      const err = await failure(
        send(
          new GetMetricDataCommand({
            StartTime: new Date(base),
            EndTime: new Date(base + 60_000),
            MetricDataQueries: [metricStat('x', Stat)],
          }),
        ),
      );
      expect(err.message, Stat).toBe(
        `The value ${Stat} for parameter MetricDataQueries.member.1.MetricStat.Stat is invalid.`,
      );
    }
  });

  it('gives no percentile for data published as a statistic set of different values', async () => {
    await send(
      new PutMetricDataCommand({
        Namespace: 'Rails/Sets',
        MetricData: [
          {
            MetricName: 'Latency',
            StatisticValues: { SampleCount: 3, Sum: 6, Minimum: 1, Maximum: 3 },
            Timestamp: new Date(base),
          },
          {
            MetricName: 'Single',
            StatisticValues: { SampleCount: 1, Sum: 4, Minimum: 4, Maximum: 4 },
            Timestamp: new Date(base),
          },
        ],
      }),
    );
    const q = (Id: string, MetricName: string, Stat: string) => ({
      Id,
      MetricStat: { Metric: { Namespace: 'Rails/Sets', MetricName }, Period: 60, Stat },
    });
    const out = await send(
      new GetMetricDataCommand({
        StartTime: new Date(base),
        EndTime: new Date(base + 60_000),
        MetricDataQueries: [
          q('set', 'Latency', 'p90'),
          q('avg', 'Latency', 'Average'),
          q('one', 'Single', 'p90'),
        ],
      }),
    );
    const byId = Object.fromEntries(out.MetricDataResults.map((r: any) => [r.Id, r.Values]));
    expect(byId).toEqual({ set: [], avg: [2], one: [4] });
  });
});

describe('recordDatapoints', () => {
  it('keeps at most 10,000 samples per interval: beyond that the basic statistics only', async () => {
    const values = Array.from({ length: 10_001 }, (_, i) => i);
    recordDatapoints(
      sbx.sandbox,
      'AWS/Lambda',
      'Duration',
      { FunctionName: 'busy' },
      base,
      values,
      'Milliseconds',
    );
    const out = await send(
      new GetMetricStatisticsCommand({
        Namespace: 'AWS/Lambda',
        MetricName: 'Duration',
        Dimensions: [{ Name: 'FunctionName', Value: 'busy' }],
        StartTime: new Date(base),
        EndTime: new Date(base + 60_000),
        Period: 60,
        Statistics: ['SampleCount', 'Maximum'],
        ExtendedStatistics: ['p50'],
      }),
    );
    expect(out.Datapoints).toEqual([
      {
        Timestamp: new Date(base),
        SampleCount: 10_001,
        Maximum: 10_000,
        Unit: 'Milliseconds',
      },
    ]);
  });
});

describe('GetMetricStatistics', () => {
  const request = (over: Record<string, unknown> = {}) =>
    new GetMetricStatisticsCommand({
      Namespace: 'AWS/ApplicationELB',
      MetricName: 'TargetResponseTime',
      Dimensions: dims,
      StartTime: new Date(base),
      EndTime: new Date(base + 2 * 60_000),
      Period: 60,
      ...over,
    } as any);

  it('answers Statistics and ExtendedStatistics per period, with the unit', async () => {
    const out = await send(
      request({ Statistics: ['Maximum', 'SampleCount'], ExtendedStatistics: ['p90', 'p99'] }),
    );
    expect(out.Label).toBe('TargetResponseTime');
    const points = [...out.Datapoints].sort((a: any, b: any) => a.Timestamp - b.Timestamp);
    expect(points).toEqual([
      {
        Timestamp: new Date(base),
        Maximum: 0.1,
        SampleCount: 100,
        Unit: 'Seconds',
        ExtendedStatistics: { p90: 0.09, p99: 0.099 },
      },
      {
        Timestamp: new Date(base + 60_000),
        Maximum: 2,
        SampleCount: 100,
        Unit: 'Seconds',
        ExtendedStatistics: { p90: 2, p99: 2 },
      },
    ]);
  });

  it('requires Statistics or ExtendedStatistics', async () => {
    const err = await failure(send(request()));
    expect(err).toMatchObject({
      name: 'InvalidParameterCombinationException',
      code: 'InvalidParameterCombination',
      status: 400,
    });
  });

  it('refuses more than 1,440 datapoints', async () => {
    const err = await failure(
      send(
        request({ Statistics: ['Sum'], StartTime: new Date(base - 1441 * 60_000), EndTime: new Date(base) }),
      ),
    );
    expect(err.name).toBe('InvalidParameterCombinationException');
    expect(err.message).toMatch(
      /^You have requested up to 1441 datapoints, which exceeds the limit of 1440\./,
    );
  });

  it('refuses a bad statistic, percentile and period', async () => {
    expect((await failure(send(request({ Statistics: ['p99'] })))).message).toBe(
      'The value p99 for parameter Statistics.member.1 is invalid.',
    );
    expect((await failure(send(request({ ExtendedStatistics: ['Average'] })))).message).toBe(
      'The value Average for parameter ExtendedStatistics.member.1 is invalid.',
    );
    expect((await failure(send(request({ Statistics: ['Sum'], Period: 7 })))).message).toBe(
      'The value 7 for parameter Period is invalid.',
    );
  });

  it('requires MetricName', async () => {
    const err = await failure(send(request({ MetricName: undefined, Statistics: ['Sum'] })));
    expect(err.code).toBe('MissingParameter');
  });
});
