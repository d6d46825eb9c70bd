/** `rails status` end to end with the sync state: after real sync-ips passes, and on a rail laid by `rails up`. */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';
import { layRail, waitHealthy } from './rail-fixture.js';
import { hop, railYaml, runStatusJson } from './status-cli.js';

// Every test spawns the CLI (some several times): give a busy machine room.
vi.setConfig({ testTimeout: 180_000, hookTimeout: 240_000 });

let sb: TestSandbox;

async function status(args: string[], cwd?: string) {
  return runStatusJson(sb.endpoint, args, cwd);
}

beforeAll(async () => {
  sb = await startTestSandbox();
  await sb.control.settings({ healthCheckMs: 50, taskStepMs: 20, provisionMs: 50 });
});
afterAll(async () => {
  await sb?.stop();
});

describe('the sync state', () => {
  let cwd: string;
  beforeAll(async () => {
    const { CreateBucketCommand } = await import('@aws-sdk/client-s3');
    const rail = await layRail(sb.sdk, {
      stage: 'syn1',
      tagged: true,
      services: [{ name: 'syn-svc', desiredCount: 1 }],
    });
    await sb.sdk.s3.send(new CreateBucketCommand({ Bucket: 'syn1-sync-state' }));
    cwd = railYaml(
      'syn1',
      ['syn-svc'],
      ['sync:', '  bucket: syn1-sync-state', '  missesBeforeDeregister: 3'],
    );
    await waitHealthy(sb.sdk, [...rail.nlbTargetGroups, rail.serviceGroups['syn-svc']![0]!]);
  });

  it('shows the age of the last successful sync and the pending deregistrations with counters', async () => {
    const first = await runCli(['sync-ips', '--once'], { endpoint: sb.endpoint, cwd });
    expect(first.code, first.stderr).toBe(0);
    const synced = await status([], cwd);
    expect(synced.report!.staticIps.sync.source).toBe('state');
    expect(synced.report!.staticIps.sync.ageSeconds).toBeLessThan(60);
    expect(synced.report!.staticIps.reasons.map((r) => r.code)).not.toContain('Sync.NoState');

    const { before, after } = await sb.control.rotateIps<{ before: string[]; after: string[] }>('syn1-alb', {
      replace: 1,
    });
    const gone = before.filter((ip) => !after.includes(ip));
    const second = await runCli(['sync-ips', '--once'], { endpoint: sb.endpoint, cwd });
    expect(second.code, second.stderr).toBe(0);
    const { report } = await status([], cwd);
    for (const g of report!.staticIps.targetGroups) {
      expect(g.missing).toEqual([]);
      expect(g.stale).toEqual([]);
      expect(g.pendingDeregistration).toEqual(gone.map((ip) => ({ ip, count: 1, threshold: 3 })));
    }
    expect(report!.staticIps.verdict).toBe('ok');
    expect(report!.staticIps.reasons.map((r) => r.code)).toContain('StaticIps.PendingDeregistration');
  }, 180_000);
});

describe('the example rail laid by rails up', () => {
  const example = ['--config', 'examples/rail.yaml'];
  let upAt = 0;
  beforeAll(async () => {
    const up = await runCli(['up', '--yes', ...example], { endpoint: sb.endpoint, timeoutMs: 200_000 });
    expect(up.code, up.stderr).toBe(0);
    upAt = Date.now();
  }, 240_000);

  it('before the first sync pass: the static-IP hop is named first, the NLB is not blamed', async () => {
    const { code, report } = await status(example);
    // The scheduled Lambda first runs a minute after `up` made its schedule; until then no ALB IP is
    // registered. Only a machine too slow to read the rail within 50 s could see the first pass.
    if (Date.now() - upAt > 50_000) return;
    expect(report!.staticIps.sync.source).toBe('none');
    expect(code).toBe(1);
    expect(report!.firstProblem).toMatchObject({ hop: 'static-ips', code: 'StaticIps.NoCurrentAlbIp' });
    expect(hop(report, 'nlb')).toBe('ok');
  });

  it('after a sync pass every hop is ok, the service found under its ECS name', async () => {
    const sync = await runCli(['sync-ips', '--once', ...example], { endpoint: sb.endpoint });
    expect(sync.code, sync.stderr).toBe(0);
    const { code, report } = await status(example);
    expect(report!.firstProblem).toBeUndefined();
    expect(code).toBe(0);
    expect(report!.stage).toBe('dev');
    expect(report!.hops.map((h) => h.hop)).toEqual([
      'nlb',
      'static-ips',
      'alb',
      'service:dev-ice-station-zebra',
    ]);
    expect(report!.staticIps.sync.source).toBe('state');
    expect(report!.services[0]).toMatchObject({ desired: 2, running: 2 });
    const narrowed = await status([...example, '--service', 'ice-station-zebra']);
    expect(narrowed.report!.services.map((s) => s.name)).toEqual(['dev-ice-station-zebra']);
  }, 180_000);
});
