/**
 * getMetricData against the sandbox: more than 500 queries go in concurrent calls of at most 500, the
 * answers are merged by query id in time order, and NextToken pages are followed.
 */
import { PutMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { afterAll, describe, expect, it } from 'vitest';
import { AwsClients } from '../../src/lib/aws/clients.js';
import { getMetricData } from '../../src/lib/aws/cloudwatch.js';
import { sandboxPerFile } from '../helpers/sandbox.js';

const sb = sandboxPerFile();
let aws: AwsClients | undefined;
afterAll(() => aws?.destroy());

const MIN = 60_000;

describe('getMetricData', () => {
  it('splits 501 queries into two calls and merges what each answers', async () => {
    aws = new AwsClients({
      region: 'us-east-1',
      endpoint: sb.endpoint,
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      userAgent: 'rails-test',
      maxAttempts: 1,
    });
    const end = Math.floor(Date.now() / MIN) * MIN;
    await sb.sdk.cloudwatch.send(
      new PutMetricDataCommand({
        Namespace: 'Test/Signals',
        MetricData: [3, 2, 1].map((k) => ({
          MetricName: 'Hits',
          Value: k * 10,
          Timestamp: new Date(end - k * MIN + 1000),
        })),
      }),
    );
    await sb.resetRequests();
    const queries = Array.from({ length: 501 }, (_, i) => ({
      Id: `q${i}`,
      MetricStat: {
        Metric: { Namespace: 'Test/Signals', MetricName: i === 500 ? 'Hits' : `Other${i}` },
        Period: 60,
        Stat: 'Sum',
      },
    }));
    const answer = await getMetricData(aws, queries, new Date(end - 10 * MIN), new Date(end));
    expect(answer.calls).toBe(2);
    expect((await sb.requests({ operation: 'GetMetricData' })).length).toBe(2);
    expect(answer.results.get('q500')).toEqual({
      timestamps: [end - 3 * MIN, end - 2 * MIN, end - MIN],
      values: [30, 20, 10],
    });
    expect(answer.results.get('q0')).toEqual({ timestamps: [], values: [] });
  });
});
