/**
 * The status model: what `rails status` shows and what `--json` prints. Field names are a contract
 * (documented in README "status JSON"): add fields freely, never rename or remove one without bumping
 * `schemaVersion`.
 */
import type { StoppedTaskLog } from '../observe/snapshot.js';

export type { StoppedTaskLog };

import type { HopSignals, SignalsSummary } from '../signals/model.js';

/** ok: traffic flows as designed. degraded: it flows, but with less capacity or drift. broken: it does not flow. */
export type Verdict = 'ok' | 'degraded' | 'broken';

/**
 * One finding about a hop. `level` `warning` is worth knowing but does not change the verdict;
 * `degraded` and `broken` set it.
 */
export interface Reason {
  level: 'warning' | Verdict;
  /** Stable code: an AWS reason code (`Target.Timeout`) or one of rails' own (`StaticIps.Missing`). */
  code: string;
  message: string;
  /** What to do about it. */
  hint?: string;
}

export interface HopVerdict {
  verdict: Verdict;
  /** Worst first. */
  reasons: Reason[];
  /** The hop's traffic signals (absent with --no-signals or when they could not be read). */
  signals?: HopSignals;
}

/** A registered target and its health, as DescribeTargetHealth reports it. */
export interface TargetStatus {
  /** IP address, instance id or ALB ARN. */
  id: string;
  port?: number;
  availabilityZone?: string;
  /** `initial`, `healthy`, `unhealthy`, `unused`, `draining`, `unavailable`, `unhealthy.draining`. */
  state: string;
  /** AWS reason code such as `Target.Timeout` (absent when healthy). */
  reason?: string;
  description?: string;
  hint?: string;
  /** The ECS task behind this IP target, when one is known. */
  taskId?: string;
}

export interface TargetGroupStatus {
  name: string;
  arn: string;
  protocol?: string;
  port?: number;
  targetType?: string;
  /** Weight in the forward action that uses this group (ALB groups; undefined when not weighted). */
  weight?: number;
  healthy: number;
  /** Unhealthy first, then initial, draining, unused, healthy. */
  targets: TargetStatus[];
}

export interface NlbListenerStatus {
  port: number;
  protocol: string;
  targetGroups: TargetGroupStatus[];
}

export interface NlbStatus extends HopVerdict {
  name: string;
  arn?: string;
  /** `active`, `provisioning`, `active_impaired`, `failed`, `not-found`, or `absent` (none by design: `staticIps: none`). */
  state: string;
  scheme?: string;
  availabilityZones: string[];
  dnsName?: string;
  listeners: NlbListenerStatus[];
}

export interface PendingDeregistration {
  ip: string;
  /** Consecutive passes the IP has been missing from the ALB's IPs. */
  count: number;
  /** Passes after which the sync deregisters it. */
  threshold?: number;
}

export interface StaticIpTargetGroup {
  name: string;
  arn: string;
  port?: number;
  /** ALB IPs registered and reported by the NLB. */
  registered: string[];
  /** ALB IPs that are not registered: the NLB sends nothing to those ALB nodes. */
  missing: string[];
  /** Registered IPs that are no longer the ALB's and not draining: traffic to them is lost. */
  stale: string[];
  /** Registered IPs being deregistered (`draining`). */
  draining: string[];
  /** IPs the sync counts towards deregistration. */
  pendingDeregistration: PendingDeregistration[];
  /** alb-target mode: the health of the ALB as the NLB's target. */
  albTarget?: TargetStatus;
}

export interface StaticIpsStatus extends HopVerdict {
  /** `sync`: IP target groups kept on the ALB's IPs; `alb-target`: AWS's alb target type; `none`: no NLB by design (rail.yaml `staticIps: none`); `unknown`. */
  mode: 'sync' | 'alb-target' | 'none' | 'unknown';
  /** The ALB's current private IPs, from its network interfaces. */
  albIps: string[];
  targetGroups: StaticIpTargetGroup[];
  sync: {
    /** ISO time of the last successful sync pass, when a sync state exists. */
    lastSuccessAt?: string;
    ageSeconds?: number;
    /** Seconds between passes the age is judged against. */
    intervalSeconds?: number;
    /** `state`: read from the sync state; `none`: no state found; `unavailable`: could not be read. */
    source: 'state' | 'none' | 'unavailable';
  };
}

export interface RuleStatus {
  /** `"10"` or `"default"`. */
  priority: string;
  isDefault: boolean;
  hosts: string[];
  paths: string[];
  /** Other conditions as `field: values`. */
  otherConditions: string[];
  action: ActionSummary;
}

export type ActionSummary =
  | { type: 'forward'; targetGroups: { name: string; arn: string; weight?: number }[] }
  | { type: 'redirect'; statusCode: string; location: string }
  | { type: 'fixed-response'; statusCode: string; contentType?: string }
  | { type: string };

export interface AlbListenerStatus {
  port: number;
  protocol: string;
  /** In evaluation order: priority ascending, the default rule last. */
  rules: RuleStatus[];
}

export interface AlbStatus extends HopVerdict {
  name: string;
  arn?: string;
  state: string;
  scheme?: string;
  availabilityZones: string[];
  securityGroups: string[];
  listeners: AlbListenerStatus[];
}

export interface DeploymentStatus {
  id: string;
  /** `PRIMARY`, `ACTIVE`, `INACTIVE`. */
  status: string;
  /** `IN_PROGRESS`, `COMPLETED`, `FAILED`. */
  rolloutState?: string;
  rolloutStateReason?: string;
  taskDefinition: string;
  desired: number;
  running: number;
  pending: number;
  failedTasks: number;
  createdAt?: string;
}

