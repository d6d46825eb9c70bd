/**
 * The raw reads of one rail, as AWS returned them. The reader (read-rail.ts) fills it with concurrent
 * calls; the model (build-status.ts) and the trace are pure functions of it.
 */
import type { CertificateDetail } from '@aws-sdk/client-acm';
import type {
  Deployment,
  Resource,
  RestApi,
  Stage as RestStage,
  VpcLink as VpcLinkV1,
} from '@aws-sdk/client-api-gateway';
import type {
  Api,
  ApiMapping,
  GetDomainNameCommandOutput,
  Stage as HttpStage,
  Integration,
  Route,
  VpcLink as VpcLinkV2,
} from '@aws-sdk/client-apigatewayv2';
import type { NetworkInterface } from '@aws-sdk/client-ec2';
import type { Service, Task } from '@aws-sdk/client-ecs';
import type {
  Listener,
  LoadBalancer,
  Rule,
  TargetGroup,
  TargetHealthDescription,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import type { TaskLogTarget } from '../common/task-logging.js';
import type { SignalsRead, SignalThresholds } from '../signals/model.js';

/** What the sync state says about one NLB target group. */
export interface SyncTargetGroupState {
  /** IP -> consecutive passes missing from the ALB's IPs. */
  pending: Record<string, number>;
  lastSuccessAt?: string;
}

/** The sync state as status needs it (adapted from the sync's own reader). */
export interface SyncStateView {
  /** ISO time of the last successful pass (of any target group). */
  lastSuccessAt?: string;
  /** Per NLB target group ARN (or name). */
  targetGroups: Record<string, SyncTargetGroupState>;
}

/** The rail's load balancers and the NLB's listeners and target groups, as status read them. */
export interface FoundRailLoadBalancers {
  nlb: LoadBalancer;
  alb: LoadBalancer;
  nlbListeners: Listener[];
  nlbGroups: TargetGroup[];
}

/** One service path as the API should route it (rail.yaml's services). */
export interface ApiRouteExpectation {
  service: string;
  /** The REST resource path, also the HTTP API route's path (`/orders/{proxy+}`). */
  resourcePath: string;
  /** The HTTP API route key (`ANY /orders/{proxy+}`). */
  routeKey: string;
}

/** The API Gateway front door to read: rail.yaml's `apiGateway`, or an API named by `--api`. */
export interface ApiSelector {
  /** `config`: rail.yaml's apiGateway (rails made it); `flag`: `--api <id|name>`. */
  from: 'config' | 'flag';
  /** The API's id or name (config: its name); an id wins over a name. */
  ref: string;
  /** REST or HTTP API; undefined (`--api`): whichever is found. */
  type?: 'rest' | 'http';
  /** The stage to judge; undefined: the API's only stage (`$default` for HTTP APIs). */
  stageName?: string;
  /** The link rails lays (config): its version, name, and the load balancer it should reach. */
  link?: { version: 'v1' | 'v2'; name: string; target: 'nlb' | 'alb' };
  /** The paths the API should route (rail.yaml's services), when known. */
  routes?: ApiRouteExpectation[];
  /** The custom domain that should map to the API's stage. */
  domainName?: string;
}

/** Which rail to read and what rail.yaml says about it. */
export interface RailSelector {
  stage?: string;
  nlbName: string;
  albName: string;
  discoveredBy: 'config' | 'names';
  /** ECS clusters to look in; undefined means every cluster of the region. */
  clusters?: string[];
  /**
   * Services rail.yaml declares: reported as broken when ECS has none of `ecsNames` (rails names an ECS
   * service `<stage>-<service>`; a hand-made one may carry the bare name).
   */
  expectedServices?: { name: string; cluster: string; ecsNames: string[] }[];
  /** Only this service (as the user named it). */
  service?: string;
  /** The ECS names `service` may have; defaults to `[service]`. */
  serviceNames?: string[];
  syncIntervalSeconds?: number;
  missesBeforeDeregister?: number;
  /**
   * Reads the sync state; undefined when this rail has none to read. `found`: the load balancers, the
   * NLB's listeners and target groups as status read them, so the sync's reader need not find them
   * again (absent when a load balancer is missing or one of those reads failed).
   */
  readSync?: (found?: FoundRailLoadBalancers) => Promise<SyncStateView | undefined>;
  /** ECS service name -> where its containers log, when rail.yaml says so (rails-made task definitions). */
  taskLogTargets?: Record<string, TaskLogTarget>;
  /** Skip task reads (route trace does not need them). */
  skipTasks?: boolean;
  /** Read the traffic signals over the last `sinceMs` (undefined: --no-signals, or not wanted). */
  signals?: { sinceMs: number; thresholds: SignalThresholds };
  /** The API Gateway in front of the rail, when rail.yaml has one or `--api` names one. */
  api?: ApiSelector;
  /** rail.yaml's `staticIps`: `none` lays no NLB, so its absence is by design. */
  staticIps?: 'sync' | 'alb-target' | 'none';
}

/** The raw reads of the API Gateway hop. */
export interface ApiSnapshot {
  /** The APIs the selector's ref matched (by id, else by name), REST and HTTP. */
  restApis: RestApi[];
  httpApis: Api[];
  /** The chosen REST API: its resources (methods and integrations embedded), stages, and the judged stage's deployment (with its API summary). */
  rest?: { api: RestApi; resources: Resource[]; stages: RestStage[]; deployment?: Deployment };
  http?: { api: Api; routes: Route[]; integrations: Integration[]; stages: HttpStage[] };
  /** The stage judged (the selector's, else the API's only one). */
  stageName?: string;
  linksV1: VpcLinkV1[];
  linksV2: VpcLinkV2[];
  /** The custom domain (undefined when not asked; null when AWS does not know it) and its mappings. */
  domain?: GetDomainNameCommandOutput | null;
  mappings: ApiMapping[];
  /** The domain's ACM certificate (undefined: unknown to ACM, or not read). */
  certificate?: CertificateDetail;
}

export interface RailSnapshot {
  selector: RailSelector;
  /** Epoch ms when the reads finished, on AWS's clock (the Date header of its answers). */
  readAt: number;
  nlb?: LoadBalancer;
  alb?: LoadBalancer;
  nlbListeners: Listener[];
  albListeners: Listener[];
  /** ALB listener ARN -> its rules (default included). */
  albRules: Record<string, Rule[]>;
  /** Every target group of either load balancer, by ARN. */
  targetGroups: Record<string, TargetGroup>;
  /** Target group ARN -> target health. */
  targetHealth: Record<string, TargetHealthDescription[]>;
  /** Resource ARN -> tags (load balancers and target groups). */
  tags: Record<string, Record<string, string>>;
  /** The ALB's network interfaces (its node IPs). */
  albInterfaces: NetworkInterface[];
  /** ECS services whose loadBalancers name one of the ALB's target groups (or that rail.yaml declares). */
  services: Service[];
  /** Running and recently stopped tasks of those services. */
  tasks: Task[];
  /** Certificate ARN -> what ACM says of it (undefined: unknown to ACM), for the listeners' certificates. */
  certificates?: Record<string, CertificateDetail | undefined>;
  /** Task ARN -> the last log lines of each service's newest stopped task. */
  stoppedTaskLogs?: Record<string, StoppedTaskLog>;
  /** undefined: no state; null: reading it failed (see readErrors). */
  sync?: SyncStateView | null;
  /** The traffic signals (GetMetricData), when asked for. */
  signals?: SignalsRead;
  /** The API Gateway hop's reads, when the selector names an API. */
  api?: ApiSnapshot;
  readErrors: { what: string; message: string }[];
}

/** The last lines of a stopped task's container log, as read for `status`. */
export interface StoppedTaskLog {
  taskId: string;
  group: string;
  stream: string;
  /** Oldest first. */
  lines: { time: string; message: string }[];
  /** Why there are no lines (e.g. the stream does not exist). */
  note?: string;
}
