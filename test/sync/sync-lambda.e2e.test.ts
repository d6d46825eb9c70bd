// The scheduled sync Lambda, deployed by ensureSyncRunner (what `up` calls): least-privilege role, the
// bundled engine on nodejs22.x, a rate(1 minute) schedule; under the sandbox's time scale it follows a
// rotation with no CLI involved, and deploying again changes nothing.
import { readFileSync } from 'node:fs';
import { DescribeRuleCommand, ListTargetsByRuleCommand } from '@aws-sdk/client-eventbridge';
import { GetRolePolicyCommand } from '@aws-sdk/client-iam';
import { GetFunctionCommand, GetPolicyCommand, InvokeCommand } from '@aws-sdk/client-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AwsClients } from '../../src/lib/aws/clients.js';
import type { PlanItem } from '../../src/lib/common/plan.js';
import { parseRailConfig } from '../../src/lib/config/load.js';
import type { RailConfig } from '../../src/lib/config/schema.js';
import { ensureSyncRunner, removeSyncRunner } from '../../src/lib/rail/sync-runner/deploy.js';
import { albIps, liveTargets } from '../helpers/rail-fixture.js';
import { startTestSandbox, type TestSandbox, withFault } from '../helpers/sandbox.js';
import { laySyncRail, type SyncFixture, sleep } from './sync-fixture.js';

let sb: TestSandbox;
let f: SyncFixture;
let aws: AwsClients;
let rail: RailConfig;

async function deploy(dryRun = false): Promise<PlanItem[]> {
  const items: PlanItem[] = [];
  await ensureSyncRunner(aws, rail, { dryRun, report: (i) => items.push(i) });
  return items;
}

beforeAll(async () => {
  sb = await startTestSandbox({ settings: { provisionMs: 20, healthCheckMs: 50, rolePropagationMs: 300 } });
  f = await laySyncRail(sb.sdk, 'synclambda');
  const text = readFileSync(f.configFile, 'utf8').replace('sync:\n', 'sync:\n  runner: lambda\n');
  rail = parseRailConfig(text, f.configFile);
  aws = new AwsClients({
    region: 'us-east-1',
    endpoint: sb.endpoint,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    userAgent: 'rails-test',
  });
}, 120_000);
afterAll(async () => {
  await aws?.destroy();
  await sb?.stop();
});

