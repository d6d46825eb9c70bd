// `rails up` with `sync.runner: lambda`: the rail follows a rotation of the ALB's IPs with no CLI
// involved (the sandbox's time scale makes rate(1 minute) fire every second), and `up` again changes
// nothing in the sync resources.

import { readFileSync, writeFileSync } from 'node:fs';
import {
  DescribeLoadBalancersCommand,
  DescribeTargetGroupsCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { albIps, liveTargets } from '../helpers/rail-fixture.js';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';
import { byLambdaFunction } from '../rail/helpers.js';
import { type SyncFixture, sleep, writeRailYaml } from './sync-fixture.js';

let sb: TestSandbox;
let dir: string;

beforeAll(async () => {
  sb = await startTestSandbox({
    settings: { provisionMs: 20, healthCheckMs: 50, taskStepMs: 20, rolePropagationMs: 300 },
  });
  dir = writeRailYaml('syncup', 'syncup-rails-sync-state', []).dir;
  const file = `${dir}/rail.yaml`;
  writeFileSync(file, readFileSync(file, 'utf8').replace('sync:\n', 'sync:\n  runner: lambda\n'));
});
afterAll(async () => {
  await sb?.stop();
});

it('up deploys the sync Lambda; it follows a rotation; up again changes nothing in the sync resources', async () => {
  const first = await runCli(['up', '--yes'], { endpoint: sb.endpoint, cwd: dir, timeoutMs: 120_000 });
  expect(first.code, first.stderr).toBe(0);
  // The sync resources are in the plan printed before anything is applied, and counted in it.
  const plan = first.stdout.slice(0, first.stdout.indexOf('Plan:'));
  for (const kind of ['s3-bucket', 'iam-role', 'lambda', 'schedule', 'schedule-target', 'lambda-permission'])
    expect(plan).toMatch(new RegExp(`create\\s+${kind}\\s`));
  const created = plan.split('\n').filter((l) => /^\s*\+ create/.test(l)).length;
  expect(first.stdout).toContain(`Plan: ${created} to create`);
  expect(first.stderr).toContain(`applying ${created} change(s)`);
  const tgs = await sb.sdk.elbv2.send(
    new DescribeTargetGroupsCommand({ Names: ['syncup-nlb-80', 'syncup-nlb-443'] }),
  );
  const [tg80, tg443] = tgs.TargetGroups!.map((t) => t.TargetGroupArn!);
  const lbs = await sb.sdk.elbv2.send(new DescribeLoadBalancersCommand({ Names: ['syncup-alb'] }));
  const alb = { albArn: lbs.LoadBalancers![0]!.LoadBalancerArn!, albName: 'syncup-alb' } as SyncFixture;

  await sb.control.settings({ timeScale: 60 });
  await sb.control.rotateIps('syncup-alb', { replace: 'all' });
  const after = await albIps(sb.sdk, alb);
  const started = Date.now();
  let live: string[] = [];
  while (Date.now() - started < 60_000) {
    live = await liveTargets(sb.sdk, tg443!);
    if (live.join() === after.join()) break;
    await sleep(250);
  }
  expect(live).toEqual(after);
  expect(await liveTargets(sb.sdk, tg80!)).toEqual(after);
  await sb.control.settings({ timeScale: 1 });

  await sb.resetRequests();
  const second = await runCli(['up', '--yes'], { endpoint: sb.endpoint, cwd: dir, timeoutMs: 120_000 });
  expect(second.code, second.stderr).toBe(0);
  for (const kind of ['s3-bucket', 'iam-role', 'lambda', 'schedule', 'schedule-target', 'lambda-permission'])
    expect(`${second.stdout}\n${second.stderr}`).toMatch(new RegExp(`unchanged\\s+${kind}\\s`));
  const syncWrites = (await sb.requests())
    // The scheduled Lambda's own calls (its state writes) may land meanwhile; they are not `up`'s.
    .filter((r) => r.mutating && !byLambdaFunction(r));
  expect(syncWrites.map((r) => `${r.service}:${r.operation}`)).toEqual([]);
  // Each thing is read once: the sync runner's plan, the first-sync check and the summary reuse
  // what discovery read (the load balancers, the NLB's listeners, its groups' targets).
  const reads: Record<string, number> = {};
  for (const r of await sb.requests())
    if (!r.mutating && !byLambdaFunction(r)) reads[r.operation] = (reads[r.operation] ?? 0) + 1;
  expect({
    DescribeLoadBalancers: reads.DescribeLoadBalancers,
    DescribeListeners: reads.DescribeListeners,
    DescribeTargetHealth: reads.DescribeTargetHealth,
    GetFunction: reads.GetFunction,
    DescribeRule: reads.DescribeRule,
    GetPolicy: reads.GetPolicy,
  }).toEqual({
    DescribeLoadBalancers: 1,
    DescribeListeners: 2,
    DescribeTargetHealth: 2,
    GetFunction: 1,
    DescribeRule: 1,
    GetPolicy: 1,
  });
}, 300_000);
