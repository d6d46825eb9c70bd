/**
 * End to end inside the sandbox: a Fargate service behind an ALB target group runs its tasks, which
 * become healthy targets; control verbs make them unhealthy, stop them, and block placement.
 */

import { DescribeNetworkInterfacesCommand } from '@aws-sdk/client-ec2';
import { DescribeTasksCommand, ListTasksCommand, UpdateServiceCommand } from '@aws-sdk/client-ecs';
import { DescribeTargetHealthCommand } from '@aws-sdk/client-elastic-load-balancing-v2';
import { describe, expect, it, vi } from 'vitest';
import { sandboxPerFile } from '../helpers/sandbox.js';
import {
  albTargetGroup,
  createService,
  describeService,
  registerTaskDefinition,
  SUBNETS,
  serviceInput,
  startEcsSandbox,
  waitFor,
  waitSteady,
} from './fixture.js';

const t = sandboxPerFile(startEcsSandbox);

async function targetStates(tgArn: string) {
  const out = await t.sdk.elbv2.send(new DescribeTargetHealthCommand({ TargetGroupArn: tgArn }));
  return out.TargetHealthDescriptions ?? [];
}

/** A service of 3 tasks behind a new ALB target group (container web:8080), once steady. */
async function steadyServiceOfThree() {
  const { tgArn } = await albTargetGroup(t.sdk.elbv2);
  const td = await registerTaskDefinition(t.sdk.ecs);
  const input = serviceInput(td, {
    desiredCount: 3,
    loadBalancers: [{ targetGroupArn: tgArn, containerName: 'web', containerPort: 8080 }],
  });
  await createService(t.sdk.ecs, input);
  return { tgArn, input, svc: await waitSteady(t.sdk.ecs, input.serviceName!) };
}

