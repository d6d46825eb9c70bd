/**
 * Control verbs (POST /_sandbox/ecs/<verb>) that make things go wrong the way they do on AWS:
 *   make-unhealthy {cluster?, service, task?, all?, reason?, description?}  targets fail health checks
 *   stop-task      {cluster?, task | service, reason?, exitCode?}           the task stops; ECS replaces it
 *   fail-placement {cluster?, service, message?}                            no task can be placed
 *   fail-tasks     {cluster?, service, taskDefinition?, reason?}            new tasks stop before RUNNING
 *   heal           {cluster?, service, task?}                               undoes all of the above
 */
import { AwsError } from '../../core/aws-error.js';
import type { ControlVerb, Sandbox } from '../../core/types.js';
import { findService, findTask, requireCluster } from './arns.js';
import { noteFailure } from './deployments.js';
import { UNHEALTHY_DESCRIPTIONS } from './health.js';
import { DEFAULT_PLACEMENT_FAILURE } from './placement.js';
import { type EcsService, type EcsTask, ecsState } from './state.js';
import { findTaskDefinition } from './task-definitions.js';
import { stopTask } from './task-lifecycle.js';

function badRequest(message: string): AwsError {
  return new AwsError('InvalidParameterException', message);
}

function serviceOf(sb: Sandbox, body: any): EcsService {
  const cluster = requireCluster(sb, body?.cluster);
  if (typeof body?.service !== 'string') throw badRequest('service is required (name or ARN).');
  const s = findService(sb, cluster, body.service);
  if (!s || s.status === 'INACTIVE')
    throw new AwsError('ServiceNotFoundException', `Service not found: ${body.service}`);
  return s;
}

function liveTasks(sb: Sandbox, s: EcsService): EcsTask[] {
  return ecsState(sb).tasks.filter((t) => t.serviceArn === s.serviceArn && t.desiredStatus === 'RUNNING');
}

/** The task a body names, or (with a service) the service's first running task. */
function taskOf(sb: Sandbox, body: any): EcsTask {
  const cluster = requireCluster(sb, body?.cluster);
  if (typeof body?.task === 'string') {
    const t = findTask(sb, cluster, body.task);
    if (!t) throw badRequest(`Task not found: ${body.task}`);
    return t;
  }
  const s = serviceOf(sb, body);
  const tasks = liveTasks(sb, s);
  const t = tasks.find((x) => x.lastStatus === 'RUNNING') ?? tasks[0];
  if (!t) throw badRequest(`Service ${s.serviceName} has no running task.`);
  return t;
}

const START_FAILURES =
  /^(CannotPullContainerError|ResourceInitializationError|CannotStartContainerError|CannotCreateContainerError)/;

export const ecsControl: Record<string, ControlVerb> = {
  'make-unhealthy'(body, sb) {
    const reason = body?.reason ?? 'Target.ResponseCodeMismatch';
    const description = body?.description ?? UNHEALTHY_DESCRIPTIONS[reason] ?? 'Health checks failed';
    const tasks = body?.all ? liveTasks(sb, serviceOf(sb, body)) : [taskOf(sb, body)];
    for (const t of tasks) {
      t.sim.unhealthy = { reason, description };
      for (const c of t.containers)
        if (c.hasHealthCheck && c.lastStatus === 'RUNNING') c.healthStatus = 'UNHEALTHY';
    }
    sb.markDirty();
    return { tasks: tasks.map((t) => ({ taskArn: t.taskArn, ip: t.ip })), reason, description };
  },

  'stop-task'(body, sb) {
    const t = taskOf(sb, body);
    if (t.desiredStatus === 'STOPPED') throw badRequest(`Task ${t.taskId} is already stopping.`);
    const reason: string = body?.reason ?? 'Essential container in task exited';
    const startFailure = START_FAILURES.test(reason);
    stopTask(sb, t, {
      reason,
      stopCode: startFailure ? 'TaskFailedToStart' : 'EssentialContainerExited',
      containerReason: startFailure ? reason : undefined,
      exitCode: startFailure ? undefined : Number(body?.exitCode ?? 1),
      failed: true,
    });
    const service = ecsState(sb).services.find((s) => s.serviceArn === t.serviceArn);
    if (service)
      noteFailure(
        sb,
        service,
        service.deployments.find((d) => d.id === t.deploymentId),
      );
    return { taskArn: t.taskArn, stoppedReason: reason, stopCode: t.stopCode };
  },

  'fail-placement'(body, sb) {
    const s = serviceOf(sb, body);
    const message = body?.message ?? DEFAULT_PLACEMENT_FAILURE;
    const faults = ecsState(sb).faults;
    faults[s.serviceArn] = { ...faults[s.serviceArn], placement: message };
    sb.markDirty();
    return { serviceArn: s.serviceArn, message };
  },

  'fail-tasks'(body, sb) {
    const s = serviceOf(sb, body);
    const reason =
      body?.reason ??
      'CannotPullContainerError: pull image manifest has been retried 5 time(s): failed to resolve ref: not found';
    let taskDefinition: string | undefined;
    if (body?.taskDefinition !== undefined) {
      taskDefinition = findTaskDefinition(sb, String(body.taskDefinition))?.taskDefinitionArn;
      if (!taskDefinition) throw badRequest(`Task definition not found: ${body.taskDefinition}`);
    }
    const faults = ecsState(sb).faults;
    faults[s.serviceArn] = { ...faults[s.serviceArn], taskFailure: { reason, taskDefinition } };
    sb.markDirty();
    return { serviceArn: s.serviceArn, reason, taskDefinition };
  },

  heal(body, sb) {
    const s = serviceOf(sb, body);
    delete ecsState(sb).faults[s.serviceArn];
    const tasks = typeof body?.task === 'string' ? [taskOf(sb, body)] : liveTasks(sb, s);
    for (const t of tasks) {
      delete t.sim.unhealthy;
      for (const c of t.containers)
        if (c.hasHealthCheck && c.lastStatus === 'RUNNING') c.healthStatus = 'HEALTHY';
    }
    s.sim.lastPlacementMessage = undefined;
    s.sim.launchNotBeforeReal = 0;
    s.sim.consecutiveFailures = 0;
    sb.markDirty();
    return { serviceArn: s.serviceArn, healed: tasks.map((t) => t.taskArn) };
  },
};
