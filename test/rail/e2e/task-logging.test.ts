/**
 * Container logs of the `image:` shorthand: `up` lays the rail's execution role and each service's
 * log group (tagged, 30-day retention) before the task definition, which logs through awslogs with
 * that role; the tasks start (the group exists); a second `up` makes no mutating call; `down` removes
 * the group and the role. A task definition named with `taskDefinition:` is the user's: no role, no
 * group, nothing changed.
 */
import {
  CloudWatchLogsClient,
  DescribeLogGroupsCommand,
  ListTagsForResourceCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { DescribeServicesCommand, DescribeTaskDefinitionCommand } from '@aws-sdk/client-ecs';
import { GetRoleCommand, GetRolePolicyCommand, ListRoleTagsCommand } from '@aws-sdk/client-iam';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSandbox, type TestSandbox } from '../../helpers/sandbox.js';
import { exampleRail, FAST, mutatingCalls, railDir, rails, upJson } from '../helpers.js';

const FAMILY = 'dev-ice-station-zebra';
const GROUP = '/rails/dev/ice-station-zebra';
const ROLE = 'dev-rails-task-execution';
const ROLE_ARN = `arn:aws:iam::123456789012:role/${ROLE}`;
const RAIL_TAGS = { 'rails:stage': 'dev', 'rails:managed-by': 'rails' };

let sb: TestSandbox;
let logs: CloudWatchLogsClient;
let dir: string;

beforeAll(async () => {
  sb = await startTestSandbox({ settings: FAST });
  logs = new CloudWatchLogsClient({
    endpoint: sb.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    maxAttempts: 1,
  });
  dir = railDir(
    exampleRail((r) => {
      const svc = r.services[0];
      delete svc.taskDefinition;
      svc.image = 'public.ecr.aws/docker/library/nginx:1.27';
      svc.container = 'web';
      svc.port = 8081;
      svc.blueGreen = false;
      svc.desiredCount = 1;
    }),
  );
});
afterAll(async () => {
  logs?.destroy();
  await sb?.stop();
});

async function railGroups() {
  return (await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: '/rails/' }))).logGroups ?? [];
}

async function roleExists(): Promise<boolean> {
  return sb.sdk.iam.send(new GetRoleCommand({ RoleName: ROLE })).then(
    () => true,
    (err) => (err.name === 'NoSuchEntityException' ? false : Promise.reject(err)),
  );
}