describe('a service behind a target group', () => {
  it('runs its tasks, registers them at the container port and they become healthy targets', async () => {
    const { tgArn, input, svc } = await steadyServiceOfThree();
    expect(svc.runningCount).toBe(3);
    expect(svc.deployments![0]!.rolloutState).toBe('COMPLETED');

    const arns = (await t.sdk.ecs.send(new ListTasksCommand({ serviceName: input.serviceName }))).taskArns!;
    expect(arns).toHaveLength(3);
    const tasks = (await t.sdk.ecs.send(new DescribeTasksCommand({ tasks: arns }))).tasks!;
    const ips = tasks.map(
      (x) => x.attachments![0]!.details!.find((d) => d.name === 'privateIPv4Address')!.value!,
    );
    // Spread over both subnets.
    expect(
      new Set(tasks.map((x) => x.attachments![0]!.details!.find((d) => d.name === 'subnetId')!.value)).size,
    ).toBe(2);

    const health = await targetStates(tgArn);
    expect(health.map((h) => h.Target!.Id).sort()).toEqual([...ips].sort());
    expect(health.every((h) => h.Target!.Port === 8080 && h.TargetHealth!.State === 'healthy')).toBe(true);

    // Every task has a requester-managed ENI in its subnet, described by its attachment ARN.
    const enis = await t.sdk.ec2.send(
      new DescribeNetworkInterfacesCommand({ Filters: [{ Name: 'subnet-id', Values: SUBNETS }] }),
    );
    const taskEnis = enis.NetworkInterfaces!.filter((e) => ips.includes(e.PrivateIpAddress!));
    expect(taskEnis).toHaveLength(3);
    for (const eni of taskEnis)
      expect(eni.Description).toMatch(/^arn:aws:ecs:us-east-1:123456789012:attachment\/[0-9a-f-]{36}$/);

    const messages = svc.events!.map((e) => e.message!);
    expect(messages[0]).toBe(`(service ${input.serviceName}) has reached a steady state.`);
    expect(messages).toContain(
      `(service ${input.serviceName}) registered 3 targets in (target-group ${tgArn})`,
    );
    expect(
      messages.some((m) =>
        /has started 3 tasks: \(task [0-9a-f]{32}\) \(task [0-9a-f]{32}\) \(task [0-9a-f]{32}\)\.$/.test(m),
      ),
    ).toBe(true);
  });

  it('tasks started together register together even when a scheduler pass is slow', async () => {
    // Each id the sandbox draws takes 4 ms, as on a machine so busy that launching three tasks
    // (ENIs, attachments, containers) spans a task step: the three must still step as one.
    const uuid = t.sandbox.uuid.bind(t.sandbox);
    const slow = vi.spyOn(t.sandbox, 'uuid').mockImplementation(() => {
      const until = performance.now() + 4;
      while (performance.now() < until);
      return uuid();
    });
    try {
      const { tgArn, input, svc } = await steadyServiceOfThree();
      const events = svc.events!.map((e) => e.message!.slice(`(service ${input.serviceName}) `.length));
      expect(events).toEqual([
        'has reached a steady state.',
        expect.stringMatching(/^\(deployment ecs-svc\/\d+\) deployment completed\.$/),
        `registered 3 targets in (target-group ${tgArn})`,
        expect.stringMatching(/^has started 3 tasks: /),
      ]);
    } finally {
      slow.mockRestore();
    }
  });

  it('make-unhealthy turns one target unhealthy with the reason, then ECS replaces the task', async () => {
    const { tgArn } = await albTargetGroup(t.sdk.elbv2, {
      HealthCheckIntervalSeconds: 10,
      UnhealthyThresholdCount: 2,
    });
    const td = await registerTaskDefinition(t.sdk.ecs);
    const input = serviceInput(td, {
      desiredCount: 2,
      loadBalancers: [{ targetGroupArn: tgArn, containerName: 'web', containerPort: 8080 }],
    });
    await createService(t.sdk.ecs, input);
    await waitSteady(t.sdk.ecs, input.serviceName!);
    const made = await t.control.control<{ tasks: { taskArn: string; ip: string }[] }>(
      'ecs',
      'make-unhealthy',
      {
        service: input.serviceName,
      },
    );
    const sick = made.tasks[0]!;
    const h = (await targetStates(tgArn)).find((x) => x.Target!.Id === sick.ip)!;
    expect(h.TargetHealth).toMatchObject({ State: 'unhealthy', Reason: 'Target.ResponseCodeMismatch' });

    // 2 failed checks 10 s apart: sandbox time moves on and the scheduler replaces the task.
    await t.control.advanceClock(20_000);
    const stopped = await waitFor('the unhealthy task to stop', async () => {
      const d = await t.sdk.ecs.send(new DescribeTasksCommand({ tasks: [sick.taskArn] }));
      return d.tasks![0]!.desiredStatus === 'STOPPED' ? d.tasks![0]! : undefined;
    });
    expect(stopped.stoppedReason).toBe(`Task failed ELB health checks in (target-group ${tgArn})`);
    expect(stopped.stopCode).toBe('ServiceSchedulerInitiated');
    const svc = await describeService(t.sdk.ecs, input.serviceName!);
    expect(
      svc.events!.some((e) => e.message!.includes(`(port 8080) is unhealthy in (target-group ${tgArn})`)),
    ).toBe(true);
  });

  it('a container failing its health check turns the task UNHEALTHY, then ECS replaces it', async () => {
    // The seeded task definition checks /health every 30 s, 3 retries.
    const input = serviceInput('ice-station-zebra', { desiredCount: 1 });
    await createService(t.sdk.ecs, input);
    await waitSteady(t.sdk.ecs, input.serviceName!);
    const made = await t.control.control<{ tasks: { taskArn: string }[] }>('ecs', 'make-unhealthy', {
      service: input.serviceName,
    });
    const sick = made.tasks[0]!.taskArn;
    const task = (await t.sdk.ecs.send(new DescribeTasksCommand({ tasks: [sick] }))).tasks![0]!;
    expect(task.healthStatus).toBe('UNHEALTHY');
    expect(task.containers![0]!.healthStatus).toBe('UNHEALTHY');
    await t.control.advanceClock(90_000);
    const stopped = await waitFor('the task to be replaced', async () => {
      const d = (await t.sdk.ecs.send(new DescribeTasksCommand({ tasks: [sick] }))).tasks![0]!;
      return d.desiredStatus === 'STOPPED' ? d : undefined;
    });
    expect(stopped.stoppedReason).toBe('Task failed container health checks');
    const svc = await waitSteady(t.sdk.ecs, input.serviceName!);
    expect(svc.events!.map((e) => e.message)).toContain(
      `(service ${input.serviceName}) (task ${sick.split('/').pop()}) failed container health checks.`,
    );
  });

  it('stop-task stops a task with the reason given, and the service starts a replacement', async () => {
    const td = await registerTaskDefinition(t.sdk.ecs);
    const input = serviceInput(td, { desiredCount: 1 });
    await createService(t.sdk.ecs, input);
    await waitSteady(t.sdk.ecs, input.serviceName!);
    const reason = 'CannotPullContainerError: pull image manifest has been retried 5 time(s)';
    const stopped = await t.control.control<{ taskArn: string }>('ecs', 'stop-task', {
      service: input.serviceName,
      reason,
    });
    const task = await waitFor('the task to reach STOPPED', async () => {
      const d = await t.sdk.ecs.send(new DescribeTasksCommand({ tasks: [stopped.taskArn] }));
      return d.tasks![0]!.lastStatus === 'STOPPED' ? d.tasks![0]! : undefined;
    });
    expect(task).toMatchObject({ stoppedReason: reason, stopCode: 'TaskFailedToStart' });
    expect(task.containers![0]!.reason).toBe(reason);
    const replacement = await waitFor('a replacement task', async () => {
      const arns = (await t.sdk.ecs.send(new ListTasksCommand({ serviceName: input.serviceName }))).taskArns!;
      return arns.length === 1 && arns[0] !== stopped.taskArn ? arns[0] : undefined;
    });
    expect(replacement).toMatch(/^arn:aws:ecs:us-east-1:123456789012:task\//);
    const listedStopped = await t.sdk.ecs.send(
      new ListTasksCommand({ serviceName: input.serviceName, desiredStatus: 'STOPPED' }),
    );
    expect(listedStopped.taskArns).toContain(stopped.taskArn);
  });

  it('fail-placement writes the Fargate placement failure, and heal lets tasks start', async () => {
    const td = await registerTaskDefinition(t.sdk.ecs);
    const input = serviceInput(td, { desiredCount: 0 });
    await createService(t.sdk.ecs, input);
    await t.control.control('ecs', 'fail-placement', { service: input.serviceName, message: 'RESOURCE:ENI' });
    await t.sdk.ecs.send(new UpdateServiceCommand({ service: input.serviceName, desiredCount: 1 }));
    const svc = await waitFor('the placement failure event', async () => {
      const s = await describeService(t.sdk.ecs, input.serviceName!);
      return s.events!.some((e) => e.message!.includes('was unable to place a task')) ? s : undefined;
    });
    expect(svc.events![0]!.message).toBe(
      `(service ${input.serviceName}) was unable to place a task. Reason: RESOURCE:ENI.`,
    );
    expect(svc.runningCount).toBe(0);
    await t.control.control('ecs', 'heal', { service: input.serviceName });
    const healed = await waitSteady(t.sdk.ecs, input.serviceName!);
    expect(healed.runningCount).toBe(1);
  });
});
