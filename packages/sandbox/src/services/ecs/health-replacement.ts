/**
 * The scheduler replaces RUNNING tasks that fail health checks once the failure is established:
 * ELB's UnhealthyThresholdCount checks one HealthCheckIntervalSeconds apart, or the container health
 * check's retries one interval apart (sandbox time), after the service's grace period.
 */
import type { Sandbox } from '../../core/types.js';
import { findTargetGroup } from '../elbv2/targets.js';
import { noteFailure } from './deployments.js';
import * as ev from './events.js';
import { taskTargetStates } from './health.js';
import type { EcsService, EcsTask } from './state.js';
import { findTaskDefinition } from './task-definitions.js';
import { type StepReport, stopTask } from './task-lifecycle.js';

interface Failure {
  /** Sandbox ms of failing before the scheduler acts. */
  detectMs: number;
  stoppedReason: string;
  /** The service event written when the failure is first seen. */
  announce(): void;
}

function elbFailure(sb: Sandbox, service: EcsService, t: EcsTask): Failure | undefined {
  if (!t.sim.registered.length) return undefined;
  const bad = taskTargetStates(sb, t).find((s) => s.state === 'unhealthy');
  if (!bad) return undefined;
  const tg = findTargetGroup(sb, bad.targetGroupArn);
  return {
    detectMs: tg ? tg.healthCheck.unhealthyThresholdCount * tg.healthCheck.intervalSeconds * 1000 : 0,
    stoppedReason: `Task failed ELB health checks in (target-group ${bad.targetGroupArn})`,
    announce: () =>
      ev.unhealthyTarget(
        sb,
        service,
        t,
        bad.port,
        bad.targetGroupArn,
        bad.description ?? 'Health checks failed',
      ),
  };
}

function containerFailure(sb: Sandbox, service: EcsService, t: EcsTask): Failure | undefined {
  const sick = t.containers.find((c) => c.essential && c.hasHealthCheck && c.healthStatus === 'UNHEALTHY');
  if (!sick) return undefined;
  const check = findTaskDefinition(sb, t.taskDefinitionArn)?.containerDefinitions.find(
    (c) => c.name === sick.name,
  )?.healthCheck as { interval?: number; retries?: number } | undefined;
  return {
    detectMs: (check?.retries ?? 3) * (check?.interval ?? 30) * 1000,
    stoppedReason: 'Task failed container health checks',
    announce: () => ev.addEvent(sb, service, `(task ${t.taskId}) failed container health checks.`),
  };
}

/** Stops the service's RUNNING tasks whose health checks have failed long enough. */
export function replaceUnhealthy(
  sb: Sandbox,
  service: EcsService,
  tasks: EcsTask[],
  log: { add(task: EcsTask, r: StepReport): void },
): void {
  const now = sb.clock.now();
  const grace = (service.healthCheckGracePeriodSeconds ?? 0) * 1000;
  for (const t of tasks) {
    if (t.lastStatus !== 'RUNNING' || t.desiredStatus !== 'RUNNING') continue;
    const failure = elbFailure(sb, service, t) ?? containerFailure(sb, service, t);
    if (!failure) {
      t.sim.unhealthySince = undefined;
      continue;
    }
    if (t.startedAt !== undefined && now - t.startedAt < grace) continue;
    if (t.sim.unhealthySince === undefined) {
      t.sim.unhealthySince = now;
      failure.announce();
    }
    if (now - t.sim.unhealthySince < failure.detectMs) continue;
    log.add(
      t,
      stopTask(sb, t, {
        reason: failure.stoppedReason,
        stopCode: 'ServiceSchedulerInitiated',
        exitCode: 0,
        failed: true,
      }),
    );
    noteFailure(
      sb,
      service,
      service.deployments.find((d) => d.id === t.deploymentId),
    );
  }
}
