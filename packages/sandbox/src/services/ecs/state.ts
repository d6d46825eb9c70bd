/**
 * ECS state. Times are sandbox epoch ms (`sb.clock.now()`), except the `*Real` fields, which are
 * wall-clock ms that pace the simulated task lifecycle (settings.taskStepMs). Output shapes are built
 * from these records on read (views.ts), so internal fields never leak into responses.
 */
import type { Sandbox } from '../../core/types.js';

export type Tags = Record<string, string>;

export interface Cluster {
  clusterArn: string;
  clusterName: string;
  status: 'ACTIVE' | 'INACTIVE';
  capacityProviders: string[];
  defaultCapacityProviderStrategy: CapacityProviderItem[];
  settings: { name: string; value: string }[];
  createdAt: number;
  tags: Tags;
}

export interface CapacityProviderItem {
  capacityProvider: string;
  weight?: number;
  base?: number;
}

export interface PortMapping {
  containerPort?: number;
  hostPort?: number;
  protocol?: string;
  name?: string;
  appProtocol?: string;
}

/** A container definition as AWS echoes it (kept as given, with AWS's defaults filled in). */
export type ContainerDefinition = Record<string, any> & {
  name: string;
  image: string;
  portMappings: PortMapping[];
  essential: boolean;
};

export interface TaskDefinition {
  taskDefinitionArn: string;
  family: string;
  revision: number;
  status: 'ACTIVE' | 'INACTIVE' | 'DELETE_IN_PROGRESS';
  containerDefinitions: ContainerDefinition[];
  networkMode: string;
  requiresCompatibilities: string[];
  compatibilities: string[];
  cpu?: string;
  memory?: string;
  executionRoleArn?: string;
  taskRoleArn?: string;
  volumes: unknown[];
  placementConstraints: unknown[];
  requiresAttributes: { name: string }[];
  runtimePlatform?: unknown;
  ephemeralStorage?: unknown;
  registeredAt: number;
  registeredBy: string;
  deregisteredAt?: number;
  tags: Tags;
}

export interface LoadBalancerRef {
  targetGroupArn: string;
  containerName: string;
  containerPort: number;
}

export interface AwsvpcConfiguration {
  subnets: string[];
  securityGroups: string[];
  assignPublicIp: 'ENABLED' | 'DISABLED';
}

export interface DeploymentConfiguration {
  deploymentCircuitBreaker: { enable: boolean; rollback: boolean };
  maximumPercent: number;
  minimumHealthyPercent: number;
}

export type RolloutState = 'IN_PROGRESS' | 'COMPLETED' | 'FAILED';

export interface Deployment {
  id: string;
  status: 'PRIMARY' | 'ACTIVE' | 'INACTIVE';
  taskDefinition: string;
  /** Tasks this deployment wants; ECS lowers an old deployment's count as it scales it in. */
  desiredCount: number;
  failedTasks: number;
  createdAt: number;
  updatedAt: number;
  launchType?: string;
  capacityProviderStrategy?: CapacityProviderItem[];
  platformVersion?: string;
  networkConfiguration?: { awsvpcConfiguration: AwsvpcConfiguration };
  loadBalancers: LoadBalancerRef[];
  rolloutState: RolloutState;
  rolloutStateReason: string;
  /** Started by the circuit breaker: when it fails too, ECS does not roll back again. */
  rollback?: boolean;
}

export interface ServiceEvent {
  id: string;
  createdAt: number;
  message: string;
}

