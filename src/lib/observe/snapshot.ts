/**
 * The raw reads of one rail, as AWS returned them. The reader (read-rail.ts) fills it with concurrent
 * calls; the model (build-status.ts) and the trace are pure functions of it.
 */
import type { CertificateDetail } from '@aws-sdk/client-acm';
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
  /** Reads the sync state; undefined when this rail has none to read. */
  readSync?: () => Promise<SyncStateView | undefined>;
  /** ECS service name -> where its containers log, when rail.yaml says so (rails-made task definitions). */
  taskLogTargets?: Record<string, TaskLogTarget>;
  /** Skip task reads (route trace does not need them). */
  skipTasks?: boolean;
  /** Read the traffic signals over the last `sinceMs` (undefined: --no-signals, or not wanted). */
  signals?: { sinceMs: number; thresholds: SignalThresholds };
}

export interface RailSnapshot {
  selector: RailSelector;
  /** Epoch ms when the reads finished. */
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
