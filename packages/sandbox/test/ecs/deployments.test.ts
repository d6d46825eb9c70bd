/**
 * Rolling deployments: a new task definition starts a PRIMARY deployment while the old one turns
 * ACTIVE and drains; the limits of maximumPercent / minimumHealthyPercent hold at every scheduler
 * pass; the circuit breaker fails a deployment whose tasks keep failing and rolls it back.
 */
import { UpdateServiceCommand } from '@aws-sdk/client-ecs';
import { ModifyTargetGroupAttributesCommand } from '@aws-sdk/client-elastic-load-balancing-v2';
import { describe, expect, it } from 'vitest';
import { isTaskHealthy } from '../../src/services/ecs/health.js';
import { ecsState } from '../../src/services/ecs/state.js';
import { sandboxPerFile } from '../helpers/sandbox.js';
import {
  albTargetGroup,
  createService,
  describeService,
  registerTaskDefinition,
  serviceInput,
  startEcsSandbox,
  waitFor,
  waitSteady,
} from './fixture.js';

const t = sandboxPerFile(startEcsSandbox);

/** A target group whose targets drain in 1 s of sandbox time. */
async function quickDrainingGroup() {
  const { tgArn } = await albTargetGroup(t.sdk.elbv2);
  await t.sdk.elbv2.send(
    new ModifyTargetGroupAttributesCommand({
      TargetGroupArn: tgArn,
      Attributes: [{ Key: 'deregistration_delay.timeout_seconds', Value: '1' }],
    }),
  );
  return tgArn;
}

