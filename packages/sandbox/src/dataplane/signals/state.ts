/**
 * What the signals hold between slices, under `dataplane.signals` in the sandbox state: per-minute
 * traffic counters not yet published (AWS publishes a minute once it has ended) and the access-log
 * lines of 5-minute windows not yet closed. Plain JSON, so a persisted sandbox picks up where it was.
 */
import type { Sandbox } from '../../core/types.js';
import type { ApigwCounters } from './apigw-metrics.js';

/** One ALB node zone's traffic towards one target group (or none) in one minute. */
export interface AlbCounters {
  lb: string;
  az: string;
  /** `targetgroup/<name>/<id>`, '' when no target group was chosen. */
  tg: string;
  requests: number;
  /** HTTPCode_ELB_<class>_Count by status class (3, 4, 5) and by code (500, 502, 503, 504). */
  elb: Record<string, number>;
  fixed: number;
  redirect: number;
  newConnections: number;
  bytes: number;
  /** HTTPCode_Target_<class>_Count by status class (2..5). */
  target: Record<string, number>;
  connectionErrors: number;
  /** TargetResponseTime samples, seconds. */
  responseTimes: number[];
  /** Distinct `ip:port` targets that got requests (RequestCountPerTarget). */
  targets: string[];
}

/** One NLB node zone's flows in one minute. */
export interface NlbCounters {
  lb: string;
  az: string;
  flows: number;
  flowsTls: number;
  flowsTcp: number;
  bytes: number;
  targetResets: number;
  elbResets: number;
  clientResets: number;
  unhealthyRouting: number;
}

export interface MinuteCounters {
  alb: Record<string, AlbCounters>;
  nlb: Record<string, NlbCounters>;
  /** Requests ECS services' tasks served, keyed `<cluster>\n<service>`. */
  served: Record<string, number>;
  /** API Gateway's counters by dimension set; absent in minutes without API Gateway traffic. */
  apigw?: Record<string, ApigwCounters>;
}

/** An access-log file being filled: one ALB node (or one NLB) and one 5-minute window. */
export interface LogWindow {
  kind: 'app' | 'net';
  /** The load balancer's name and id, its region, and the node IP (ALB only). */
  name: string;
  id: string;
  region: string;
  nodeIp?: string;
  /** Window start, sandbox epoch ms. */
  start: number;
  bucket: string;
  prefix: string;
  /** The file's text so far, one chunk per slice (each whole lines ending in a newline). */
  chunks: string[];
}

export interface SignalsState {
  /** Keyed by the minute's start (sandbox epoch ms). */
  minutes: Record<string, MinuteCounters>;
  windows: Record<string, LogWindow>;
}

/** The signals' state, created on first use under the data plane's key. */
export function signalsState(sb: Sandbox): SignalsState {
  sb.state.dataplane ??= {};
  const dataplane = sb.state.dataplane as { signals?: Partial<SignalsState> };
  dataplane.signals ??= {};
  dataplane.signals.minutes ??= {};
  dataplane.signals.windows ??= {};
  return dataplane.signals as SignalsState;
}

export const MINUTE_MS = 60_000;
export const WINDOW_MS = 5 * MINUTE_MS;
