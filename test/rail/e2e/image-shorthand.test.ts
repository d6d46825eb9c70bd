/**
 * The `image:` shorthand: `up` registers a minimal Fargate task definition running the image, the
 * service runs it and its tasks become healthy targets; a second `up` registers no new revision and
 * makes no mutating call; a new image registers exactly one revision and rolls the service onto it;
 * `--dry-run` registers nothing.
 */
import {
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  ListTaskDefinitionsCommand,
  RegisterTaskDefinitionCommand,
} from '@aws-sdk/client-ecs';
import { DescribeTargetHealthCommand } from '@aws-sdk/client-elastic-load-balancing-v2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSandbox, type TestSandbox } from '../../helpers/sandbox.js';
import { exampleRail, FAST, mutatingCalls, railDir, rails, upJson, writeRail } from '../helpers.js';

const FAMILY = 'dev-ice-station-zebra';
const IMAGE_1 = 'public.ecr.aws/docker/library/nginx:1.27';
const IMAGE_2 = 'public.ecr.aws/docker/library/nginx:1.28';

/** Fargate's valid cpu (units) -> memory (MiB) combinations. */
const FARGATE_SIZES: Record<string, (mem: number) => boolean> = {
  '256': (m) => [512, 1024, 2048].includes(m),
  '512': (m) => m >= 1024 && m <= 4096 && m % 1024 === 0,
  '1024': (m) => m >= 2048 && m <= 8192 && m % 1024 === 0,
  '2048': (m) => m >= 4096 && m <= 16384 && m % 1024 === 0,
  '4096': (m) => m >= 8192 && m <= 30720 && m % 1024 === 0,
};

let sb: TestSandbox;
let dir: string;
let raw: any;

beforeAll(async () => {
  sb = await startTestSandbox({ settings: FAST });
  raw = exampleRail((r) => {
    const svc = r.services[0];
    delete svc.taskDefinition;
    svc.image = IMAGE_1;
    svc.container = 'web';
    svc.port = 8081;
    svc.blueGreen = false;
    svc.desiredCount = 2;
  });
  dir = railDir(raw);
});
afterAll(() => sb?.stop());

async function revisions(): Promise<string[]> {
  return (
    (await sb.sdk.ecs.send(new ListTaskDefinitionsCommand({ familyPrefix: FAMILY }))).taskDefinitionArns ?? []
  );
}

async function ecsService() {
  return (await sb.sdk.ecs.send(new DescribeServicesCommand({ cluster: 'default', services: [FAMILY] })))
    .services![0]!;
}

/**
 * Runs `work` while moving sandbox time on: the old tasks' targets drain for the target group's
 * deregistration delay (300 s, as in AWS) before the rolling deployment is done.
 */
async function whileDraining<T>(work: Promise<T>): Promise<T> {
  let done = false;
  const ticking = (async () => {
    while (!done) {
      await new Promise((r) => setTimeout(r, 100));
      if (!done) await sb.control.advanceClock(30_000);
    }
  })();
  try {
    return await work;
  } finally {
    done = true;
    await ticking;
  }
}

