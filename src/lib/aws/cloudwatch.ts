/** The CloudWatch calls rails makes: one PutMetricData per sync pass; GetMetricData for status's signals. */
import {
  GetMetricDataCommand,
  type MetricDataQuery,
  type MetricDataResult,
  type MetricDatum,
  PutMetricDataCommand,
} from '@aws-sdk/client-cloudwatch';
import type { AwsClients } from './clients.js';
import { chunk } from './paging.js';

/** AWS accepts at most 1000 metrics per PutMetricData. */
export const PUT_METRIC_DATA_MAX = 1000;
/** "You can include as many as 500 MetricDataQuery structures" per GetMetricData (docs/aws-behaviour.md §12). */
export const GET_METRIC_DATA_MAX = 500;

/** Publishes metrics in one call (more only past AWS's 1000-per-call limit). */
export async function putMetricData(aws: AwsClients, namespace: string, data: MetricDatum[]): Promise<void> {
  if (data.length === 0) return;
  const client = await aws.cloudwatch();
  for (const batch of chunk(data, PUT_METRIC_DATA_MAX)) {
    await client.send(new PutMetricDataCommand({ Namespace: namespace, MetricData: batch }));
  }
}

export interface MetricDataAnswer {
  /** Query id -> its datapoints, ascending by time (pages merged). */
  results: Map<string, { timestamps: number[]; values: number[] }>;
  /** Calls made, pages included. */
  calls: number;
}

/**
 * Reads every query over [start, end): batches of 500 run concurrently, each following NextToken
 * until it is complete. Timestamps come back ascending (ScanBy TimestampAscending).
 */
export async function getMetricData(
  aws: AwsClients,
  queries: MetricDataQuery[],
  start: Date,
  end: Date,
): Promise<MetricDataAnswer> {
  const answer: MetricDataAnswer = { results: new Map(), calls: 0 };
  if (queries.length === 0) return answer;
  const client = await aws.cloudwatch();
  const add = (r: MetricDataResult) => {
    const into = answer.results.get(r.Id!) ?? { timestamps: [], values: [] };
    answer.results.set(r.Id!, into);
    (r.Timestamps ?? []).forEach((t, i) => {
      into.timestamps.push(new Date(t).getTime());
      into.values.push(r.Values?.[i] ?? 0);
    });
  };
  await Promise.all(
    chunk(queries, GET_METRIC_DATA_MAX).map(async (batch) => {
      let token: string | undefined;
      do {
        answer.calls++;
        const out = await client.send(
          new GetMetricDataCommand({
            MetricDataQueries: batch,
            StartTime: start,
            EndTime: end,
            ScanBy: 'TimestampAscending',
            NextToken: token,
          }),
        );
        for (const r of out.MetricDataResults ?? []) add(r);
        token = out.NextToken || undefined;
      } while (token);
    }),
  );
  return answer;
}
