/**
 * An incident rehearsed through the CLI on a laid rail (in-process sandbox), everything read back
 * through the SDK: injected target errors show as their share of 5XX in GetMetricData; access-log
 * objects land in S3; the container writes its lines to CloudWatch Logs; and rotating the ALB's IPs
 * with no sync leaves the NLB sending to dead IPs: client timeouts on the NLB, a drop in the ALB's
 * RequestCount. Needs the whole data plane (route/, signals/) in the tree.
 */
import { gunzipSync } from 'node:zlib';
import { GetMetricDataCommand, type MetricDataQuery } from '@aws-sdk/client-cloudwatch';
import {
  type CloudWatchLogsClient,
  CreateLogGroupCommand,
  FilterLogEventsCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { appTaskDefinition, enableAccessLogs } from '../helpers/observability.js';
import { layRail, type RailFixture, startRailSandbox, waitHealthy } from '../helpers/rail-fixture.js';
import { sandboxPerFile } from '../helpers/sandbox.js';

const t = sandboxPerFile(startRailSandbox);
const BUCKET = 'inc-alb-logs';
const GROUP = '/ecs/inc-orders';
const ERROR_RATE = 0.2;
const MINUTE = 60_000;
let rail: RailFixture;
let port: string;
let logs: CloudWatchLogsClient;

const cli = (args: string[]) =>
  runCli(['sandbox', ...args, '--port', port], { env: { RAILS_SANDBOX_TOKEN: t.controlToken } });
const dim = (arn: string, marker: string) => arn.slice(arn.indexOf(marker) + marker.length);

async function now(): Promise<number> {
  return Date.parse((await t.control.info()).clock.now);
}

/** Sums of each query over [from, to) in sandbox time. */
async function sums(from: number, to: number, queries: MetricDataQuery[]): Promise<Record<string, number>> {
  const out = await t.sdk.cloudwatch.send(
    new GetMetricDataCommand({
      StartTime: new Date(from),
      EndTime: new Date(to),
      MetricDataQueries: queries,
    }),
  );
  return Object.fromEntries(
    out.MetricDataResults!.map((r) => [r.Id!, (r.Values ?? []).reduce((a, b) => a + b, 0)]),
  );
}

function metric(id: string, namespace: string, name: string, dims: Record<string, string>): MetricDataQuery {
  return {
    Id: id,
    MetricStat: {
      Metric: {
        Namespace: namespace,
        MetricName: name,
        Dimensions: Object.entries(dims).map(([Name, Value]) => ({ Name, Value })),
      },
      Period: 60,
      Stat: 'Sum',
    },
  };
}

beforeAll(async () => {
  port = new URL(t.endpoint).port;
  logs = t.sdk.logs;
  // The container logs with awslogs: a revision of the seed's family that layRail's services run.
  await logs.send(new CreateLogGroupCommand({ logGroupName: GROUP }));
  await t.sdk.ecs.send(appTaskDefinition('ice-station-zebra', GROUP));
  rail = await layRail(t.sdk, { stage: 'inc', services: [{ name: 'orders', desiredCount: 2 }] });
  await waitHealthy(t.sdk, [...rail.nlbTargetGroups, ...rail.serviceGroups.orders!]);
  await enableAccessLogs(t.sdk, [rail.albArn], BUCKET);
}, 120_000);

describe('an incident rehearsed in the sandbox', () => {
  it('errors, access logs, container lines, then rotate-ips without a sync', async () => {
    const target = await cli(['target', 'orders', '--error-rate', String(ERROR_RATE), '--status', '503']);
    expect(target.code, target.stderr).toBe(0);
    const started = await cli([
      'traffic',
      'start',
      '--url',
      'https://api.abq.com/orders/v1/x',
      '--entry',
      'inc-nlb',
      '--rps',
      '50',
    ]);
    expect(started.code, started.stderr).toBe(0);
    const from = await now();
    await t.control.advanceClock(10 * MINUTE);
    const mid = await now();

    const alb = dim(rail.albArn, ':loadbalancer/');
    const tgArn = rail.serviceGroups.orders![0]!;
    const tg = tgArn.slice(tgArn.lastIndexOf(':') + 1);
    const before = await sums(from, mid, [
      metric('requests', 'AWS/ApplicationELB', 'RequestCount', { LoadBalancer: alb }),
      metric('target5xx', 'AWS/ApplicationELB', 'HTTPCode_Target_5XX_Count', {
        TargetGroup: tg,
        LoadBalancer: alb,
      }),
      metric('tgRequests', 'AWS/ApplicationELB', 'RequestCount', { TargetGroup: tg, LoadBalancer: alb }),
    ]);
    expect(before.requests).toBeGreaterThan(25_000);
    expect(Math.abs(before.target5xx! / before.tgRequests! - ERROR_RATE)).toBeLessThan(0.02);

    // Access-log objects, gzipped lines, some of them the injected 503s.
    const listed = await t.sdk.s3.send(
      new ListObjectsV2Command({ Bucket: BUCKET, Prefix: 'AWSLogs/123456789012/elasticloadbalancing/' }),
    );
    expect(listed.KeyCount).toBeGreaterThan(0);
    const first = await t.sdk.s3.send(
      new GetObjectCommand({ Bucket: BUCKET, Key: listed.Contents![0]!.Key! }),
    );
    const lines = gunzipSync(Buffer.from(await first.Body!.transformToByteArray()))
      .toString('utf8')
      .trim()
      .split('\n');
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.some((l) => /^https .* 503 503 /.test(l))).toBe(true);

    // The container's lines in its log group.
    const events = await logs.send(new FilterLogEventsCommand({ logGroupName: GROUP, limit: 50 }));
    expect(events.events!.length).toBeGreaterThan(0);
    expect(events.events!.every((e) => e.logStreamName!.startsWith('app/app/'))).toBe(true);

    // The ALB's nodes move; nothing syncs the NLB's target groups: the NLB sends to dead IPs.
    const rotated = await cli(['rotate-ips', rail.albName, '--replace', 'all']);
    expect(rotated.code, rotated.stderr).toBe(0);
    const cut = await now();
    await t.control.advanceClock(5 * MINUTE);
    const end = await now();
    const nlb = dim(rail.nlbArn, ':loadbalancer/');
    const nlbTg = rail.tg443.slice(rail.tg443.lastIndexOf(':') + 1);
    const after = await sums(cut + MINUTE, end, [
      metric('requests', 'AWS/ApplicationELB', 'RequestCount', { LoadBalancer: alb }),
      {
        Id: 'unhealthy',
        MetricStat: {
          Metric: {
            Namespace: 'AWS/NetworkELB',
            MetricName: 'UnHealthyHostCount',
            Dimensions: [
              { Name: 'TargetGroup', Value: nlbTg },
              { Name: 'LoadBalancer', Value: nlb },
            ],
          },
          Period: 60,
          Stat: 'Maximum',
        },
      },
    ]);
    const perMinuteBefore = before.requests! / 10;
    expect(after.requests! / 4).toBeLessThan(perMinuteBefore * 0.1);
    // The NLB still holds the old node IPs, now unhealthy; a request to it times out at the client.
    expect(after.unhealthy).toBeGreaterThan(0);
    const outcome = await t.control.route('https://api.abq.com/orders/v1/x', { entry: 'inc-nlb' });
    expect(outcome.nlb?.outcome).toBe('target-timeout');
    expect(outcome.client).toEqual({ kind: 'timeout' });
  });
});
