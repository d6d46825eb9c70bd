/**
 * One task's life, as Fargate runs it: PROVISIONING (its ENI is created) -> PENDING (images pulled)
 * -> RUNNING (registered in its target groups), and on stop DEACTIVATING (deregistered, drains) ->
 * STOPPING -> DEPROVISIONING -> STOPPED (ENI deleted). Each step takes settings.taskStepMs real ms;
 * DEACTIVATING lasts until ELBv2 has finished draining the targets, as on AWS.
 */
import type { Sandbox } from '../../core/types.js';
import { createNetworkInterface, deleteNetworkInterface, findSubnet } from '../ec2/network.js';
import { deregisterTargetsInternal, findTargetGroup, registerTargetsInternal } from '../elbv2/targets.js';
import { ecsArn } from './arns.js';
import { startContainerLoggers } from './container-logs.js';
import { taskTargetStates } from './health.js';
import { realNow } from './pass-clock.js';
import type { Deployment, EcsService, EcsTask, TaskDefinition } from './state.js';
import { findTaskDefinition } from './task-definitions.js';

/** The AWS account whose requester-managed ENIs Fargate tasks get. */
export const FARGATE_ENI_REQUESTER = '578734482556';

export interface LaunchSpec {
  service: EcsService;
  deployment: Deployment;
  taskDefinition: TaskDefinition;
  subnetId: string;
  /** Set by the control API: the task stops before RUNNING with this reason. */
  failWith?: string;
}

function macAddress(sb: Sandbox): string {
  return (sb.hex(12).match(/../g) ?? []).join(':');
}

/** Creates a PROVISIONING task with its ENI. Throws (EC2's error) when the subnet has no room. */
export function launchTask(sb: Sandbox, spec: LaunchSpec): EcsTask {
  const { service, deployment, taskDefinition: td } = spec;
  const cluster = service.clusterArn.split('/').pop()!;
  const taskId = sb.hex(32);
  const attachmentId = sb.uuid();
  const region = service.clusterArn.split(':')[3]!;
  const vpc = deployment.networkConfiguration?.awsvpcConfiguration;
  const eni = createNetworkInterface(sb, {
    subnetId: spec.subnetId,
    description: ecsArn(sb, `attachment/${attachmentId}`, region),
    requesterId: FARGATE_ENI_REQUESTER,
    interfaceType: 'interface',
    groupIds: vpc?.securityGroups ?? [],
  });
  const taskArn = ecsArn(sb, `task/${cluster}/${taskId}`, region);
  const now = sb.clock.now();
  const task: EcsTask = {
    taskArn,
    taskId,
    clusterArn: service.clusterArn,
    serviceArn: service.serviceArn,
    deploymentId: deployment.id,
    taskDefinitionArn: td.taskDefinitionArn,
    group: `service:${service.serviceName}`,
    startedBy: deployment.id,
    lastStatus: 'PROVISIONING',
    desiredStatus: 'RUNNING',
    launchType: deployment.launchType,
    capacityProviderName: deployment.capacityProviderStrategy?.[0]?.capacityProvider,
    platformVersion: '1.4.0',
    cpu: td.cpu,
    memory: td.memory,
    availabilityZone: eni.availabilityZone,
    subnetId: eni.subnetId,
    securityGroups: vpc?.securityGroups ?? [],
    attachmentId,
    eniId: eni.networkInterfaceId,
    macAddress: macAddress(sb),
    ip: eni.privateIpAddress,
    containers: td.containerDefinitions.map((c) => ({
      containerArn: ecsArn(sb, `container/${cluster}/${taskId}/${sb.uuid()}`, region),
      name: c.name,
      image: c.image,
      lastStatus: 'PENDING',
      healthStatus: 'UNKNOWN',
      cpu: String(c.cpu ?? 0),
      memory: c.memory === undefined ? undefined : String(c.memory),
      essential: c.essential,
      hasHealthCheck: c.healthCheck !== undefined,
    })),
    createdAt: now,
    version: 1,
    tags: propagatedTags(service, td),
    sim: { nextStepAtReal: realNow() + sb.settings.taskStepMs, registered: [], failWith: spec.failWith },
  };
  if (service.enableECSManagedTags) {
    task.tags['aws:ecs:clusterName'] = cluster;
    task.tags['aws:ecs:serviceName'] = service.serviceName;
  }
  sb.markDirty();
  return task;
}

/** propagateTags: the service's or the task definition's tags are copied onto its tasks. */
function propagatedTags(service: EcsService, td: TaskDefinition): Record<string, string> {
  if (service.propagateTags === 'SERVICE') return { ...service.tags };
  if (service.propagateTags === 'TASK_DEFINITION') return { ...td.tags };
  return {};
}

export interface StopSpec {
  reason: string;
  stopCode: 'TaskFailedToStart' | 'EssentialContainerExited' | 'UserInitiated' | 'ServiceSchedulerInitiated';
  /** Exit code of the essential containers when they had started. */
  exitCode?: number;
  /** Container-level reason (e.g. the CannotPullContainerError text). */
  containerReason?: string;
  /** Counts against the deployment's circuit breaker. */
  failed?: boolean;
}

/** What a lifecycle step did, for the service's event log. */
export interface StepReport {
  started?: boolean;
  registered?: { targetGroupArn: string }[];
  registerFailures?: { targetGroupArn: string; error: string }[];
  deregistered?: { targetGroupArn: string }[];
  stopped?: boolean;
  /** The task left DEACTIVATING or was stopped before it had registered: the scheduler "has stopped" it. */
  drained?: boolean;
  /** The task failed before RUNNING (a start failure). */
  failedToStart?: boolean;
}

