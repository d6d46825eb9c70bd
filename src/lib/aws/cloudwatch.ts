/** The CloudWatch calls rails makes: one PutMetricData per sync pass. */
import { type MetricDatum, PutMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import type { AwsClients } from './clients.js';
import { chunk } from './paging.js';

/** AWS accepts at most 1000 metrics per PutMetricData. */
export const PUT_METRIC_DATA_MAX = 1000;

/** Publishes metrics in one call (more only past AWS's 1000-per-call limit). */
export async function putMetricData(aws: AwsClients, namespace: string, data: MetricDatum[]): Promise<void> {
  if (data.length === 0) return;
  const client = await aws.cloudwatch();
  for (const batch of chunk(data, PUT_METRIC_DATA_MAX)) {
    await client.send(new PutMetricDataCommand({ Namespace: namespace, MetricData: batch }));
  }
}