describe('the scheduled sync Lambda', () => {
  it('a dry run plans every resource and changes nothing', async () => {
    await sb.resetRequests();
    const items = await deploy(true);
    expect(items.map((i) => [i.kind, i.action])).toEqual([
      ['s3-bucket', 'unchanged'],
      ['iam-role', 'create'],
      ['lambda', 'create'],
      ['schedule', 'create'],
      ['schedule-target', 'create'],
      ['lambda-permission', 'create'],
    ]);
    expect((await sb.requests()).filter((r) => r.mutating)).toEqual([]);
  });

  it('deploys the function, its least-privilege role, the schedule and a scoped permission', async () => {
    const items = await deploy();
    expect(items.filter((i) => i.action === 'create').map((i) => i.kind)).toEqual([
      'iam-role',
      'lambda',
      'schedule',
      'schedule-target',
      'lambda-permission',
    ]);
    const fn = await sb.sdk.lambda.send(
      new GetFunctionCommand({ FunctionName: 'synclambda-rails-sync-ips' }),
    );
    expect(fn.Configuration).toMatchObject({ Runtime: 'nodejs22.x', Handler: 'sync-lambda.handler' });
    expect(fn.Configuration!.Environment!.Variables!.RAILS_SYNC_TARGET_GROUPS).toBe(
      `80=${f.tg80},443=${f.tg443}`,
    );
    const policy = JSON.parse(
      decodeURIComponent(
        (
          await sb.sdk.iam.send(
            new GetRolePolicyCommand({ RoleName: 'synclambda-rails-sync-ips', PolicyName: 'rails-sync-ips' }),
          )
        ).PolicyDocument!,
      ),
    );
    const stmt = (sid: string) => policy.Statement.find((s: any) => s.Sid === sid);
    expect(stmt('FollowAlbIps').Resource).toEqual([f.tg80, f.tg443].sort());
    expect(stmt('SyncState').Resource).toBe(`arn:aws:s3:::${f.bucket}/*`);
    expect(stmt('ReadAlbInterfaces').Action).toBe('ec2:DescribeNetworkInterfaces');
    expect(stmt('Metrics').Condition).toEqual({
      StringEquals: { 'cloudwatch:namespace': 'Rails/StaticIpSync' },
    });
    const rule = await sb.sdk.events.send(new DescribeRuleCommand({ Name: 'synclambda-rails-sync-ips' }));
    expect(rule.ScheduleExpression).toBe('rate(1 minute)');
    const targets = await sb.sdk.events.send(
      new ListTargetsByRuleCommand({ Rule: 'synclambda-rails-sync-ips' }),
    );
    expect(targets.Targets!.map((t) => t.Arn)).toEqual([fn.Configuration!.FunctionArn]);
    const perm = JSON.parse(
      (await sb.sdk.lambda.send(new GetPolicyCommand({ FunctionName: 'synclambda-rails-sync-ips' }))).Policy!,
    );
    expect(perm.Statement[0].Condition.ArnLike['AWS:SourceArn']).toBe(rule.Arn);
  });

  it('deploying again changes nothing: every item unchanged, no mutating call', async () => {
    await sb.resetRequests();
    const items = await deploy();
    expect(items.every((i) => i.action === 'unchanged')).toBe(true);
    expect((await sb.requests()).filter((r) => r.mutating).map((r) => r.operation)).toEqual([]);
  });

  it('under time scale, follows a rotation with no CLI involved', async () => {
    await sb.control.settings({ timeScale: 60 });
    const before = await albIps(sb.sdk, f);
    await sb.control.rotateIps(f.albName, { replace: 'all' });
    const after = await albIps(sb.sdk, f);
    const started = Date.now();
    let live: string[] = [];
    // New IPs in at the first scheduled run; old ones out after 3 runs without them (this rail's misses).
    while (Date.now() - started < 60_000) {
      live = await liveTargets(sb.sdk, f.tg443);
      if (live.join() === after.join()) break;
      await sleep(250);
    }
    expect(live).toEqual(after);
    expect(live.some((ip) => before.includes(ip))).toBe(false);
    expect(await liveTargets(sb.sdk, f.tg80)).toEqual(after);
    await sb.control.settings({ timeScale: 1 });
  });

  it('logs one JSON line per target group per pass, and a failed pass fails the invocation', async () => {
    const ok = await sb.sdk.lambda.send(
      new InvokeCommand({ FunctionName: 'synclambda-rails-sync-ips', LogType: 'Tail' }),
    );
    expect(ok.FunctionError).toBeUndefined();
    const lines = Buffer.from(ok.LogResult!, 'base64')
      .toString()
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => [l.targetGroup, l.level, l.matches])).toEqual([
      ['synclambda-nlb-80', 'info', true],
      ['synclambda-nlb-443', 'info', true],
    ]);
    // Held for the whole invocation, not `times: 1`: a scheduled run of the same Lambda that happens
    // to start first would otherwise take the one failure, and this invocation would succeed.
    const denied = { operation: 'DescribeNetworkInterfaces', code: 'UnauthorizedOperation', status: 403 };
    const failed = await withFault(sb, denied, () =>
      sb.sdk.lambda.send(new InvokeCommand({ FunctionName: 'synclambda-rails-sync-ips' })),
    );
    expect(failed.FunctionError).toBe('Unhandled');
    expect(JSON.parse(Buffer.from(failed.Payload!).toString()).errorMessage).toMatch(
      /sync pass failed.*resolve/,
    );
  });

  it('removeSyncRunner takes the Lambda, schedule and role away and keeps the state bucket', async () => {
    const items: PlanItem[] = [];
    await removeSyncRunner(aws, rail, { dryRun: false, report: (i) => items.push(i) });
    expect(items.map((i) => [i.kind, i.action])).toEqual([
      ['schedule', 'delete'],
      ['lambda', 'delete'],
      ['iam-role', 'delete'],
      ['s3-bucket', 'unchanged'],
    ]);
  });
});