/**
 * Asks a task to stop. Registered tasks first deregister (ELBv2 drains them); the rest go straight
 * to STOPPING. Stopping a stopping task changes nothing.
 */
export function stopTask(sb: Sandbox, task: EcsTask, spec: StopSpec): StepReport {
  if (task.desiredStatus === 'STOPPED') return {};
  const now = sb.clock.now();
  task.desiredStatus = 'STOPPED';
  task.stoppingAt = now;
  task.stopCode = spec.stopCode;
  task.stoppedReason = spec.reason;
  if (spec.failed) task.sim.failed = true;
  const ran = task.startedAt !== undefined;
  for (const c of task.containers) {
    if (spec.containerReason && c.essential) c.reason = spec.containerReason;
    if (ran && spec.exitCode !== undefined && c.essential) c.exitCode = spec.exitCode;
  }
  task.version++;
  const report: StepReport = {};
  if (task.sim.registered.length) {
    report.deregistered = [];
    for (const r of task.sim.registered) {
      if (findTargetGroup(sb, r.targetGroupArn)) {
        deregisterTargetsInternal(sb, r.targetGroupArn, [{ id: task.ip, port: r.port }]);
        report.deregistered.push({ targetGroupArn: r.targetGroupArn });
      }
    }
    task.lastStatus = 'DEACTIVATING';
  } else {
    task.lastStatus = 'STOPPING';
    report.drained = true;
  }
  task.sim.nextStepAtReal = realNow() + sb.settings.taskStepMs;
  sb.markDirty();
  return report;
}

function failStart(sb: Sandbox, task: EcsTask, reason: string): StepReport {
  const r = stopTask(sb, task, {
    reason,
    stopCode: 'TaskFailedToStart',
    containerReason: reason,
    failed: true,
  });
  return { ...r, failedToStart: true };
}

/** Takes at most one lifecycle step if its time has come. */
export function stepTask(sb: Sandbox, task: EcsTask, loadBalancers: Deployment['loadBalancers']): StepReport {
  if (task.lastStatus === 'STOPPED' || realNow() < task.sim.nextStepAtReal) return {};
  const now = sb.clock.now();
  const next = () => {
    task.sim.nextStepAtReal = realNow() + sb.settings.taskStepMs;
    task.version++;
    sb.markDirty();
  };
  switch (task.lastStatus) {
    case 'PROVISIONING':
      task.lastStatus = 'PENDING';
      task.pullStartedAt = now;
      next();
      return {};
    case 'PENDING': {
      if (task.sim.failWith) return failStart(sb, task, task.sim.failWith);
      const td = findTaskDefinition(sb, task.taskDefinitionArn);
      const loggerFailure = td && startContainerLoggers(sb, td);
      if (loggerFailure) return failStart(sb, task, loggerFailure);
      task.pullStoppedAt = now;
      task.lastStatus = 'RUNNING';
      task.startedAt = now;
      task.connectivityAt = now;
      for (const c of task.containers) {
        c.lastStatus = 'RUNNING';
        c.healthStatus = c.hasHealthCheck ? (task.sim.unhealthy ? 'UNHEALTHY' : 'HEALTHY') : 'UNKNOWN';
      }
      const registered: { targetGroupArn: string }[] = [];
      const registerFailures: { targetGroupArn: string; error: string }[] = [];
      for (const lb of loadBalancers) {
        if (!findTargetGroup(sb, lb.targetGroupArn)) continue;
        try {
          registerTargetsInternal(sb, lb.targetGroupArn, [{ id: task.ip, port: lb.containerPort }]);
        } catch (err) {
          // ELBv2 refused the target (another VPC, too many targets...): ECS reports it as an event.
          registerFailures.push({ targetGroupArn: lb.targetGroupArn, error: (err as Error).message });
          continue;
        }
        task.sim.registered.push({ targetGroupArn: lb.targetGroupArn, port: lb.containerPort });
        registered.push({ targetGroupArn: lb.targetGroupArn });
      }
      next();
      return { started: true, registered, registerFailures };
    }
    case 'DEACTIVATING': {
      // Wait for ELBv2 to finish draining (deregistration_delay of sandbox time).
      const draining = taskTargetStates(sb, task).some((s) => s.state === 'draining');
      if (draining) return {};
      task.sim.registered = [];
      task.lastStatus = 'STOPPING';
      next();
      return { drained: true };
    }
    case 'STOPPING':
      task.lastStatus = 'DEPROVISIONING';
      task.executionStoppedAt = now;
      for (const c of task.containers) {
        c.lastStatus = 'STOPPED';
        if (task.startedAt !== undefined && c.exitCode === undefined && task.stopCode !== 'TaskFailedToStart')
          c.exitCode = task.stopCode === 'EssentialContainerExited' && c.essential ? 1 : 0;
      }
      next();
      return {};
    case 'DEPROVISIONING':
      // The attachment keeps naming the ENI after it is gone, as DescribeTasks shows on AWS.
      deleteNetworkInterface(sb, task.eniId);
      task.lastStatus = 'STOPPED';
      task.stoppedAt = now;
      next();
      return { stopped: true };
    default:
      return {};
  }
}

/** The subnet for the next task: round-robin over the service's subnets that still exist. */
export function pickSubnet(sb: Sandbox, service: EcsService, subnets: string[]): string | undefined {
  const usable = subnets.filter((s) => findSubnet(sb, s));
  if (!usable.length) return undefined;
  const subnet = usable[service.sim.nextSubnet % usable.length]!;
  service.sim.nextSubnet = (service.sim.nextSubnet + 1) % 1_000_000;
  return subnet;
}
