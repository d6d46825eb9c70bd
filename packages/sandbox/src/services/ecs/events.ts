/** Service events as the ECS scheduler words them: newest first, at most 100 kept. */
import type { Sandbox } from '../../core/types.js';
import type { EcsService, EcsTask } from './state.js';

const MAX_EVENTS = 100;

export function addEvent(sb: Sandbox, service: EcsService, message: string): void {
  service.events.unshift({
    id: sb.uuid(),
    createdAt: sb.clock.now(),
    message: `(service ${service.serviceName}) ${message}`,
  });
  if (service.events.length > MAX_EVENTS) service.events.length = MAX_EVENTS;
  sb.markDirty();
}

function taskList(tasks: EcsTask[]): string {
  return tasks.map((t) => `(task ${t.taskId})`).join(' ');
}

export function startedTasks(sb: Sandbox, service: EcsService, tasks: EcsTask[]): void {
  if (tasks.length) addEvent(sb, service, `has started ${tasks.length} tasks: ${taskList(tasks)}.`);
}

export function stoppedTasks(sb: Sandbox, service: EcsService, tasks: EcsTask[]): void {
  if (tasks.length) addEvent(sb, service, `has stopped ${tasks.length} running tasks: ${taskList(tasks)}.`);
}

export function registeredTargets(sb: Sandbox, service: EcsService, tgArn: string, n: number): void {
  if (n) addEvent(sb, service, `registered ${n} targets in (target-group ${tgArn})`);
}

export function registerFailed(sb: Sandbox, service: EcsService, tgArn: string, error: string): void {
  addEvent(sb, service, `failed to register targets in (target-group ${tgArn}) with (error ${error})`);
}

export function beganDraining(sb: Sandbox, service: EcsService, n: number): void {
  if (n) addEvent(sb, service, `has begun draining connections on ${n} tasks.`);
}

export function deregisteredTargets(sb: Sandbox, service: EcsService, tgArn: string, n: number): void {
  if (n) addEvent(sb, service, `deregistered ${n} targets in (target-group ${tgArn})`);
}

export function steadyState(sb: Sandbox, service: EcsService): void {
  addEvent(sb, service, 'has reached a steady state.');
}

export function deploymentCompleted(sb: Sandbox, service: EcsService, deploymentId: string): void {
  addEvent(sb, service, `(deployment ${deploymentId}) deployment completed.`);
}

export function deploymentFailed(sb: Sandbox, service: EcsService, deploymentId: string): void {
  addEvent(sb, service, `(deployment ${deploymentId}) deployment failed: tasks failed to start.`);
}

export function unhealthyTarget(
  sb: Sandbox,
  service: EcsService,
  task: EcsTask,
  port: number,
  tgArn: string,
  description: string,
): void {
  addEvent(
    sb,
    service,
    `(task ${task.taskId}) (port ${port}) is unhealthy in (target-group ${tgArn}) due to (reason ${description}).`,
  );
}

/**
 * A placement failure. ECS omits a repeat of the same message until the cause is resolved, so the
 * last one is remembered on the service.
 */
export function unableToPlace(sb: Sandbox, service: EcsService, message: string): void {
  if (service.sim.lastPlacementMessage === message) return;
  service.sim.lastPlacementMessage = message;
  addEvent(sb, service, message);
}

/**
 * Tasks fail to start (SERVICE_TASK_START_IMPAIRED, worded as ECS words it); the reason is the
 * stopped task's stoppedReason. Once per streak of failures, which a steady state ends.
 */
export function startImpaired(sb: Sandbox, service: EcsService): void {
  addEvent(
    sb,
    service,
    'is unable to consistently start tasks successfully. For more information, see the Troubleshooting section of the Amazon ECS Developer Guide.',
  );
}