describe('image: shorthand', () => {
  it('--dry-run before anything exists registers nothing and makes no mutating call', async () => {
    await sb.resetRequests();
    const r = await upJson(sb, dir, ['--dry-run']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.out.plan).toContainEqual(
      expect.objectContaining({ kind: 'task-definition', name: FAMILY, action: 'create' }),
    );
    expect(await mutatingCalls(sb)).toEqual([]);
    expect(await revisions()).toEqual([]);
  });

  it('up registers a minimal Fargate task definition as the config says', async () => {
    const r = await rails(sb, dir, ['up']);
    expect(r.code, r.stderr).toBe(0);
    const arns = await revisions();
    expect(arns).toHaveLength(1);
    const { taskDefinition: td } = await sb.sdk.ecs.send(
      new DescribeTaskDefinitionCommand({ taskDefinition: arns[0] }),
    );
    expect(td!.family).toBe(FAMILY);
    expect(td!.revision).toBe(1);
    expect(td!.requiresCompatibilities).toEqual(['FARGATE']);
    expect(td!.compatibilities).toContain('FARGATE');
    expect(td!.networkMode).toBe('awsvpc');
    expect(FARGATE_SIZES[td!.cpu!]?.(Number(td!.memory))).toBe(true);
    expect(td!.containerDefinitions).toHaveLength(1);
    const c = td!.containerDefinitions![0]!;
    expect(c.name).toBe('web');
    expect(c.image).toBe(IMAGE_1);
    expect(c.portMappings?.map((p) => p.containerPort)).toEqual([8081]);
  });

  it('the service runs it, and its tasks are healthy targets', async () => {
    const svc = await ecsService();
    const [arn] = await revisions();
    expect(svc.taskDefinition).toBe(arn);
    expect(svc.runningCount).toBe(2);
    expect(svc.loadBalancers).toEqual([
      expect.objectContaining({ containerName: 'web', containerPort: 8081 }),
    ]);
    const tgArn = svc.loadBalancers![0]!.targetGroupArn;
    let states: string[] = [];
    for (let i = 0; i < 100; i++) {
      const { TargetHealthDescriptions: d } = await sb.sdk.elbv2.send(
        new DescribeTargetHealthCommand({ TargetGroupArn: tgArn }),
      );
      states = (d ?? []).map((t) => `${t.Target?.Port} ${t.TargetHealth?.State}`);
      if (states.length === 2 && states.every((s) => s === '8081 healthy')) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(states).toEqual(['8081 healthy', '8081 healthy']);
  });

  it('a second up registers no new revision and makes zero mutating calls', async () => {
    await sb.resetRequests();
    const r = await upJson(sb, dir);
    expect(r.code, r.stderr).toBe(0);
    expect(r.out.plan.filter((i: any) => i.action !== 'unchanged')).toEqual([]);
    expect(await mutatingCalls(sb)).toEqual([]);
    expect(await revisions()).toHaveLength(1);
  });

  it('--dry-run with a new image plans one revision and registers nothing', async () => {
    raw.services[0].image = IMAGE_2;
    writeRail(dir, raw);
    await sb.resetRequests();
    const r = await upJson(sb, dir, ['--dry-run']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.out.plan).toContainEqual(
      expect.objectContaining({
        kind: 'task-definition',
        action: 'update',
        changes: [{ field: 'image', from: IMAGE_1, to: IMAGE_2 }],
      }),
    );
    expect(await mutatingCalls(sb)).toEqual([]);
    expect(await revisions()).toHaveLength(1);
  });

  it('a new image registers exactly one revision and updates the service to it', async () => {
    await sb.resetRequests();
    const r = await whileDraining(upJson(sb, dir));
    expect(r.code, r.stderr).toBe(0);
    expect((await mutatingCalls(sb)).sort()).toEqual(['RegisterTaskDefinition', 'UpdateService']);
    const arns = await revisions();
    expect(arns).toHaveLength(2);
    const latest = arns.find((a) => a.endsWith(`task-definition/${FAMILY}:2`));
    expect(latest).toBeDefined();
    const { taskDefinition: td } = await sb.sdk.ecs.send(
      new DescribeTaskDefinitionCommand({ taskDefinition: latest }),
    );
    expect(td!.containerDefinitions![0]!.image).toBe(IMAGE_2);
    const svc = await ecsService();
    expect(svc.taskDefinition).toBe(latest);
    // `up` waited for the rollout: the old deployment is gone, both tasks run the new revision.
    expect(svc.deployments?.map((d) => [d.status, d.taskDefinition, d.runningCount])).toEqual([
      ['PRIMARY', latest, 2],
    ]);
  });

  it('and the up after that changes nothing again', async () => {
    await sb.resetRequests();
    const r = await upJson(sb, dir, ['--no-wait']);
    expect(r.code, r.stderr).toBe(0);
    expect(await mutatingCalls(sb)).toEqual([]);
    expect(await revisions()).toHaveLength(2);
  });

  it('a service removed from rail.yaml: up deregisters the revisions rails registered for it', async () => {
    const extra = { ...structuredClone(raw.services[0]), name: 'extra', paths: ['/extra/*'] };
    raw.services.push(extra);
    writeRail(dir, raw);
    const added = await rails(sb, dir, ['up', '--no-wait']);
    expect(added.code, added.stderr).toBe(0);
    const active = () =>
      sb.sdk.ecs
        .send(new ListTaskDefinitionsCommand({ familyPrefix: 'dev-extra' }))
        .then((o) => o.taskDefinitionArns);
    expect(await active()).toHaveLength(1);
    raw.services.pop();
    writeRail(dir, raw);
    const removed = await whileDraining(rails(sb, dir, ['up', '--no-wait']));
    expect(removed.code, removed.stderr).toBe(0);
    expect(removed.stdout).toMatch(/delete\s+task-definition\s+dev-extra/);
    expect(await active()).toEqual([]);
    expect(await revisions()).toHaveLength(2);
  });

  it('a family of the same name that rails did not register is left alone: exit 2, nothing changed', async () => {
    await sb.sdk.ecs.send(
      new RegisterTaskDefinitionCommand({
        family: 'dev-billing',
        requiresCompatibilities: ['FARGATE'],
        networkMode: 'awsvpc',
        cpu: '256',
        memory: '512',
        containerDefinitions: [
          { name: 'web', image: 'someone/else:1', portMappings: [{ containerPort: 8081 }] },
        ],
      }),
    );
    raw.services.push({ ...structuredClone(raw.services[0]), name: 'billing', paths: ['/billing/*'] });
    writeRail(dir, raw);
    await sb.resetRequests();
    const r = await rails(sb, dir, ['up', '--no-wait']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/task definition family dev-billing exists without this rail's tags/);
    expect(await mutatingCalls(sb)).toEqual([]);
    const billing =
      (await sb.sdk.ecs.send(new ListTaskDefinitionsCommand({ familyPrefix: 'dev-billing' })))
        .taskDefinitionArns ?? [];
    expect(billing).toHaveLength(1);
  });

  it('down deregisters every revision rails registered, and leaves the foreign family', async () => {
    raw.services.pop();
    writeRail(dir, raw);
    const r = await whileDraining(rails(sb, dir, ['down', '--yes']));
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/delete\s+task-definition\s+dev-ice-station-zebra/);
    expect(await revisions()).toEqual([]);
    const inactive = await sb.sdk.ecs.send(
      new ListTaskDefinitionsCommand({ familyPrefix: FAMILY, status: 'INACTIVE' }),
    );
    expect(inactive.taskDefinitionArns).toHaveLength(2);
    const billing = await sb.sdk.ecs.send(new ListTaskDefinitionsCommand({ familyPrefix: 'dev-billing' }));
    expect(billing.taskDefinitionArns).toHaveLength(1);
  });
});
