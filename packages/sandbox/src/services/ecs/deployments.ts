/**
 * Rolling-update deployments: a new PRIMARY deployment (IN_PROGRESS) whenever the task definition,
 * network configuration or load balancers change or a new deployment is forced; the previous one
 * becomes ACTIVE and is scaled in as the new tasks become healthy. The circuit breaker fails a
 * deployment whose tasks keep failing and, with rollback on, deploys the last COMPLETED one again.
 */
import { randomInt } from 'node:crypto';
import type { Sandbox } from '../../core/types.js';
import { deploymentCompleted, deploymentFailed } from './events.js';
import { realNow } from './pass-clock.js';
import type { Deployment, EcsService } from './state.js';

/** `ecs-svc/` and 19 digits, as ECS names deployments. */
export function newDeploymentId(): string {
  let digits = String(randomInt(1, 10));
  while (digits.length < 19) digits += String(randomInt(0, 10));
  return `ecs-svc/${digits}`;
}

/** Starts a deployment of the service's current configuration; `from` rolls back to a past one. */
export function startDeployment(
  sb: Sandbox,
  service: EcsService,
  from?: Deployment,
  reason?: string,
): Deployment {
  const now = sb.clock.now();
  const id = newDeploymentId();
  const d: Deployment = {
    id,
    status: 'PRIMARY',
    taskDefinition: from?.taskDefinition ?? service.taskDefinition,
    desiredCount: service.status === 'ACTIVE' ? service.desiredCount : 0,
    failedTasks: 0,
    createdAt: now,
    updatedAt: now,
    launchType: from ? from.launchType : service.launchType,
    capacityProviderStrategy: from ? from.capacityProviderStrategy : service.capacityProviderStrategy,
    platformVersion:
      (from ? from.platformVersion : service.platformVersion) === undefined ? undefined : '1.4.0',
    networkConfiguration: from ? from.networkConfiguration : service.networkConfiguration,
    loadBalancers: from ? from.loadBalancers : service.loadBalancers,
    rolloutState: 'IN_PROGRESS',
    rolloutStateReason: reason ?? `ECS deployment ${id} in progress.`,
  };
  for (const old of service.deployments) {
    if (old.status === 'PRIMARY') {
      old.status = 'ACTIVE';
      old.updatedAt = now;
    }
  }
  service.deployments.unshift(d);
  service.sim.steady = false;
  service.sim.consecutiveFailures = 0;
  service.sim.launchNotBeforeReal = 0;
  sb.markDirty();
  return d;
}

/** Failed tasks that trip the circuit breaker: half the desired count, at least 3, at most 200. */
export function failureThreshold(desiredCount: number): number {
  return Math.min(200, Math.max(3, Math.ceil(desiredCount / 2)));
}

export function completeDeployment(sb: Sandbox, service: EcsService, d: Deployment): void {
  d.rolloutState = 'COMPLETED';
  d.rolloutStateReason = `ECS deployment ${d.id} completed.`;
  d.updatedAt = sb.clock.now();
  service.sim.lastCompleted = { ...d };
  deploymentCompleted(sb, service, d.id);
}

/**
 * Marks the PRIMARY deployment FAILED. With rollback on and a COMPLETED deployment to go back to, a
 * new PRIMARY deployment of that configuration starts and the service's task definition reverts.
 */
export function tripCircuitBreaker(sb: Sandbox, service: EcsService, d: Deployment): void {
  d.rolloutState = 'FAILED';
  d.rolloutStateReason = 'ECS deployment circuit breaker: tasks failed to start.';
  d.updatedAt = sb.clock.now();
  deploymentFailed(sb, service, d.id);
  const back = service.sim.lastCompleted;
  if (!service.deploymentConfiguration.deploymentCircuitBreaker.rollback || !back || d.rollback) return;
  service.taskDefinition = back.taskDefinition;
  service.networkConfiguration = back.networkConfiguration;
  service.loadBalancers = back.loadBalancers;
  const rollback = startDeployment(
    sb,
    service,
    back,
    `ECS deployment circuit breaker: rolling back to deploymentId ${back.id}.`,
  );
  rollback.rollback = true;
}

/** Records a failed task (start failure, placement failure, failed health checks) and backs off. */
export function noteFailure(sb: Sandbox, service: EcsService, deployment: Deployment | undefined): void {
  if (deployment && deployment.rolloutState === 'IN_PROGRESS') {
    deployment.failedTasks++;
    deployment.updatedAt = sb.clock.now();
  }
  service.sim.consecutiveFailures++;
  const factor = Math.min(2 ** (service.sim.consecutiveFailures - 1), 32);
  service.sim.launchNotBeforeReal = realNow() + sb.settings.taskStepMs * factor;
  service.sim.steady = false;
  sb.markDirty();
}