export interface TaskStatus {
  id: string;
  arn: string;
  lastStatus: string;
  desiredStatus: string;
  ip?: string;
  availabilityZone?: string;
  taskDefinition: string;
  startedAt?: string;
  /** The targets this task's IP is registered as (`<target group name>: <state>`). */
  targets: { targetGroup: string; state: string; reason?: string }[];
}

export interface StoppedTaskGroup {
  /** The task's stoppedReason, e.g. `Essential container in task exited`. */
  reason: string;
  stopCode?: string;
  count: number;
  taskIds: string[];
  lastStoppedAt?: string;
}

/** The last lines the newest stopped task's container logged (awslogs), shown under `Tasks.Stopped`. */
export interface ServiceStatus extends HopVerdict {
  name: string;
  cluster: string;
  arn?: string;
  /** ECS status: `ACTIVE`, `DRAINING`, `INACTIVE`, or `not-found`. */
  status: string;
  desired: number;
  running: number;
  pending: number;
  deployments: DeploymentStatus[];
  /** The last few service events, newest first. */
  events: { at?: string; message: string }[];
  targetGroups: TargetGroupStatus[];
  tasks: TaskStatus[];
  stoppedTasks: StoppedTaskGroup[];
  /** The newest stopped task's last log lines, when its task definition logs through awslogs. */
  stoppedTaskLog?: StoppedTaskLog;
}

/** One path the API routes, with the integration it has (REST: resource + method; HTTP: route). */
export interface ApiIntegrationStatus {
  /** The REST resource path or the HTTP API route key (`ANY /orders/{proxy+}`). */
  path: string;
  /** The rail.yaml service the path belongs to, when rail.yaml names it. */
  service?: string;
  /** The REST method (`ANY`). */
  method?: string;
  /** false: the resource, method, route or integration is missing. */
  found: boolean;
  type?: string;
  connectionType?: string;
  /** The VPC link the integration goes through. */
  connectionId?: string;
  /** REST: the backend URL; HTTP APIs: the load balancer listener ARN. */
  uri?: string;
  /** REST over a v2 link: the load balancer ARN. */
  integrationTarget?: string;
}

export interface ApiLinkStatus {
  version: 'v1' | 'v2';
  id: string;
  name?: string;
  /** `PENDING`, `AVAILABLE`, `DELETING`, `FAILED`, `INACTIVE` (v2). */
  status: string;
  statusMessage?: string;
  /** v1: the NLB ARN(s); v2: what the integrations over it name (load balancer or listener ARNs). */
  targets: string[];
}

export interface ApiDomainStatus {
  name: string;
  found: boolean;
  /** The mapping of the domain that serves this API's stage (`basePath` `''` for the root). */
  mapping?: { basePath: string; apiId: string; stage: string };
  /** Every mapping of the domain. */
  mappings: { basePath: string; apiId: string; stage: string }[];
  certificate?: { arn: string; status?: string; notAfter?: string; daysLeft?: number };
}

export interface ApiStatus extends HopVerdict {
  id?: string;
  name: string;
  /** `rest` or `http`; `unknown` when no API was found. */
  type: 'rest' | 'http' | 'unknown';
  /** `found` or `not-found`. */
  state: 'found' | 'not-found';
  /** `config`: rail.yaml's apiGateway; `flag`: `--api`. */
  from: 'config' | 'flag';
  stage?: string;
  stageFound: boolean;
  /** The deployment the stage serves (REST), or the HTTP stage's. */
  deploymentId?: string;
  deployedAt?: string;
  /** HTTP API stages: deployed by API Gateway on each change. */
  autoDeploy?: boolean;
  /** true: the API's resources or integrations differ from what the stage serves; absent: cannot tell. */
  undeployedChanges?: boolean;
  /** How that was told: the deployment's hash (rails's) and its API summary, or the summary alone. */
  undeployedBasis?: 'deployment-hash' | 'api-summary';
  /** What differs (`+ GET /orders`, `- ANY /old/{proxy+}`, `integrations`). */
  undeployed?: string[];
  link?: ApiLinkStatus;
  integrations: ApiIntegrationStatus[];
  domain?: ApiDomainStatus;
}

export interface StatusReport {
  schemaVersion: 1;
  /** ISO time the reads finished. */
  generatedAt: string;
  stage?: string;
  /** `config`: found from rail.yaml's stage; `names`: given by --nlb/--alb. */
  discoveredBy: 'config' | 'names';
  verdict: Verdict;
  /** The first hop that is not ok (broken before degraded), with its first reason: the line to read first. */
  firstProblem?: { hop: string; verdict: Verdict; code: string; message: string; hint?: string };
  /** Per hop in path order: `api` (with an API Gateway), `nlb`, `static-ips`, `alb`, `service:<name>`; no `nlb` and `static-ips` under `staticIps: none` when no NLB exists. */
  hops: { hop: string; verdict: Verdict }[];
  /** The API Gateway hop, when rail.yaml has `apiGateway` or `--api` names one. */
  api?: ApiStatus;
  nlb: NlbStatus;
  staticIps: StaticIpsStatus;
  alb: AlbStatus;
  services: ServiceStatus[];
  /** Reads that failed; the rest of the report stands. */
  readErrors: { what: string; message: string }[];
  /** The signals' window, thresholds and calls (absent with --no-signals). */
  signals?: SignalsSummary;
}
