// `rails sync-ips --once` end to end: the real binary against the sandbox, AWS-side state checked
// through the SDK.
import { ListMetricsCommand } from '@aws-sdk/client-cloudwatch';
import { DeregisterTargetsCommand } from '@aws-sdk/client-elastic-load-balancing-v2';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { beforeAll, describe, expect, it } from 'vitest';
import { stateKeys } from '../../src/lib/sync/state-format.js';
import { runCli } from '../helpers/cli.js';
import { albIps, liveTargets, targets } from '../helpers/rail-fixture.js';
import { sandboxPerFile } from '../helpers/sandbox.js';
import { laySyncRail, type SyncFixture, sleep, startSyncSandbox, syncOnce } from './sync-fixture.js';

const sb = sandboxPerFile(startSyncSandbox);
let f: SyncFixture;

const sync = (args: string[] = []) => syncOnce(sb.endpoint, f.dir, args);

beforeAll(async () => {
  f = await laySyncRail(sb.sdk, 'synce2e');
  await sleep(60);
});

describe('rails sync-ips --once', () => {
  it('registers every ALB IP in both NLB target groups at their listener ports', async () => {
    const ips = await albIps(sb.sdk, f);
    const { code, report, stderr } = await sync();
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(report!.ips).toEqual(ips);
    expect(report!.targetGroups.map((t) => [t.name, t.port, t.matches])).toEqual([
      ['synce2e-nlb-80', 80, true],
      ['synce2e-nlb-443', 443, true],
    ]);
    expect(await liveTargets(sb.sdk, f.tg80)).toEqual(ips);
    expect(await liveTargets(sb.sdk, f.tg443)).toEqual(ips);
    // State in the seed layout, keyed by target group, with the time of the pass.
    const obj = await sb.sdk.s3.send(
      new GetObjectCommand({ Bucket: f.bucket, Key: stateKeys(f.tg80, f.albDns).pending }),
    );
    expect(obj.Metadata?.['rails-last-success']).toBe(report!.at);
    const active = JSON.parse(
      (await (
        await sb.sdk.s3.send(
          new GetObjectCommand({ Bucket: f.bucket, Key: stateKeys(f.tg80, f.albDns).active }),
        )
      ).Body!.transformToString())!,
    );
    expect(active).toMatchObject({ LoadBalancerName: f.albDns, IPList: ips, IPCount: ips.length });
    // Metrics in our own namespace, per ALB and target group.
    const metrics = await sb.sdk.cloudwatch.send(new ListMetricsCommand({ Namespace: 'Rails/StaticIpSync' }));
    const names = new Set((metrics.Metrics ?? []).map((m) => m.MetricName));
    for (const n of [
      'LoadBalancerIPCount',
      'RegisteredCount',
      'DeregisteredCount',
      'PendingCount',
      'FailureCount',
    ])
      expect(names.has(n)).toBe(true);
  });

  it('a second pass in sync changes nothing', async () => {
    await sb.resetRequests();
    const { code, report } = await sync();
    expect(code).toBe(0);
    for (const tg of report!.targetGroups)
      expect([tg.registered, tg.deregistered, tg.matches]).toEqual([[], [], true]);
    const ops = (await sb.requests({ service: 'elbv2' })).map((r) => r.operation);
    expect(ops).not.toContain('RegisterTargets');
    expect(ops).not.toContain('DeregisterTargets');
  });

  it('after a rotation: new IPs registered at once, old ones pending, deregistered after --misses passes', async () => {
    const before = await albIps(sb.sdk, f);
    await sb.control.rotateIps(f.albName, { replace: 'all' });
    const after = await albIps(sb.sdk, f);
    expect(after.some((ip) => before.includes(ip))).toBe(false);

    const first = await sync(['--misses', '2']);
    expect(first.code).toBe(0);
    for (const tg of first.report!.targetGroups) {
      expect(tg.registered).toEqual(after);
      expect(tg.deregistered).toEqual([]);
      expect(tg.pending.map((p) => [p.ip, p.misses, p.of])).toEqual(before.map((ip) => [ip, 1, 2]));
      expect(tg.matches).toBe(false);
    }
    expect(await liveTargets(sb.sdk, f.tg80)).toEqual([...before, ...after].sort());
    await sleep(120); // the new targets pass their health checks

    const second = await sync(['--misses', '2']);
    expect(second.code).toBe(0);
    for (const tg of second.report!.targetGroups) {
      expect(tg.registered).toEqual([]);
      expect(tg.deregistered).toEqual(before);
      expect(tg.pending).toEqual([]);
      expect(tg.matches).toBe(true);
    }
    expect(await liveTargets(sb.sdk, f.tg80)).toEqual(after);
    expect(await liveTargets(sb.sdk, f.tg443)).toEqual(after);
    const states = await targets(sb.sdk, f.tg80);
    for (const ip of before) expect(states[ip] ?? 'gone').toMatch(/draining|gone/);
  });

  it('an ALB IP whose target drains is registered again at once, not after the drain', async () => {
    // As when another runner deregistered it, or the ALB got a freed IP back: the IP is current, its
    // target drains, and the NLB cannot open new connections to it until it is registered again.
    const [back] = await albIps(sb.sdk, f);
    await sb.sdk.elbv2.send(
      new DeregisterTargetsCommand({ TargetGroupArn: f.tg80, Targets: [{ Id: back!, Port: 80 }] }),
    );
    expect((await targets(sb.sdk, f.tg80))[back!]).toBe('draining');
    const { code, report } = await sync();
    expect(code).toBe(0);
    const tg = report!.targetGroups.find((t) => t.port === 80)!;
    expect(tg.registered).toEqual([back]);
    expect(tg.waiting).toEqual([]);
    expect(tg.matches).toBe(true);
    expect((await targets(sb.sdk, f.tg80))[back!]).not.toMatch(/draining/);
    expect(await liveTargets(sb.sdk, f.tg80)).toEqual(await albIps(sb.sdk, f));
  });

  it('--dry-run prints the plan and changes nothing', async () => {
    await sb.control.rotateIps(f.albName, { add: 1 });
    const ips = await albIps(sb.sdk, f);
    const live = await liveTargets(sb.sdk, f.tg80);
    await sb.resetRequests();
    const { code, report } = await sync(['--dry-run']);
    expect(code).toBe(0);
    expect(report!.dryRun).toBe(true);
    expect(report!.targetGroups[0]!.registered).toEqual(ips.filter((ip) => !live.includes(ip)));
    expect(report!.targetGroups[0]!.registered).toHaveLength(1);
    expect(await liveTargets(sb.sdk, f.tg80)).toEqual(live);
    const mutating = (await sb.requests()).filter((r) =>
      ['RegisterTargets', 'DeregisterTargets', 'PutObject', 'PutMetricData'].includes(r.operation),
    );
    expect(mutating).toEqual([]);
  });

  it('--listener 443 narrows the pass to that target group', async () => {
    const { code, report } = await sync(['--listener', '443']);
    expect(code).toBe(0);
    expect(report!.targetGroups.map((t) => t.port)).toEqual([443]);
    expect(await liveTargets(sb.sdk, f.tg443)).toEqual(await albIps(sb.sdk, f));
    expect((await liveTargets(sb.sdk, f.tg80)).length).toBeLessThan((await albIps(sb.sdk, f)).length);
  });

  it('prints per target group what it did, for people', async () => {
    const out = await runCli(['sync-ips', '--once'], { endpoint: sb.endpoint, cwd: f.dir });
    expect(out.code).toBe(0);
    expect(out.stdout).toMatch(/synce2e-nlb-80 \(port 80\): matches the ALB/);
    expect(out.stdout).toMatch(/register\s+10\.0\.\d+\.\d+/);
    expect(out.stdout).toMatch(/synce2e-nlb-443 \(port 443\): matches the ALB/);
    expect(out.stdout).toMatch(/pending\s+-/);
  });
});
