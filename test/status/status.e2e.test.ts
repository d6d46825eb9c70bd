/** `rails status` end to end: the real binary against the sandbox, assertions on its --json model. */

import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeServicesCommand, ListTasksCommand, UpdateServiceCommand } from '@aws-sdk/client-ecs';
import { DescribeTargetHealthCommand } from '@aws-sdk/client-elastic-load-balancing-v2';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { BIN, isolatedEnv, runCli } from '../helpers/cli.js';
import { albIps, layRail, type RailFixture, waitHealthy } from '../helpers/rail-fixture.js';
import { hop, railYaml, statusSandbox } from './status-cli.js';

// Every test spawns the CLI (some several times): give a busy machine room.
vi.setConfig({ testTimeout: 180_000, hookTimeout: 240_000 });

const { sb, status } = statusSandbox();

describe('a healthy rail found through rail.yaml', () => {
  let rail: RailFixture;
  let cwd: string;
  beforeAll(async () => {
    rail = await layRail(sb.sdk, {
      stage: 'ok1',
      tagged: true,
      services: [{ name: 'zebra', desiredCount: 2, weights: [100, 0] }],
    });
    cwd = railYaml('ok1', ['zebra']);
    await waitHealthy(sb.sdk, [...rail.nlbTargetGroups, rail.serviceGroups.zebra![0]!]);
  });

  it('exits 0 with every hop ok and the model filled', async () => {
    const { code, report, stderr } = await status([], cwd);
    expect(stderr).not.toMatch(/error/);
    expect(report?.verdict, JSON.stringify(report?.firstProblem)).toBe('ok');
    expect(code).toBe(0);
    expect(report?.hops).toEqual([
      { hop: 'nlb', verdict: 'ok' },
      { hop: 'static-ips', verdict: 'ok' },
      { hop: 'alb', verdict: 'ok' },
      { hop: 'service:zebra', verdict: 'ok' },
    ]);
    expect(report?.schemaVersion).toBe(1);
    expect(report?.discoveredBy).toBe('config');
    expect(report?.nlb).toMatchObject({ name: 'ok1-nlb', state: 'active', scheme: 'internal' });
    expect(report?.nlb.listeners.map((l) => l.port)).toEqual([80, 443]);
    expect(report?.staticIps.mode).toBe('sync');
    expect(report?.staticIps.albIps).toEqual(await albIps(sb.sdk, rail.albArn));
    expect(report?.staticIps.targetGroups[0]).toMatchObject({ missing: [], stale: [] });
    const https = report?.alb.listeners.find((l) => l.port === 443);
    expect(https?.rules.map((r) => r.priority)).toEqual(['10', 'default']);
    expect(https?.rules[0]).toMatchObject({
      hosts: ['api.abq.com'],
      paths: ['/zebra/*'],
      action: { type: 'forward' },
    });
    const zebra = report?.services[0];
    expect(zebra).toMatchObject({
      name: 'zebra',
      cluster: 'default',
      desired: 2,
      running: 2,
      status: 'ACTIVE',
    });
    expect(zebra?.targetGroups.map((t) => [t.name, t.weight, t.healthy])).toEqual([
      ['zebra-blue', 100, 2],
      ['zebra-green', 0, 2],
    ]);
    // Tasks joined to their targets by IP (ECS registers a task in every group of the service).
    expect(zebra?.tasks).toHaveLength(2);
    for (const t of zebra!.tasks)
      expect(t.targets).toEqual([
        { targetGroup: 'zebra-blue', state: 'healthy' },
        { targetGroup: 'zebra-green', state: 'healthy' },
      ]);
    expect(zebra?.targetGroups[0]?.targets.every((t) => t.taskId)).toBe(true);
  });

  it('prints the verdict words in the text view', async () => {
    const { code, stdout } = await runCli(['status'], { endpoint: sb.endpoint, cwd });
    expect(code).toBe(0);
    expect(stdout.split('\n')[0]).toMatch(/\[OK\].*every hop ok/);
    expect(stdout).toMatch(/\[OK\]\s+service zebra/);
  });
});

