/**
 * Target behaviours through the control API: selectors must name an existing service, task or IP;
 * failHealth makes ELB mark the task unhealthy with ELB's reason, and ECS replaces it.
 */
import { DescribeTasksCommand, ListTasksCommand } from '@aws-sdk/client-ecs';
import { DescribeTargetHealthCommand } from '@aws-sdk/client-elastic-load-balancing-v2';
import { describe, expect, it } from 'vitest';
import {
  albTargetGroup,
  createService,
  describeService,
  registerTaskDefinition,
  serviceInput,
  startEcsSandbox,
  waitFor,
  waitSteady,
} from '../ecs/fixture.js';
import { sandboxPerFile } from '../helpers/sandbox.js';

const t = sandboxPerFile(startEcsSandbox);

async function service(desiredCount: number) {
  const { tgArn } = await albTargetGroup(t.sdk.elbv2, {
    HealthCheckIntervalSeconds: 10,
    UnhealthyThresholdCount: 2,
  });
  const td = await registerTaskDefinition(t.sdk.ecs);
  const input = serviceInput(td, {
    desiredCount,
    loadBalancers: [{ targetGroupArn: tgArn, containerName: 'web', containerPort: 8080 }],
  });
  await createService(t.sdk.ecs, input);
  await waitSteady(t.sdk.ecs, input.serviceName!);
  const arns = (await t.sdk.ecs.send(new ListTasksCommand({ serviceName: input.serviceName }))).taskArns!;
  const tasks = (await t.sdk.ecs.send(new DescribeTasksCommand({ tasks: arns }))).tasks!;
  return { tgArn, name: input.serviceName!, tasks };
}

const ipOf = (task: { attachments?: { details?: { name?: string; value?: string }[] }[] }) =>
  task.attachments![0]!.details!.find((d) => d.name === 'privateIPv4Address')!.value!;

describe('target behaviours', () => {
  it('refuses selectors that name nothing and values out of range, changing nothing', async () => {
    const cases: Array<[object, RegExp]> = [
      [
        { selector: { service: 'no-such-service' }, errorRate: 0.5 },
        /no ECS service named 'no-such-service'/,
      ],
      [{ selector: { taskId: '0123456789abcdef0123456789abcdef' }, errorRate: 0.5 }, /no running ECS task/],
      [
        { selector: { ip: '10.0.9.9' }, errorRate: 0.5 },
        /no task or registered target has the IP 10\.0\.9\.9/,
      ],
      [{ selector: {}, errorRate: 0.5 }, /must name an ECS service, a task id or an IP/],
      [{ selector: { service: 'x', cluster: 'nope' }, errorRate: 0.5 }, /no ECS cluster named 'nope'/],
    ];
    for (const [body, message] of cases) {
      const err = (await t.control.addTargetBehaviour(body as never).catch((e) => e)) as Error & {
        status: number;
      };
      expect(err.status).toBe(400);
      expect(err.message).toMatch(message);
    }
    const { name } = await service(1);
    for (const [extra, message] of [
      [{ errorRate: 1.5 }, /errorRate must be within 0\.\.1/],
      [{ status: 700 }, /status must be 100\.\.599/],
      [{ latencyMs: -1 }, /latencyMs must be/],
      [{}, /needs at least one of/],
    ] as const) {
      const err = (await t.control
        .addTargetBehaviour({ selector: { service: name }, ...extra })
        .catch((e) => e)) as Error;
      expect(err.message).toMatch(message);
    }
    expect(await t.control.targetBehaviours()).toEqual([]);
  });

  it('sets, lists and clears behaviours', async () => {
    const { name, tasks } = await service(1);
    const a = await t.control.addTargetBehaviour({
      selector: { service: name },
      errorRate: 0.2,
      status: 503,
    });
    const b = await t.control.addTargetBehaviour({ selector: { ip: ipOf(tasks[0]!) }, latencyMs: 250 });
    expect(a).toMatchObject({ selector: { service: name }, errorRate: 0.2, status: 503 });
    expect((await t.control.targetBehaviours()).map((x) => x.id)).toEqual([a.id, b.id]);
    expect((await t.control.clearTargetBehaviours(a.id)).map((x) => x.id)).toEqual([a.id]);
    expect((await t.control.targetBehaviours()).map((x) => x.id)).toEqual([b.id]);
    await t.control.clearTargetBehaviours();
    expect(await t.control.targetBehaviours()).toEqual([]);
  });

  it('failHealth: ELB marks the task unhealthy with the status, and ECS replaces it', async () => {
    const { tgArn, name, tasks } = await service(2);
    const sick = tasks[0]!;
    const taskId = sick.taskArn!.split('/').pop()!;
    const b = await t.control.addTargetBehaviour({ selector: { taskId }, failHealth: true, status: 503 });
    const health = await t.sdk.elbv2.send(new DescribeTargetHealthCommand({ TargetGroupArn: tgArn }));
    const h = health.TargetHealthDescriptions!.find((x) => x.Target!.Id === ipOf(sick))!;
    expect(h.TargetHealth).toMatchObject({
      State: 'unhealthy',
      Reason: 'Target.ResponseCodeMismatch',
      Description: 'Health checks failed with these codes: [503]',
    });
    const other = health.TargetHealthDescriptions!.find((x) => x.Target!.Id === ipOf(tasks[1]!))!;
    expect(other.TargetHealth!.State).toBe('healthy');
    await t.control.advanceClock(20_000);
    const stopped = await waitFor('the task to stop', async () => {
      const d = await t.sdk.ecs.send(new DescribeTasksCommand({ tasks: [sick.taskArn!] }));
      return d.tasks![0]!.desiredStatus === 'STOPPED' ? d.tasks![0]! : undefined;
    });
    expect(stopped.stoppedReason).toBe(`Task failed ELB health checks in (target-group ${tgArn})`);
    // The service starts a replacement: a new task id, and the event naming the stopped one.
    const now = await waitFor('a replacement task', async () => {
      const arns = (await t.sdk.ecs.send(new ListTasksCommand({ serviceName: name }))).taskArns!;
      return arns.length === 2 && !arns.includes(sick.taskArn!) ? arns : undefined;
    });
    expect(now).toHaveLength(2);
    const events = (await describeService(t.sdk.ecs, name)).events!.map((e) => e.message!);
    expect(events.some((m) => m.includes(`(task ${taskId})`))).toBe(true);
    await t.control.clearTargetBehaviours(b.id);
  });

  it('failHealth without a status: the check times out', async () => {
    const { tgArn, name } = await service(1);
    await t.control.addTargetBehaviour({ selector: { service: name }, failHealth: true });
    const health = await t.sdk.elbv2.send(new DescribeTargetHealthCommand({ TargetGroupArn: tgArn }));
    expect(health.TargetHealthDescriptions![0]!.TargetHealth).toMatchObject({
      State: 'unhealthy',
      Reason: 'Target.Timeout',
      Description: 'Request timed out',
    });
    await t.control.clearTargetBehaviours();
  });
});
