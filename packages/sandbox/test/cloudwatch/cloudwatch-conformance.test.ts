/**
 * CloudWatch conformance: the real SDK over loopback against the sandbox (awsJson1_0 in
 * query-compatible mode). One case per documented behaviour of docs/aws-behaviour.md §9.
 */
import { GetMetricDataCommand, ListMetricsCommand, PutMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { describe, expect, it } from 'vitest';
import { sandboxPerFile, startTestSandbox } from '../helpers/sandbox.js';
import { failure } from '../helpers/sdk.js';

const sbx = sandboxPerFile(() => startTestSandbox({ empty: true }));

const put = (input: any) => sbx.sdk.cloudwatch.send(new PutMetricDataCommand(input));

describe('CloudWatch PutMetricData', () => {
  it('accepts a datum and answers 200 {}', async () => {
    const out = await put({
      Namespace: 'Rails/Sync',
      MetricData: [{ MetricName: 'Ok', Value: 1, Unit: 'Count' }],
    });
    expect(out.$metadata.httpStatusCode).toBe(200);
  });

  it('reserves the AWS/ namespace prefix', async () => {
    const err = await failure(put({ Namespace: 'AWS/EC2', MetricData: [{ MetricName: 'm', Value: 1 }] }));
    expect(err).toMatchObject({
      name: 'InvalidParameterValueException',
      code: 'InvalidParameterValue',
      status: 400,
    });
    expect(err.message).toBe('The value AWS/ for parameter Namespace is invalid.');
  });

  it('refuses a namespace starting with a colon', async () => {
    const err = await failure(put({ Namespace: ':x', MetricData: [{ MetricName: 'm', Value: 1 }] }));
    expect(err.name).toBe('InvalidParameterValueException');
  });

  it('requires MetricName (MissingParameter)', async () => {
    const err = await failure(put({ Namespace: 'N', MetricData: [{ Value: 1 } as any] }));
    expect(err).toMatchObject({ name: 'MissingRequiredParameterException', code: 'MissingParameter' });
  });

  it('refuses more than 1000 datums', async () => {
    const data = Array.from({ length: 1001 }, (_, i) => ({ MetricName: `m${i}`, Value: i }));
    expect((await failure(put({ Namespace: 'N', MetricData: data }))).name).toBe(
      'InvalidParameterValueException',
    );
  });

  it('accepts 1000 datums in one gzip-compressed request over 10 KB', async () => {
    const data = Array.from({ length: 1000 }, (_, i) => ({
      MetricName: `bulk-${i}`,
      Dimensions: [{ Name: 'Rail', Value: 'ice-station-zebra' }],
      Value: i,
    }));
    // Watch what goes on the wire: the SDK compresses bodies over 10 KB, the sandbox must inflate them.
    const sent: Array<{ encoding?: string; bytes: number }> = [];
    sbx.sdk.cloudwatch.middlewareStack.add(
      (next) => async (args: any) => {
        sent.push({
          encoding: args.request.headers['content-encoding'],
          bytes: args.request.body?.length ?? 0,
        });
        return next(args);
      },
      { step: 'finalizeRequest', name: 'watchEncoding', priority: 'low' },
    );
    try {
      await put({ Namespace: 'Rails/Bulk', MetricData: data });
    } finally {
      sbx.sdk.cloudwatch.middlewareStack.remove('watchEncoding');
    }
    expect(sent).toHaveLength(1);
    expect(sent[0]!.encoding).toBe('gzip');
    const listed = await sbx.sdk.cloudwatch.send(new ListMetricsCommand({ Namespace: 'Rails/Bulk' }));
    expect(listed.Metrics).toHaveLength(500);
    const rest = await sbx.sdk.cloudwatch.send(
      new ListMetricsCommand({ Namespace: 'Rails/Bulk', NextToken: listed.NextToken }),
    );
    expect(rest.Metrics).toHaveLength(500);
    expect(rest.NextToken).toBeUndefined();
  });

  it('refuses more than 30 dimensions', async () => {
    const Dimensions = Array.from({ length: 31 }, (_, i) => ({ Name: `d${i}`, Value: 'v' }));
    expect(
      (await failure(put({ Namespace: 'N', MetricData: [{ MetricName: 'm', Value: 1, Dimensions }] }))).name,
    ).toBe('InvalidParameterValueException');
  });

  it('refuses Value together with StatisticValues (InvalidParameterCombination)', async () => {
    const err = await failure(
      put({
        Namespace: 'N',
        MetricData: [
          { MetricName: 'm', Value: 1, StatisticValues: { SampleCount: 1, Sum: 1, Minimum: 1, Maximum: 1 } },
        ],
      }),
    );
    expect(err).toMatchObject({
      name: 'InvalidParameterCombinationException',
      code: 'InvalidParameterCombination',
    });
  });

  it('refuses Values and Counts of different lengths, and more than 150 values', async () => {
    const mismatch = await failure(
      put({ Namespace: 'N', MetricData: [{ MetricName: 'm', Values: [1, 2], Counts: [1] }] }),
    );
    expect(mismatch.name).toBe('InvalidParameterValueException');
    const many = Array.from({ length: 151 }, (_, i) => i);
    expect(
      (await failure(put({ Namespace: 'N', MetricData: [{ MetricName: 'm', Values: many }] }))).name,
    ).toBe('InvalidParameterValueException');
  });

  it('refuses NaN, Infinity and magnitudes beyond 2^360', async () => {
    for (const Value of [Number.NaN, Number.POSITIVE_INFINITY, 2 ** 361]) {
      const err = await failure(put({ Namespace: 'N', MetricData: [{ MetricName: 'm', Value }] }));
      expect(err.name).toBe('InvalidParameterValueException');
    }
  });

  it('accepts timestamps from two weeks back to two hours ahead, not beyond', async () => {
    const now = sbx.sandbox.clock.now();
    await put({
      Namespace: 'N',
      MetricData: [{ MetricName: 't', Value: 1, Timestamp: new Date(now - 13 * 86400_000) }],
    });
    await put({
      Namespace: 'N',
      MetricData: [{ MetricName: 't', Value: 1, Timestamp: new Date(now + 3600_000) }],
    });
    const old = await failure(
      put({
        Namespace: 'N',
        MetricData: [{ MetricName: 't', Value: 1, Timestamp: new Date(now - 15 * 86400_000) }],
      }),
    );
    const future = await failure(
      put({
        Namespace: 'N',
        MetricData: [{ MetricName: 't', Value: 1, Timestamp: new Date(now + 3 * 3600_000) }],
      }),
    );
    expect([old.name, future.name]).toEqual([
      'InvalidParameterValueException',
      'InvalidParameterValueException',
    ]);
  });

  it('accepts StorageResolution 1 and 60 only, and standard units only', async () => {
    await put({ Namespace: 'N', MetricData: [{ MetricName: 'r', Value: 1, StorageResolution: 1 }] });
    const res = await failure(
      put({ Namespace: 'N', MetricData: [{ MetricName: 'r', Value: 1, StorageResolution: 30 }] }),
    );
    const unit = await failure(
      put({ Namespace: 'N', MetricData: [{ MetricName: 'r', Value: 1, Unit: 'Parsecs' as any }] }),
    );
    expect([res.name, unit.name]).toEqual([
      'InvalidParameterValueException',
      'InvalidParameterValueException',
    ]);
  });

  it('accepts datums inside EntityMetricData and names them in errors', async () => {
    const Entity = { KeyAttributes: { Type: 'Service', Name: 'sync', Environment: 'rails' } };
    await put({
      Namespace: 'Rails/Entity',
      EntityMetricData: [{ Entity, MetricData: [{ MetricName: 'e', Value: 1 }] }],
    });
    const listed = await sbx.sdk.cloudwatch.send(new ListMetricsCommand({ Namespace: 'Rails/Entity' }));
    expect(listed.Metrics!.map((m) => m.MetricName)).toEqual(['e']);
    const err = await failure(
      put({
        Namespace: 'Rails/Entity',
        EntityMetricData: [{ Entity, MetricData: [{ MetricName: 'e', Value: Number.NaN }] }],
      }),
    );
    expect(err.name).toBe('InvalidParameterValueException');
    expect(err.message).toContain('EntityMetricData.member.1.MetricData.member.1.Value');
  });

  it('rejects the whole request when one datum is bad', async () => {
    await failure(
      put({
        Namespace: 'Rails/Atomic',
        MetricData: [
          { MetricName: 'good', Value: 1 },
          { MetricName: 'bad', Value: Number.NaN },
        ],
      }),
    );
    const listed = await sbx.sdk.cloudwatch.send(new ListMetricsCommand({ Namespace: 'Rails/Atomic' }));
    expect(listed.Metrics ?? []).toEqual([]);
  });
});

describe('CloudWatch GetMetricData and ListMetrics', () => {
  it('reads back Sum, Average, Maximum, Minimum and SampleCount per period', async () => {
    const base = Math.floor(sbx.sandbox.clock.now() / 60_000) * 60_000 - 10 * 60_000;
    const Dimensions = [{ Name: 'Rail', Value: 'r1' }];
    await put({
      Namespace: 'Rails/Read',
      MetricData: [
        { MetricName: 'Changes', Dimensions, Value: 2, Timestamp: new Date(base + 1000) },
        { MetricName: 'Changes', Dimensions, Value: 4, Timestamp: new Date(base + 2000) },
        {
          MetricName: 'Changes',
          Dimensions,
          Values: [10, 20],
          Counts: [1, 2],
          Timestamp: new Date(base + 61_000),
        },
      ],
    });
    const stat = (Id: string, Stat: string) => ({
      Id,
      MetricStat: {
        Metric: { Namespace: 'Rails/Read', MetricName: 'Changes', Dimensions },
        Period: 60,
        Stat,
      },
    });
    const out = await sbx.sdk.cloudwatch.send(
      new GetMetricDataCommand({
        StartTime: new Date(base - 60_000),
        EndTime: new Date(base + 5 * 60_000),
        ScanBy: 'TimestampAscending',
        MetricDataQueries: [
          stat('sum', 'Sum'),
          stat('avg', 'Average'),
          stat('max', 'Maximum'),
          stat('min', 'Minimum'),
          stat('n', 'SampleCount'),
        ],
      }),
    );
    const byId = Object.fromEntries(out.MetricDataResults!.map((r) => [r.Id, r]));
    expect(byId.sum!.Timestamps!.map((t: Date) => t.getTime())).toEqual([base, base + 60_000]);
    expect(byId.sum!.Values).toEqual([6, 50]);
    expect(byId.avg!.Values).toEqual([3, 50 / 3]);
    expect(byId.max!.Values).toEqual([4, 20]);
    expect(byId.min!.Values).toEqual([2, 10]);
    expect(byId.n!.Values).toEqual([2, 3]);
    expect(byId.sum!.StatusCode).toBe('Complete');
    expect(byId.sum!.Label).toBe('Changes');
  });

  it('lists metrics filtered by namespace, name and dimension', async () => {
    await put({
      Namespace: 'Rails/List',
      MetricData: [
        { MetricName: 'A', Dimensions: [{ Name: 'Rail', Value: 'x' }], Value: 1 },
        { MetricName: 'A', Dimensions: [{ Name: 'Rail', Value: 'y' }], Value: 1 },
        { MetricName: 'B', Value: 1 },
      ],
    });
    const all = await sbx.sdk.cloudwatch.send(new ListMetricsCommand({ Namespace: 'Rails/List' }));
    expect(all.Metrics).toHaveLength(3);
    const a = await sbx.sdk.cloudwatch.send(
      new ListMetricsCommand({ Namespace: 'Rails/List', MetricName: 'A' }),
    );
    expect(a.Metrics).toHaveLength(2);
    const y = await sbx.sdk.cloudwatch.send(
      new ListMetricsCommand({ Namespace: 'Rails/List', Dimensions: [{ Name: 'Rail', Value: 'y' }] }),
    );
    expect(y.Metrics).toEqual([
      { Namespace: 'Rails/List', MetricName: 'A', Dimensions: [{ Name: 'Rail', Value: 'y' }] },
    ]);
  });

  it('pages datapoints with MaxDatapoints and NextToken, PartialData until the last page', async () => {
    const base = Math.floor(sbx.sandbox.clock.now() / 60_000) * 60_000 - 30 * 60_000;
    const MetricData = [0, 1, 2, 3, 4].map((i) => ({
      MetricName: 'Paged',
      Value: i,
      Timestamp: new Date(base + i * 60_000),
    }));
    await put({ Namespace: 'Rails/Paged', MetricData });
    const query = {
      StartTime: new Date(base),
      EndTime: new Date(base + 5 * 60_000),
      MaxDatapoints: 2,
      MetricDataQueries: [
        {
          Id: 'p',
          MetricStat: { Metric: { Namespace: 'Rails/Paged', MetricName: 'Paged' }, Period: 60, Stat: 'Sum' },
        },
      ],
    };
    const values: number[] = [];
    const statuses: string[] = [];
    let NextToken: string | undefined;
    do {
      const out = await sbx.sdk.cloudwatch.send(new GetMetricDataCommand({ ...query, NextToken }));
      values.push(...out.MetricDataResults![0]!.Values!);
      statuses.push(out.MetricDataResults![0]!.StatusCode!);
      NextToken = out.NextToken;
    } while (NextToken);
    expect(values).toEqual([4, 3, 2, 1, 0]);
    expect(statuses).toEqual(['PartialData', 'PartialData', 'Complete']);
  });

  it('refuses a query id that does not start with a lower-case letter', async () => {
    const err = await failure(
      sbx.sdk.cloudwatch.send(
        new GetMetricDataCommand({
          StartTime: new Date(0),
          EndTime: new Date(),
          MetricDataQueries: [
            {
              Id: 'Bad',
              MetricStat: { Metric: { Namespace: 'N', MetricName: 'm' }, Period: 60, Stat: 'Sum' },
            },
          ],
        }),
      ),
    );
    expect(err.name).toBe('InvalidParameterValueException');
  });
});
