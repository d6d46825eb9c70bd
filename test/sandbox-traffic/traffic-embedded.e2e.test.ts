/**
 * Traffic on the embedded state: started with `--sandbox` after `rails up --sandbox`, it goes on
 * between commands. The next command simulates the time since the last one, and a sandbox started on
 * the same file later sees the traffic in its CloudWatch metrics (through the SDK).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { DescribeLoadBalancersCommand } from '@aws-sdk/client-elastic-load-balancing-v2';
import { SandboxControl, startSandbox } from 'rails-sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, stdoutJson } from '../helpers/cli.js';
import { sdkClients } from '../helpers/sdk.js';

const dir = mkdtempSync(join(tmpdir(), 'rails-traffic-embedded-'));
const rails = (args: string[]) =>
  runCli(args, { cwd: dir, env: { AWS_ENDPOINT_URL: undefined }, timeoutMs: 60_000 });

beforeAll(async () => {
  const up = await rails(['up', '--sandbox', '--yes']);
  expect(up.code, up.stderr).toBe(0);
}, 120_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('traffic on the embedded state', () => {
  it('runs between commands and shows in a later sandbox’s metrics', async () => {
    const started = await rails([
      'sandbox',
      'traffic',
      'start',
      '--url',
      'https://api.abq.com/ice-station-zebra/x',
      '--entry',
      'dev-nlb',
      '--rps',
      '10',
      '--sandbox',
      '--json',
    ]);
    expect(started.code, started.stderr).toBe(0);
    await new Promise((r) => setTimeout(r, 2500));
    // At least the 2.5 s between the two commands, at 10 req/s. A command simulates whole sandbox
    // seconds as it starts, so on a busy machine one listing may trail by a slice: list again (a new
    // process each time, with no sandbox running between them) for at most a few seconds.
    let traffic: { sent: number }[] = [];
    for (let i = 0; i < 5; i++) {
      const listed = await rails(['sandbox', 'traffic', '--sandbox', '--json']);
      traffic = stdoutJson<{ traffic: { sent: number }[] }>(listed.stdout)!.traffic;
      if ((traffic[0]?.sent ?? 0) >= 20) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    expect(traffic[0]!.sent).toBeGreaterThanOrEqual(20);

    const sb = await startSandbox({ port: 0, stateFile: join(dir, '.rails', 'sandbox.json') });
    const sdk = sdkClients(sb.endpoint);
    try {
      // Two sandbox minutes on, the minutes with traffic have ended and their metrics are written.
      await new SandboxControl(sb.endpoint, sb.controlToken).advanceClock(120_000);
      const alb = (await sdk.elbv2.send(new DescribeLoadBalancersCommand({ Names: ['dev-alb'] })))
        .LoadBalancers![0]!;
      const dimension = alb.LoadBalancerArn!.split(':loadbalancer/')[1]!;
      const end = new Date(
        Date.parse((await new SandboxControl(sb.endpoint, sb.controlToken).info()).clock.now),
      );
      const data = await sdk.cloudwatch.send(
        new GetMetricDataCommand({
          StartTime: new Date(end.getTime() - 60 * 60_000),
          EndTime: end,
          MetricDataQueries: [
            {
              Id: 'requests',
              MetricStat: {
                Metric: {
                  Namespace: 'AWS/ApplicationELB',
                  MetricName: 'RequestCount',
                  Dimensions: [{ Name: 'LoadBalancer', Value: dimension }],
                },
                Period: 60,
                Stat: 'Sum',
              },
            },
          ],
        }),
      );
      const total = (data.MetricDataResults![0]!.Values ?? []).reduce((a, b) => a + b, 0);
      expect(total).toBeGreaterThanOrEqual(traffic[0]!.sent);
    } finally {
      for (const c of Object.values(sdk)) c.destroy();
      await sb.stop();
    }
  });
});