/** Waits until AWS-side state (read through the SDK) reaches what a test needs. */
async function waitFor(what: string, done: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > until) throw new Error(`${what}: not reached after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function targetStates(tg: string): Promise<string[]> {
  const out = await sb.sdk.elbv2.send(new DescribeTargetHealthCommand({ TargetGroupArn: tg }));
  return (out.TargetHealthDescriptions ?? []).map((d) => d.TargetHealth?.State ?? '');
}

async function serviceOf(name: string) {
  const out = await sb.sdk.ecs.send(new DescribeServicesCommand({ cluster: 'default', services: [name] }));
  return out.services![0]!;
}

describe('a rail made by raw SDK calls, without rails tags, inspected by name', () => {
  let rail: RailFixture;
  const names = ['--nlb', 'raw-lb-n', '--alb', 'raw-lb-a'];
  beforeAll(async () => {
    rail = await layRail(sb.sdk, {
      stage: 'raw',
      tagged: false,
      nlbName: 'raw-lb-n',
      albName: 'raw-lb-a',
      services: [
        { name: 'raw-orders', desiredCount: 1 },
        { name: 'raw-billing', desiredCount: 1 },
      ],
    });
    await waitHealthy(sb.sdk, [
      ...rail.nlbTargetGroups,
      rail.serviceGroups['raw-orders']![0]!,
      rail.serviceGroups['raw-billing']![0]!,
    ]);
  });

  it('finds the services through the ALB rules and target groups', async () => {
    const { code, report } = await status(names);
    expect(report?.discoveredBy).toBe('names');
    expect(report?.stage).toBeUndefined();
    expect(report?.services.map((s) => s.name)).toEqual(['raw-billing', 'raw-orders']);
    expect(report?.verdict).toBe('ok');
    expect(code).toBe(0);
  });

  it('--watch prints a pass per interval and stops on Ctrl-C', async () => {
    const child = spawn(process.execPath, [BIN, 'status', '--json', '--watch', '1', ...names], {
      env: isolatedEnv({}, sb.endpoint),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    const passes = await new Promise<number>((resolve) => {
      child.stdout.on('data', (d) => {
        stdout += d;
        const lines = stdout.split('\n').filter(Boolean);
        if (lines.length >= 2) {
          child.kill('SIGINT');
          resolve(lines.length);
        }
      });
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
    expect(passes).toBeGreaterThanOrEqual(2);
    for (const line of stdout.split('\n').filter(Boolean)) expect(JSON.parse(line).verdict).toBe('ok');
    // It stops by itself (not killed) and exits with the last pass's verdict: every hop was ok.
    expect(code).toBe(0);
  });

  it('narrows to one service with --service', async () => {
    const { code, report } = await status([...names, '--service', 'raw-orders']);
    expect(code).toBe(0);
    expect(report?.services.map((s) => s.name)).toEqual(['raw-orders']);
  });

  it('a task made unhealthy shows its reason code and hint, unhealthy first', async () => {
    await sb.control.control('ecs', 'make-unhealthy', { service: 'raw-orders', reason: 'Target.Timeout' });
    await waitFor('target unhealthy', async () =>
      (await targetStates(rail.serviceGroups['raw-orders']![0]!)).includes('unhealthy'),
    );
    const { code, report } = await status(names);
    expect(code).toBe(1);
    const orders = report!.services.find((s) => s.name === 'raw-orders')!;
    expect(orders.verdict).toBe('broken');
    expect(orders.targetGroups[0]!.targets[0]).toMatchObject({
      state: 'unhealthy',
      reason: 'Target.Timeout',
    });
    expect(orders.targetGroups[0]!.targets[0]!.hint).toMatch(
      /security group must allow the ALB .* container port 8080/,
    );
    expect(orders.reasons[0]).toMatchObject({ level: 'broken', code: 'Target.Timeout' });
    expect(report!.firstProblem).toMatchObject({
      hop: 'service:raw-orders',
      verdict: 'broken',
      code: 'Target.Timeout',
    });
    expect(hop(report, 'service:raw-billing')).toBe('ok');
    await sb.control.control('ecs', 'heal', { service: 'raw-orders' });
  });

  it('a stopped task shows its stop reason, grouped', async () => {
    await sb.control.control('ecs', 'stop-task', {
      service: 'raw-billing',
      reason: 'OutOfMemoryError: Container killed due to memory usage',
    });
    await waitFor('a stopped task', async () => {
      const out = await sb.sdk.ecs.send(
        new ListTasksCommand({ cluster: 'default', serviceName: 'raw-billing', desiredStatus: 'STOPPED' }),
      );
      return (out.taskArns ?? []).length > 0;
    });
    const { report } = await status(names);
    const billing = report!.services.find((s) => s.name === 'raw-billing')!;
    expect(billing.stoppedTasks[0]).toMatchObject({
      reason: 'OutOfMemoryError: Container killed due to memory usage',
      count: 1,
    });
    expect(billing.reasons.some((r) => r.code === 'Tasks.Stopped')).toBe(true);
  });
});

describe('drift and failures on a tagged rail', () => {
  let rail: RailFixture;
  let cwd: string;
  beforeAll(async () => {
    rail = await layRail(sb.sdk, {
      stage: 'bad1',
      tagged: true,
      services: [
        { name: 'stuck', desiredCount: 0 },
        { name: 'fine', desiredCount: 1 },
      ],
    });
    cwd = railYaml('bad1', ['stuck', 'fine']);
    await waitHealthy(sb.sdk, [...rail.nlbTargetGroups, rail.serviceGroups.fine![0]!]);
  });

  it('a service that cannot place tasks is broken, with the event', async () => {
    await sb.control.control('ecs', 'fail-placement', { service: 'stuck' });
    await sb.sdk.ecs.send(
      new UpdateServiceCommand({ cluster: 'default', service: 'stuck', desiredCount: 2 }),
    );
    await waitFor('a placement failure event', async () =>
      ((await serviceOf('stuck')).events ?? []).some((e) => /unable to place/.test(e.message ?? '')),
    );
    const { code, report } = await status([], cwd);
    expect(code).toBe(1);
    const stuck = report!.services.find((s) => s.name === 'stuck')!;
    expect(stuck.reasons[0]).toMatchObject({ level: 'broken', code: 'Service.CannotPlaceTasks' });
    expect(stuck.reasons[0]!.message).toMatch(/unable to place a task/);
    expect(stuck.events.some((e) => /unable to place a task/.test(e.message))).toBe(true);
    expect(hop(report, 'service:fine')).toBe('ok');
  });

  it('ALB IPs rotated without a sync: the drift is shown and status exits 1', async () => {
    const before = await albIps(sb.sdk, rail.albArn);
    await sb.control.rotateIps('bad1-alb', { replace: 1 });
    const after = await albIps(sb.sdk, rail.albArn);
    const gone = before.filter((ip) => !after.includes(ip));
    const added = after.filter((ip) => !before.includes(ip));
    const { code, report } = await status([], cwd);
    expect(code).toBe(1);
    expect(report!.staticIps.verdict).toBe('degraded');
    expect(report!.staticIps.albIps).toEqual(after);
    for (const g of report!.staticIps.targetGroups) {
      expect(g.missing).toEqual(added);
      expect(g.stale).toEqual(gone);
    }
    expect(report!.staticIps.reasons.map((r) => r.code)).toEqual(
      expect.arrayContaining(['StaticIps.Missing', 'StaticIps.Stale']),
    );
    // The NLB hop itself is not blamed for targets that are no longer ALB IPs.
    expect(report!.nlb.reasons.filter((r) => r.level !== 'warning')).toEqual([]);
  });
});

describe('every ALB IP rotated without a sync', () => {
  let cwd: string;
  beforeAll(async () => {
    const rail = await layRail(sb.sdk, {
      stage: 'rot2',
      tagged: true,
      services: [{ name: 'rot-svc', desiredCount: 1 }],
    });
    cwd = railYaml('rot2', ['rot-svc']);
    await waitHealthy(sb.sdk, [...rail.nlbTargetGroups, rail.serviceGroups['rot-svc']![0]!]);
  });

  it('the static-IP hop is broken and named on the first line', async () => {
    await sb.control.rotateIps('rot2-alb', { replace: 'all' });
    const { code, report, stdout } = await Promise.all([
      status([], cwd),
      runCli(['status'], { endpoint: sb.endpoint, cwd }),
    ]).then(([j, t]) => ({ ...j, stdout: t.stdout }));
    expect(code).toBe(1);
    expect(report!.staticIps.verdict).toBe('broken');
    expect(report!.staticIps.reasons[0]!.code).toBe('StaticIps.NoCurrentAlbIp');
    // The static-IP hop comes first on the path.
    expect(report!.firstProblem).toMatchObject({ hop: 'static-ips', verdict: 'broken' });
    expect(stdout.split('\n')[0]).toMatch(
      /^\[BROKEN\]\s+first broken hop: static-ips: StaticIps.NoCurrentAlbIp/,
    );
  });
});

describe('usage', () => {
  it('exits 2 without rail.yaml or names', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rails-empty-'));
    const { code, stderr } = await runCli(['status'], { endpoint: sb.endpoint, cwd: dir });
    expect(code).toBe(2);
    expect(stderr).toMatch(/no rail to inspect/);
  });

  it('exits 2 for --nlb without --alb', async () => {
    const { code, stderr } = await runCli(['status', '--nlb', 'x-nlb'], { endpoint: sb.endpoint });
    expect(code).toBe(2);
    expect(stderr).toMatch(/--nlb and --alb go together/);
  });

  it('reports a missing rail as broken with exit 1', async () => {
    const { code, report } = await status(['--nlb', 'nope-nlb', '--alb', 'nope-alb']);
    expect(code).toBe(1);
    expect(report!.firstProblem).toMatchObject({ hop: 'nlb', code: 'Nlb.NotFound' });
  });
});
