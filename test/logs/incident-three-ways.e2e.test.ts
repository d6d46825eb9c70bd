/**
 * One incident read three ways through the real binary: `rails status` names the broken hop from the
 * metrics, `rails logs alb` digests the ALB's access logs of the same minutes, and `rails logs <service>`
 * prints the containers' lines. The three come from separate writers of the sandbox's data plane
 * (CloudWatch metrics, S3 log objects, CloudWatch Logs), so their agreeing is evidence that each reader
 * counts what AWS would have written.
 *
 * The sandbox clock runs minutes ahead of this machine's here (traffic is simulated by advancing it),
 * as AWS's clock may differ from a laptop's: every window must be taken from AWS's clock, or the
 * newest minutes of the incident fall outside it.
 */
import { type CloudWatchLogsClient, CreateLogGroupCommand } from '@aws-sdk/client-cloudwatch-logs';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { AlbDigest } from '../../src/lib/logs/digest-model.js';
import type { StatusReport } from '../../src/lib/status/model.js';
import { runCli, stdoutJson } from '../helpers/cli.js';
import { appTaskDefinition, enableAccessLogs } from '../helpers/observability.js';
import { layRail, startRailSandbox, waitHealthy } from '../helpers/rail-fixture.js';
import { sandboxPerFile } from '../helpers/sandbox.js';
import { railYaml } from '../status/status-cli.js';

vi.setConfig({ testTimeout: 180_000, hookTimeout: 240_000 });

const sb = sandboxPerFile(startRailSandbox);
const GROUP = '/ecs/three-orders';
const BUCKET = 'three-alb-logs';
const ERROR_RATE = 0.3;
const MINUTE = 60_000;
let cwd: string;
let port: string;
let logs: CloudWatchLogsClient;

const rails = (args: string[]) => runCli(args, { endpoint: sb.endpoint, cwd });
const sandboxCli = (args: string[]) =>
  runCli(['sandbox', ...args, '--port', port], { env: { RAILS_SANDBOX_TOKEN: sb.controlToken } });

beforeAll(async () => {
  port = new URL(sb.endpoint).port;
  cwd = railYaml('three', ['orders']);
  logs = sb.sdk.logs;
  await logs.send(new CreateLogGroupCommand({ logGroupName: GROUP }));
  await sb.sdk.ecs.send(appTaskDefinition('ice-station-zebra', GROUP));
  const rail = await layRail(sb.sdk, {
    stage: 'three',
    tagged: true,
    services: [{ name: 'orders', desiredCount: 2 }],
  });
  await waitHealthy(sb.sdk, [...rail.nlbTargetGroups, ...rail.serviceGroups.orders!]);
  await enableAccessLogs(sb.sdk, [rail.albArn], BUCKET);
  const target = await sandboxCli([
    'target',
    'orders',
    '--error-rate',
    String(ERROR_RATE),
    '--status',
    '500',
  ]);
  expect(target.code, target.stderr).toBe(0);
  const started = await sandboxCli([
    'traffic',
    'start',
    '--url',
    'https://api.abq.com/orders/v1/x',
    '--entry',
    'three-nlb',
    '--rps',
    '4',
  ]);
  expect(started.code, started.stderr).toBe(0);
  // Ten minutes of the incident: two 5-minute access-log deliveries, every metric minute published.
  await sb.control.advanceClock(10 * MINUTE);
  const stopped = await sandboxCli(['traffic', 'stop']);
  expect(stopped.code, stopped.stderr).toBe(0);
  // The last delivery of the access logs (the ALB writes each 5-minute file after it ends).
  await sb.control.advanceClock(5 * MINUTE);
});

describe('the same incident, read through metrics, access logs and container logs', () => {
  it('status names Target.5xx; the ALB digest and the containers count the same 500s', async () => {
    const status = await rails(['status', '--json', '--since', '20m']);
    const report = stdoutJson<StatusReport>(status.stdout)!;
    expect(status.code, status.stderr).toBe(1);
    expect(report.firstProblem).toMatchObject({ hop: 'service:orders', code: 'Target.5xx' });
    const orders = report.services.find((s) => s.name === 'orders')!;
    const series = (metric: string) =>
      orders.signals!.series.find((s) => s.metric === metric)!.values.reduce((a, b) => a + b, 0);
    const metricRequests = series('RequestCount');
    const metric5xx = series('HTTPCode_Target_5XX_Count');
    expect(metricRequests).toBeGreaterThan(2000);

    // The access logs of the same 20 minutes of AWS's clock: every request the metrics counted.
    const alb = await rails(['logs', 'alb', '--json', '--since', '20m']);
    expect(alb.code, alb.stderr).toBe(0);
    const digest = stdoutJson<AlbDigest>(alb.stdout)!;
    expect(digest.delivered).toBe(true);
    expect(Date.parse(digest.window.end)).toBeGreaterThan(Date.now() + 10 * MINUTE);
    expect(digest.requests).toBe(metricRequests);
    const failed = digest.byStatus.find((s) => s.elbStatus === '500' && s.targetStatus === '500');
    expect(failed?.count).toBe(metric5xx);
    expect(Math.abs(failed!.count / digest.requests - ERROR_RATE)).toBeLessThan(0.05);
    expect(digest.byRule.find((r) => r.service === 'orders')).toMatchObject({
      requests: metricRequests,
      target5xx: metric5xx,
    });

    // The containers' own lines: one per request they answered, the failed ones with their 500.
    const lines = await rails(['logs', 'orders', '--json', '--since', '20m']);
    expect(lines.code, lines.stderr).toBe(0);
    const events = lines.stdout
      .trim()
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { message: string; taskId: string });
    const answered500 = events.filter((e) => / 500 \S+ms$/.test(e.message));
    expect(answered500.length).toBe(metric5xx);
    expect(new Set(events.map((e) => e.taskId)).size).toBe(2);
  });
});