describe('container logs of image: services', () => {
  it('--dry-run plans the role and the group before the task definition, and changes nothing', async () => {
    await sb.resetRequests();
    const r = await upJson(sb, dir, ['--dry-run']);
    expect(r.code, r.stderr).toBe(0);
    const items = r.out.plan.map((i: any) => `${i.action} ${i.kind} ${i.name}`);
    const at = (line: string) => items.indexOf(line);
    expect(at(`create iam-role ${ROLE}`)).toBeGreaterThanOrEqual(0);
    expect(at(`create log-group ${GROUP}`)).toBeGreaterThanOrEqual(0);
    expect(at(`create iam-role ${ROLE}`)).toBeLessThan(at(`create task-definition ${FAMILY}`));
    expect(at(`create log-group ${GROUP}`)).toBeLessThan(at(`create task-definition ${FAMILY}`));
    expect(await mutatingCalls(sb)).toEqual([]);
    expect(await railGroups()).toEqual([]);
    expect(await roleExists()).toBe(false);
  });

  it('up makes the group (tagged, 30 days) and the role (trust, least privilege, tagged)', async () => {
    const r = await rails(sb, dir, ['up']);
    expect(r.code, r.stderr).toBe(0);
    const [group, ...others] = await railGroups();
    expect(others).toEqual([]);
    expect(group).toMatchObject({ logGroupName: GROUP, retentionInDays: 30 });
    const { tags } = await logs.send(new ListTagsForResourceCommand({ resourceArn: group!.logGroupArn }));
    expect(tags).toMatchObject({
      ...RAIL_TAGS,
      'rails:role': 'log-group',
      'rails:service': 'ice-station-zebra',
    });

    const { Role: role } = await sb.sdk.iam.send(new GetRoleCommand({ RoleName: ROLE }));
    expect(role!.Arn).toBe(ROLE_ARN);
    const trust = JSON.parse(decodeURIComponent(role!.AssumeRolePolicyDocument!));
    expect(trust.Statement).toEqual([
      { Effect: 'Allow', Principal: { Service: 'ecs-tasks.amazonaws.com' }, Action: 'sts:AssumeRole' },
    ]);
    const { Tags } = await sb.sdk.iam.send(new ListRoleTagsCommand({ RoleName: ROLE }));
    expect(Object.fromEntries(Tags!.map((t) => [t.Key, t.Value]))).toMatchObject({
      ...RAIL_TAGS,
      'rails:role': 'task-execution-role',
    });
    const { PolicyDocument } = await sb.sdk.iam.send(
      new GetRolePolicyCommand({ RoleName: ROLE, PolicyName: 'rails-task-logs' }),
    );
    const policy = JSON.parse(decodeURIComponent(PolicyDocument!));
    expect(policy.Statement).toEqual([
      expect.objectContaining({
        Effect: 'Allow',
        Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        Resource: 'arn:aws:logs:us-east-1:123456789012:log-group:/rails/dev/*:log-stream:*',
      }),
    ]);
  });

  it('the task definition logs through awslogs with that role, and its task starts', async () => {
    const { taskDefinition: td } = await sb.sdk.ecs.send(
      new DescribeTaskDefinitionCommand({ taskDefinition: FAMILY }),
    );
    expect(td!.executionRoleArn).toBe(ROLE_ARN);
    expect(td!.containerDefinitions![0]!.logConfiguration).toEqual({
      logDriver: 'awslogs',
      options: { 'awslogs-group': GROUP, 'awslogs-region': 'us-east-1', 'awslogs-stream-prefix': 'rails' },
    });
    const svc = (
      await sb.sdk.ecs.send(new DescribeServicesCommand({ cluster: 'default', services: [FAMILY] }))
    ).services![0]!;
    expect(svc.runningCount).toBe(1);
  });

  it('a second up shows them unchanged and makes no mutating call', async () => {
    await sb.resetRequests();
    const r = await upJson(sb, dir);
    expect(r.code, r.stderr).toBe(0);
    expect(r.out.plan).toContainEqual(
      expect.objectContaining({ kind: 'iam-role', name: ROLE, action: 'unchanged' }),
    );
    expect(r.out.plan).toContainEqual(
      expect.objectContaining({ kind: 'log-group', name: GROUP, action: 'unchanged' }),
    );
    expect(r.out.plan.filter((i: any) => i.action !== 'unchanged')).toEqual([]);
    expect(await mutatingCalls(sb)).toEqual([]);
  });

  it('down removes the group and the role, after the service', async () => {
    let ticking = true;
    // The targets drain for the deregistration delay of sandbox time before the service is gone.
    const clock = (async () => {
      while (ticking) {
        await new Promise((r) => setTimeout(r, 100));
        if (ticking) await sb.control.advanceClock(30_000);
      }
    })();
    await sb.resetRequests();
    const r = await rails(sb, dir, ['down', '--yes']).finally(() => {
      ticking = false;
    });
    await clock;
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`delete\\s+log-group\\s+${GROUP}`));
    expect(r.stdout).toMatch(new RegExp(`delete\\s+iam-role\\s+${ROLE}`));
    const ops = await mutatingCalls(sb);
    expect(ops.indexOf('DeleteLogGroup')).toBeGreaterThan(ops.indexOf('DeleteService'));
    expect(ops.indexOf('DeleteRole')).toBeGreaterThan(ops.indexOf('DeleteService'));
    expect(await railGroups()).toEqual([]);
    expect(await roleExists()).toBe(false);
  });
});

describe('a task definition named with taskDefinition:', () => {
  it('is the user’s: up makes no role and no group, and leaves its log group alone', async () => {
    const own = railDir(exampleRail());
    const r = await upJson(sb, own, ['--no-wait']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.out.plan.filter((i: any) => i.kind === 'iam-role' || i.kind === 'log-group')).toEqual([]);
    expect(await railGroups()).toEqual([]);
    expect(await roleExists()).toBe(false);
    const seeded = await logs.send(
      new DescribeLogGroupsCommand({ logGroupNamePrefix: '/ecs/ice-station-zebra' }),
    );
    expect(seeded.logGroups?.map((g) => g.logGroupName)).toEqual(['/ecs/ice-station-zebra']);
  });
});
