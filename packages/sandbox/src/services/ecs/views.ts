/** ECS output shapes built from the state (Dates become epoch seconds on the wire). */
import type { Sandbox } from '../../core/types.js';
import { tagList } from './input.js';
import { type Deployment, type EcsService, type EcsTask, ecsState } from './state.js';

const date = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms));
const PENDING_STATES = ['PROVISIONING', 'PENDING', 'ACTIVATING'];

/** The service-linked role ECS uses for services with load balancers. */
export function serviceLinkedRoleArn(sb: Sandbox): string {
  return `arn:aws:iam::${sb.accountId}:role/aws-service-role/ecs.amazonaws.com/AWSServiceRoleForECS`;
}

function counts(tasks: EcsTask[]) {
  const live = tasks.filter((t) => t.desiredStatus === 'RUNNING');
  return {
    runningCount: tasks.filter((t) => t.lastStatus === 'RUNNING').length,
    pendingCount: live.filter((t) => PENDING_STATES.includes(t.lastStatus)).length,
  };
}

function deploymentView(d: Deployment, tasks: EcsTask[]) {
  const mine = tasks.filter((t) => t.deploymentId === d.id);
  return {
    id: d.id,
    status: d.status,
    taskDefinition: d.taskDefinition,
    desiredCount: d.desiredCount,
    ...counts(mine),
    failedTasks: d.failedTasks,
    createdAt: date(d.createdAt),
    updatedAt: date(d.updatedAt),
    launchType: d.launchType,
    capacityProviderStrategy: d.capacityProviderStrategy,
    platformVersion: d.platformVersion,
    platformFamily: d.platformVersion ? 'Linux' : undefined,
    networkConfiguration: d.networkConfiguration,
    rolloutState: d.rolloutState,
    rolloutStateReason: d.rolloutStateReason,
  };
}

export function serviceView(sb: Sandbox, s: EcsService, includeTags = false) {
  const tasks = ecsState(sb).tasks.filter((t) => t.serviceArn === s.serviceArn && t.lastStatus !== 'STOPPED');
  return {
    serviceArn: s.serviceArn,
    serviceName: s.serviceName,
    clusterArn: s.clusterArn,
    loadBalancers: s.loadBalancers,
    serviceRegistries: [],
    status: s.status,
    desiredCount: s.desiredCount,
    ...counts(tasks),
    launchType: s.launchType,
    capacityProviderStrategy: s.capacityProviderStrategy,
    platformVersion: s.platformVersion,
    platformFamily: s.platformVersion ? 'Linux' : undefined,
    taskDefinition: s.taskDefinition,
    deploymentConfiguration: s.deploymentConfiguration,
    deployments: s.deployments.map((d) => deploymentView(d, tasks)),
    roleArn: s.roleArn,
    events: s.events.map((e) => ({ id: e.id, createdAt: date(e.createdAt), message: e.message })),
    createdAt: date(s.createdAt),
    placementConstraints: [],
    placementStrategy: [],
    networkConfiguration: s.networkConfiguration,
    healthCheckGracePeriodSeconds: s.healthCheckGracePeriodSeconds,
    schedulingStrategy: s.schedulingStrategy,
    deploymentController: { type: 'ECS' },
    tags: includeTags ? tagList(s.tags) : undefined,
    createdBy: s.createdBy,
    enableECSManagedTags: s.enableECSManagedTags,
    propagateTags: s.propagateTags,
    enableExecuteCommand: s.enableExecuteCommand,
    availabilityZoneRebalancing: 'ENABLED',
  };
}

function attachmentStatus(t: EcsTask): string {
  if (t.lastStatus === 'PROVISIONING') return 'PRECREATED';
  if (t.lastStatus === 'DEPROVISIONING') return 'DELETED';
  if (t.lastStatus === 'STOPPED') return 'DELETED';
  return 'ATTACHED';
}

function taskHealth(t: EcsTask): string {
  const checked = t.containers.filter((c) => c.essential && c.hasHealthCheck);
  if (!checked.length || t.lastStatus !== 'RUNNING') return 'UNKNOWN';
  return checked.some((c) => c.healthStatus === 'UNHEALTHY') ? 'UNHEALTHY' : 'HEALTHY';
}

export function taskView(t: EcsTask, includeTags = false) {
  const privateDnsName = `ip-${t.ip.replaceAll('.', '-')}.ec2.internal`;
  return {
    attachments: [
      {
        id: t.attachmentId,
        type: 'ElasticNetworkInterface',
        status: attachmentStatus(t),
        details: [
          { name: 'subnetId', value: t.subnetId },
          ...(t.lastStatus === 'PROVISIONING' ? [] : [{ name: 'networkInterfaceId', value: t.eniId }]),
          { name: 'macAddress', value: t.macAddress },
          { name: 'privateDnsName', value: privateDnsName },
          { name: 'privateIPv4Address', value: t.ip },
        ],
      },
    ],
    attributes: [{ name: 'ecs.cpu-architecture', value: 'x86_64' }],
    availabilityZone: t.availabilityZone,
    capacityProviderName: t.capacityProviderName,
    clusterArn: t.clusterArn,
    connectivity: t.connectivityAt !== undefined && t.lastStatus !== 'STOPPED' ? 'CONNECTED' : undefined,
    connectivityAt: date(t.connectivityAt),
    containers: t.containers.map((c) => ({
      containerArn: c.containerArn,
      taskArn: t.taskArn,
      name: c.name,
      image: c.image,
      lastStatus: c.lastStatus,
      exitCode: c.exitCode,
      reason: c.reason,
      networkInterfaces: [{ attachmentId: t.attachmentId, privateIpv4Address: t.ip }],
      healthStatus: c.hasHealthCheck ? c.healthStatus : 'UNKNOWN',
      cpu: c.cpu,
      memory: c.memory,
    })),
    cpu: t.cpu,
    memory: t.memory,
    createdAt: date(t.createdAt),
    desiredStatus: t.desiredStatus,
    enableExecuteCommand: false,
    executionStoppedAt: date(t.executionStoppedAt),
    group: t.group,
    healthStatus: taskHealth(t),
    lastStatus: t.lastStatus,
    launchType: t.launchType,
    overrides: {
      containerOverrides: t.containers.map((c) => ({ name: c.name })),
      inferenceAcceleratorOverrides: [],
    },
    platformVersion: t.platformVersion,
    platformFamily: 'Linux',
    pullStartedAt: date(t.pullStartedAt),
    pullStoppedAt: date(t.pullStoppedAt),
    startedAt: date(t.startedAt),
    startedBy: t.startedBy,
    stopCode: t.stopCode,
    stoppedAt: date(t.stoppedAt),
    stoppedReason: t.stoppedReason,
    stoppingAt: date(t.stoppingAt),
    tags: includeTags ? tagList(t.tags) : [],
    taskArn: t.taskArn,
    taskDefinitionArn: t.taskDefinitionArn,
    version: t.version,
    ephemeralStorage: { sizeInGiB: 20 },
  };
}