export interface EcsService {
  serviceArn: string;
  serviceName: string;
  clusterArn: string;
  status: 'ACTIVE' | 'DRAINING' | 'INACTIVE';
  desiredCount: number;
  launchType?: string;
  capacityProviderStrategy?: CapacityProviderItem[];
  platformVersion?: string;
  taskDefinition: string;
  deploymentConfiguration: DeploymentConfiguration;
  networkConfiguration?: { awsvpcConfiguration: AwsvpcConfiguration };
  loadBalancers: LoadBalancerRef[];
  healthCheckGracePeriodSeconds?: number;
  propagateTags: string;
  enableECSManagedTags: boolean;
  enableExecuteCommand: boolean;
  schedulingStrategy: 'REPLICA' | 'DAEMON';
  roleArn?: string;
  createdAt: number;
  createdBy: string;
  deletedAt?: number;
  deployments: Deployment[];
  /** Newest first, at most 100. */
  events: ServiceEvent[];
  tags: Tags;
  /** The normalized CreateService request: a repeat must match it exactly to be idempotent. */
  createRequest: string;
  clientToken?: string;
  /** Scheduler bookkeeping. */
  sim: {
    /** True once "has reached a steady state." was written and nothing has changed since. */
    steady: boolean;
    /** Real ms before which the scheduler does not launch (backoff after failed launches). */
    launchNotBeforeReal: number;
    consecutiveFailures: number;
    /** Round-robin position over the subnets. */
    nextSubnet: number;
    /** Last placement failure message written, so repeats are not logged again (as ECS does). */
    lastPlacementMessage?: string;
    /** The last deployment that COMPLETED: what the circuit breaker rolls back to. */
    lastCompleted?: Deployment;
  };
}

export type TaskStatus =
  | 'PROVISIONING'
  | 'PENDING'
  | 'ACTIVATING'
  | 'RUNNING'
  | 'DEACTIVATING'
  | 'STOPPING'
  | 'DEPROVISIONING'
  | 'STOPPED';

export interface TaskContainer {
  containerArn: string;
  name: string;
  image: string;
  lastStatus: string;
  exitCode?: number;
  reason?: string;
  healthStatus: 'HEALTHY' | 'UNHEALTHY' | 'UNKNOWN';
  cpu?: string;
  memory?: string;
  essential: boolean;
  hasHealthCheck: boolean;
}

export interface EcsTask {
  taskArn: string;
  taskId: string;
  clusterArn: string;
  serviceArn?: string;
  deploymentId?: string;
  taskDefinitionArn: string;
  group: string;
  startedBy?: string;
  lastStatus: TaskStatus;
  desiredStatus: 'RUNNING' | 'STOPPED';
  launchType?: string;
  capacityProviderName?: string;
  platformVersion: string;
  cpu?: string;
  memory?: string;
  availabilityZone: string;
  subnetId: string;
  securityGroups: string[];
  attachmentId: string;
  eniId: string;
  macAddress: string;
  ip: string;
  containers: TaskContainer[];
  createdAt: number;
  pullStartedAt?: number;
  pullStoppedAt?: number;
  startedAt?: number;
  connectivityAt?: number;
  stoppingAt?: number;
  executionStoppedAt?: number;
  stoppedAt?: number;
  stopCode?: string;
  stoppedReason?: string;
  version: number;
  tags: Tags;
  sim: {
    /** Real ms at which the task takes its next lifecycle step. */
    nextStepAtReal: number;
    /** Target groups the task is registered in, with the port. */
    registered: { targetGroupArn: string; port: number }[];
    /** Set by the control API: health checks fail with this reason. */
    unhealthy?: { reason: string; description: string };
    /** Sandbox ms when the scheduler first saw the task unhealthy in a target group. */
    unhealthySince?: number;
    /** True when the task failed before RUNNING or failed health checks (circuit breaker). */
    failed?: boolean;
    /** Set from the service's fault at launch: the task stops before RUNNING with this reason. */
    failWith?: string;
  };
}

/** Faults set through the control API, per service ARN. */
export interface ServiceFaults {
  /** The service cannot place tasks; the message is the placement failure reason. */
  placement?: string;
  /**
   * New tasks of the service (of this task definition only, when set) stop before RUNNING with this
   * reason: a bad image, say.
   */
  taskFailure?: { reason: string; taskDefinition?: string };
}

export interface EcsState {
  clusters: Cluster[];
  taskDefinitions: TaskDefinition[];
  services: EcsService[];
  tasks: EcsTask[];
  faults: Record<string, ServiceFaults>;
}

export function emptyEcsState(): EcsState {
  return { clusters: [], taskDefinitions: [], services: [], tasks: [], faults: {} };
}

/** Where ECS keeps its state in the sandbox state (and in a state file). */
export const ECS_STATE_KEY = 'ecs';

/** The ECS state of a sandbox, created on first use. */
export function ecsState(sb: Sandbox): EcsState {
  const s = sb.state[ECS_STATE_KEY] as Partial<EcsState>;
  if (!s.clusters) Object.assign(s, emptyEcsState());
  return s as EcsState;
}
