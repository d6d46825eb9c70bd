/** `rails status` end to end with the sync state: after real sync-ips passes, and on a rail laid by `rails up`. */
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { layRail, waitHealthy } from '../helpers/rail-fixture.js';
import { railYaml, statusSandbox } from './status-cli.js';

// Every test spawns the CLI (some several times): give a busy machine room.
vi.setConfig({ testTimeout: 180_000, hookTimeout: 240_000 });

const { sb, status } = statusSandbox();

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
  beforeAll(async () => {
    const up = await runCli(['up', '--yes', ...example], { endpoint: sb.endpoint, timeoutMs: 200_000 });
    expect(up.code, up.stderr).toBe(0);
    expect(up.stderr).toContain('first sync pass');
  }, 240_000);

  it("up's first sync pass leaves every hop ok, the service found under its ECS name", async () => {
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
    // AWS-side: both NLB target groups hold exactly the ALB's node IPs.
    const { DescribeNetworkInterfacesCommand } = await import('@aws-sdk/client-ec2');
    const { DescribeLoadBalancersCommand, DescribeTargetGroupsCommand, DescribeTargetHealthCommand } =
      await import('@aws-sdk/client-elastic-load-balancing-v2');
    const [alb] = (await sb.sdk.elbv2.send(new DescribeLoadBalancersCommand({ Names: ['dev-alb'] })))
      .LoadBalancers!;
    const enis = await sb.sdk.ec2.send(
      new DescribeNetworkInterfacesCommand({
        Filters: [
          { Name: 'description', Values: [`ELB ${alb!.LoadBalancerArn!.split(':loadbalancer/')[1]}`] },
        ],
      }),
    );
    const albIps = enis.NetworkInterfaces!.map((e) => e.PrivateIpAddress).sort();
    expect(albIps.length).toBeGreaterThan(0);
    const groups = (
      await sb.sdk.elbv2.send(new DescribeTargetGroupsCommand({ Names: ['dev-nlb-80', 'dev-nlb-443'] }))
    ).TargetGroups!;
    for (const g of groups) {
      const health = await sb.sdk.elbv2.send(
        new DescribeTargetHealthCommand({ TargetGroupArn: g.TargetGroupArn }),
      );
      expect(health.TargetHealthDescriptions!.map((t) => t.Target!.Id).sort()).toEqual(albIps);
    }
    const narrowed = await status([...example, '--service', 'ice-station-zebra']);
    expect(narrowed.report!.services.map((s) => s.name)).toEqual(['dev-ice-station-zebra']);
  }, 180_000);

  it('ALB IPs rotated afterwards: drift until a sync pass registers the new IPs', async () => {
    await sb.control.rotateIps('dev-alb', { replace: 'all' });
    const drift = await status(example);
    expect(drift.code).toBe(1);
    expect(drift.report!.staticIps.verdict).not.toBe('ok');
    expect(drift.report!.staticIps.targetGroups.every((g) => g.missing.length > 0)).toBe(true);
    const sync = await runCli(['sync-ips', '--once', ...example], { endpoint: sb.endpoint });
    expect(sync.code, sync.stderr).toBe(0);
    const { report } = await status(example);
    expect(report!.staticIps.targetGroups.every((g) => g.missing.length === 0)).toBe(true);
  }, 180_000);
});
