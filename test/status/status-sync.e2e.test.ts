/**
 * `rails status` end to end with the sync state: after real sync-ips passes, on a rail laid by
 * `rails up`, and with AWS's clock minutes behind this machine's (the sync state's age is AWS's).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { InvokeCommand } from '@aws-sdk/client-lambda';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { AwsClients } from '../../src/lib/aws/clients.js';
import { parseRailConfig } from '../../src/lib/config/load.js';
import { ensureSyncRunner } from '../../src/lib/rail/sync-runner/deploy.js';
import { runCli } from '../helpers/cli.js';
import { layRail, startRailSandbox, waitHealthy } from '../helpers/rail-fixture.js';
import { type TestSandbox, withFault } from '../helpers/sandbox.js';
import { railYaml, runStatusJson, statusSandbox } from './status-cli.js';

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

  it('reads the sync state on its own when the target groups status reads fail', async () => {
    // status's own reads of the NLB's and the ALB's target groups both fail: the sync state's reader
    // cannot take the groups from them and finds the rail's groups itself.
    const denied = { service: 'elbv2', operation: 'DescribeTargetGroups', code: 'AccessDenied', status: 403 };
    await withFault(sb, { ...denied, times: 2 }, async () => {
      const { report } = await status([], cwd);
      expect(report!.readErrors.map((e) => e.what).sort()).toEqual([
        'ALB target groups',
        'NLB target groups',
      ]);
      // Every hop whose targets were not read says so, rather than that they have none.
      expect(report!.nlb.reasons.map((r) => r.code)).toEqual(['Targets.NotRead', 'Targets.NotRead']);
      expect(report!.services.map((x) => x.reasons.map((r) => r.code))).toEqual([['Targets.NotRead']]);
      expect(report!.firstProblem).toMatchObject({ hop: 'nlb', code: 'Targets.NotRead' });
      const staticIps = report!.staticIps;
      expect(staticIps.reasons.map((r) => r.code)).toEqual(['Targets.NotRead', 'Targets.NotRead']);
      // The counters come from the sync state alone: the previous test left one IP pending in each.
      expect(
        staticIps.targetGroups.map((g) => g.pendingDeregistration.map((p) => [p.count, p.threshold])),
      ).toEqual([[[1, 3]], [[1, 3]]]);
      expect(staticIps.targetGroups.every((g) => g.missing.length === 0)).toBe(true);
    });
  });
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

describe("this machine's clock ten minutes ahead of AWS's", () => {
  const MINUTE = 60_000;
  const BUCKET = 'skw-sync-state';
  let behind: TestSandbox;
  let cwd: string;
  let nlbGroups: string[];
  const sync = () => runCli(['sync-ips', '--once'], { endpoint: behind.endpoint, cwd });
  const statusBehind = () => runStatusJson(behind.endpoint, [], cwd);
  /** AWS's now, as the sandbox's clock says. */
  const awsNow = async () => Date.parse((await behind.control.info()).clock.now);
  /** The last successful pass each NLB target group's state records, read through S3. */
  async function stamps(): Promise<number[]> {
    const { HeadObjectCommand, ListObjectsV2Command } = await import('@aws-sdk/client-s3');
    const listed = await behind.sdk.s3.send(new ListObjectsV2Command({ Bucket: BUCKET }));
    const keys = (listed.Contents ?? []).map((o) => o.Key!);
    return Promise.all(
      nlbGroups.map(async (arn) => {
        const key = keys.find(
          (k) => k.startsWith(`${arn}/`) && k.includes('/Pending deregistration IP list'),
        );
        expect(key, arn).toBeDefined();
        const head = await behind.sdk.s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: key }));
        return Date.parse(head.Metadata!['rails-last-success']!);
      }),
    );
  }

  beforeAll(async () => {
    behind = await startRailSandbox({ clockOffsetMs: -10 * MINUTE });
    const { CreateBucketCommand } = await import('@aws-sdk/client-s3');
    const rail = await layRail(behind.sdk, {
      stage: 'skw',
      tagged: true,
      services: [{ name: 'skw-svc', desiredCount: 1 }],
    });
    nlbGroups = rail.nlbTargetGroups;
    await behind.sdk.s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
    cwd = railYaml('skw', ['skw-svc'], ['sync:', `  bucket: ${BUCKET}`]);
    await waitHealthy(behind.sdk, [...rail.nlbTargetGroups, rail.serviceGroups['skw-svc']![0]!]);
  });
  afterAll(async () => {
    await behind?.stop();
  });

  it('a pass just made is stamped on AWS’s clock and is no Sync.Behind', async () => {
    expect(Date.now() - (await awsNow())).toBeGreaterThan(9 * MINUTE);
    const before = await awsNow();
    const pass = await sync();
    expect(pass.code, pass.stderr).toBe(0);
    const after = await awsNow();
    // AWS-side: the state says the pass happened at AWS's time, not this machine's.
    for (const at of await stamps()) {
      // The SDK reads AWS's clock from a Date header of whole seconds.
      expect(at).toBeGreaterThanOrEqual(before - 2_000);
      expect(at).toBeLessThanOrEqual(after);
    }
    const { code, report } = await statusBehind();
    expect(report!.staticIps.sync.source).toBe('state');
    expect(report!.staticIps.sync.ageSeconds).toBeLessThan(60);
    expect(report!.staticIps.reasons.map((r) => r.code)).not.toContain('Sync.Behind');
    expect(report!.staticIps.verdict).toBe('ok');
    expect(code).toBe(0);
  });

  it("no pass for four intervals of AWS's clock is still Sync.Behind, aged on AWS's clock", async () => {
    const last = Math.max(...(await stamps()));
    await behind.control.advanceClock(4 * MINUTE);
    const { report } = await statusBehind();
    const age = report!.staticIps.sync.ageSeconds!;
    const awsAge = ((await awsNow()) - last) / 1000;
    // Between AWS's age when status read and when it had answered; this machine's would be ten minutes more.
    expect(age).toBeGreaterThanOrEqual(4 * 60);
    expect(age).toBeLessThanOrEqual(Math.ceil(awsAge));
    const behindReason = report!.staticIps.reasons.find((r) => r.code === 'Sync.Behind');
    expect(behindReason?.message).toMatch(new RegExp(`the last successful sync was ${age} s ago`));
  });

  it("the sync Lambda the sandbox runs stamps its pass on AWS's clock too: the state is fresh again", async () => {
    const file = join(cwd, 'rail.yaml');
    const rail = parseRailConfig(
      readFileSync(file, 'utf8').replace('sync:\n', 'sync:\n  runner: lambda\n'),
      file,
    );
    const aws = new AwsClients({
      region: 'us-east-1',
      endpoint: behind.endpoint,
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      userAgent: 'rails-test',
    });
    await behind.control.settings({ rolePropagationMs: 50 });
    try {
      await ensureSyncRunner(aws, rail, { dryRun: false, report: () => undefined });
    } finally {
      await aws.destroy();
    }
    const before = await awsNow();
    const out = await behind.sdk.lambda.send(new InvokeCommand({ FunctionName: 'skw-rails-sync-ips' }));
    expect(out.FunctionError).toBeUndefined();
    // The schedule may run the function as well: every pass it makes is on AWS's clock all the same.
    const at = await stamps();
    const upper = await awsNow();
    for (const t of at) {
      expect(t).toBeGreaterThanOrEqual(before - 2_000);
      expect(t).toBeLessThanOrEqual(upper);
    }
    const { report } = await statusBehind();
    expect(report!.staticIps.sync.ageSeconds).toBeLessThan(60);
    expect(report!.staticIps.reasons.map((r) => r.code)).not.toContain('Sync.Behind');
  });
});