describe('rolling deployments', () => {
  it('a new task definition makes a PRIMARY deployment, the old one ACTIVE, and ends COMPLETED alone', async () => {
    const tgArn = await quickDrainingGroup();
    const family = `roll-${process.pid}`;
    const v1 = await registerTaskDefinition(t.sdk.ecs, { family });
    const input = serviceInput(v1, {
      desiredCount: 2,
      loadBalancers: [{ targetGroupArn: tgArn, containerName: 'web', containerPort: 8080 }],
    });
    await createService(t.sdk.ecs, input);
    const before = await waitSteady(t.sdk.ecs, input.serviceName!);
    const v2 = await registerTaskDefinition(t.sdk.ecs, { family });

    const updated = await t.sdk.ecs.send(
      new UpdateServiceCommand({ service: input.serviceName, taskDefinition: v2 }),
    );
    const [primary, active] = updated.service!.deployments!;
    expect(primary).toMatchObject({
      status: 'PRIMARY',
      taskDefinition: v2,
      rolloutState: 'IN_PROGRESS',
      desiredCount: 2,
    });
    expect(active).toMatchObject({ status: 'ACTIVE', taskDefinition: v1, id: before.deployments![0]!.id });

    const after = await waitFor('the old deployment to go', async () => {
      const s = await describeService(t.sdk.ecs, input.serviceName!);
      return s.deployments!.length === 1 && s.deployments![0]!.rolloutState === 'COMPLETED' ? s : undefined;
    });
    expect(after.deployments![0]).toMatchObject({
      id: primary!.id,
      runningCount: 2,
      rolloutStateReason: `ECS deployment ${primary!.id} completed.`,
    });
    const messages = after.events!.map((e) => e.message!);
    expect(messages).toContain(
      `(service ${input.serviceName}) (deployment ${primary!.id}) deployment completed.`,
    );
    // The scheduler deregisters per pass: on a busy machine the two old tasks can stop in two
    // passes ("deregistered 1 targets" twice), as ECS's own event stream does; the total is 2.
    const deregistered = messages
      .map((m) => m.match(/^\(service (\S+)\) deregistered (\d+) targets in \(target-group (\S+)\)$/))
      .filter((m) => m && m[1] === input.serviceName && m[3] === tgArn)
      .reduce((sum, m) => sum + Number(m![2]), 0);
    expect(deregistered).toBe(2);
  });

  it('desiredCount alone changes no deployment', async () => {
    const td = await registerTaskDefinition(t.sdk.ecs);
    const input = serviceInput(td, { desiredCount: 1 });
    const created = await createService(t.sdk.ecs, input);
    const out = await t.sdk.ecs.send(
      new UpdateServiceCommand({ service: input.serviceName, desiredCount: 3 }),
    );
    expect(out.service!.deployments!.map((d) => d.id)).toEqual([created.deployments![0]!.id]);
    expect(out.service!.deployments![0]!.desiredCount).toBe(3);
    const forced = await t.sdk.ecs.send(
      new UpdateServiceCommand({ service: input.serviceName, forceNewDeployment: true }),
    );
    expect(forced.service!.deployments).toHaveLength(2);
  });

  it.each([
    { maximumPercent: 200, minimumHealthyPercent: 100 },
    { maximumPercent: 150, minimumHealthyPercent: 50 },
    { maximumPercent: 100, minimumHealthyPercent: 50 },
  ])('honours maximumPercent %o at every scheduler pass', async (limits) => {
    const tgArn = await quickDrainingGroup();
    const family = `limits-${limits.maximumPercent}-${process.pid}`;
    const v1 = await registerTaskDefinition(t.sdk.ecs, { family });
    const desired = 4;
    const input = serviceInput(v1, {
      desiredCount: desired,
      deploymentConfiguration: limits,
      loadBalancers: [{ targetGroupArn: tgArn, containerName: 'web', containerPort: 8080 }],
    });
    const created = await createService(t.sdk.ecs, input);
    await waitSteady(t.sdk.ecs, input.serviceName!);
    let maxLive = 0;
    let minHealthy = Number.POSITIVE_INFINITY;
    const watch = () => {
      const tasks = ecsState(t.sandbox).tasks.filter(
        (x) => x.serviceArn === created.serviceArn && x.desiredStatus === 'RUNNING',
      );
      maxLive = Math.max(maxLive, tasks.length);
      minHealthy = Math.min(minHealthy, tasks.filter((x) => isTaskHealthy(t.sandbox, x)).length);
    };
    t.sandbox.tickers.push(watch);
    try {
      const v2 = await registerTaskDefinition(t.sdk.ecs, { family });
      await t.sdk.ecs.send(new UpdateServiceCommand({ service: input.serviceName, taskDefinition: v2 }));
      await waitFor('the deployment to complete', async () => {
        const s = await describeService(t.sdk.ecs, input.serviceName!);
        return s.deployments!.length === 1 && s.deployments![0]!.rolloutState === 'COMPLETED' ? s : undefined;
      });
    } finally {
      t.sandbox.tickers.splice(t.sandbox.tickers.indexOf(watch), 1);
    }
    expect(maxLive).toBeLessThanOrEqual((desired * limits.maximumPercent) / 100);
    // The headroom above 100% is used: new tasks start before old ones stop.
    if (limits.maximumPercent > 100) expect(maxLive).toBeGreaterThan(desired);
    expect(minHealthy).toBeGreaterThanOrEqual((desired * limits.minimumHealthyPercent) / 100);
  });

  it('the circuit breaker fails a deployment whose tasks fail to start and rolls back to the last completed one', async () => {
    const family = `breaker-${process.pid}`;
    const v1 = await registerTaskDefinition(t.sdk.ecs, { family });
    const input = serviceInput(v1, {
      desiredCount: 2,
      deploymentConfiguration: { deploymentCircuitBreaker: { enable: true, rollback: true } },
    });
    const created = await createService(t.sdk.ecs, input);
    const good = (await waitSteady(t.sdk.ecs, input.serviceName!)).deployments![0]!;
    const v2 = await registerTaskDefinition(t.sdk.ecs, { family });
    // v2's image cannot be pulled.
    await t.control.control('ecs', 'fail-tasks', { service: input.serviceName, taskDefinition: v2 });
    // The failed deployment is gone once its tasks have stopped; keep what the scheduler made of it.
    let failedSeen: { rolloutState: string; rolloutStateReason: string; failedTasks: number } | undefined;
    const watch = () => {
      const svc = ecsState(t.sandbox).services.find((x) => x.serviceArn === created.serviceArn)!;
      const d = svc.deployments.find((x) => x.taskDefinition === v2 && x.rolloutState === 'FAILED');
      if (d && !failedSeen) failedSeen = { ...d };
    };
    t.sandbox.tickers.push(watch);
    let bad: string;
    try {
      const out = await t.sdk.ecs.send(
        new UpdateServiceCommand({ service: input.serviceName, taskDefinition: v2 }),
      );
      bad = out.service!.deployments![0]!.id!;
      await waitFor('the deployment to fail', async () => (failedSeen ? true : undefined));
    } finally {
      t.sandbox.tickers.splice(t.sandbox.tickers.indexOf(watch), 1);
    }
    expect(failedSeen!.rolloutStateReason).toBe('ECS deployment circuit breaker: tasks failed to start.');
    expect(failedSeen!.failedTasks).toBeGreaterThanOrEqual(3);

    const back = await waitSteady(t.sdk.ecs, input.serviceName!);
    expect(back.taskDefinition).toBe(v1);
    expect(back.deployments![0]).toMatchObject({
      status: 'PRIMARY',
      taskDefinition: v1,
      rolloutState: 'COMPLETED',
    });
    expect(back.runningCount).toBe(2);
    const messages = back.events!.map((e) => e.message);
    expect(messages).toContain(
      `(service ${input.serviceName}) (deployment ${bad}) deployment failed: tasks failed to start.`,
    );
    const rollbackId = back.deployments![0]!.id!;
    expect(messages).toContain(
      `(service ${input.serviceName}) (deployment ${rollbackId}) deployment completed.`,
    );
    expect(rollbackId).not.toBe(good.id);
  });

  it('a rollback reports the deployment it goes back to', async () => {
    const family = `breaker2-${process.pid}`;
    const v1 = await registerTaskDefinition(t.sdk.ecs, { family });
    const input = serviceInput(v1, {
      desiredCount: 1,
      deploymentConfiguration: { deploymentCircuitBreaker: { enable: true, rollback: true } },
    });
    const created = await createService(t.sdk.ecs, input);
    const good = (await waitSteady(t.sdk.ecs, input.serviceName!)).deployments![0]!;
    const v2 = await registerTaskDefinition(t.sdk.ecs, { family });
    await t.control.control('ecs', 'fail-tasks', { service: input.serviceName, taskDefinition: v2 });
    // The rollback may complete between two polls: note its reason at the scheduler pass that starts it.
    let reason: string | undefined;
    const watch = () => {
      const primary = ecsState(t.sandbox).services.find((x) => x.serviceArn === created.serviceArn)!
        .deployments[0]!;
      if (primary.rollback) reason ??= primary.rolloutStateReason;
    };
    t.sandbox.tickers.push(watch);
    try {
      await t.sdk.ecs.send(new UpdateServiceCommand({ service: input.serviceName, taskDefinition: v2 }));
      await waitFor('the rollback deployment', async () => reason);
    } finally {
      t.sandbox.tickers.splice(t.sandbox.tickers.indexOf(watch), 1);
    }
    expect(reason).toBe(`ECS deployment circuit breaker: rolling back to deploymentId ${good.id}.`);
  });

  it('DeleteService drains the service: DRAINING, tasks stopped, then INACTIVE', async () => {
    const td = await registerTaskDefinition(t.sdk.ecs);
    const input = serviceInput(td, { desiredCount: 2 });
    await createService(t.sdk.ecs, input);
    await waitSteady(t.sdk.ecs, input.serviceName!);
    const { DeleteServiceCommand } = await import('@aws-sdk/client-ecs');
    const out = await t.sdk.ecs.send(new DeleteServiceCommand({ service: input.serviceName, force: true }));
    expect(out.service).toMatchObject({ status: 'DRAINING', desiredCount: 0 });
    const gone = await waitFor('INACTIVE', async () => {
      const s = await describeService(t.sdk.ecs, input.serviceName!);
      return s.status === 'INACTIVE' ? s : undefined;
    });
    expect(gone.runningCount).toBe(0);
  });
});
