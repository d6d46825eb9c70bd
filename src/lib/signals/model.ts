/**
 * The traffic signals of a rail: what is asked of CloudWatch (queries), what it answered (series), and
 * what `status` shows and prints under `--json` (per hop and a summary). Field names of `HopSignals`
 * and `SignalsSummary` are part of the status JSON contract (README "status JSON").
 */

/** The thresholds a signal verdict is judged against (rail.yaml `signals:`). */
export interface SignalThresholds {
  /** Error share of requests, in percent: at `degraded` or more the hop is degraded, at `broken` broken. */
  errorRate: { degraded: number; broken: number };
  /** The targets' p99 response time (TargetResponseTime) above which a service is degraded. */
  targetP99Seconds: number;
  /** API Gateway's p99 Latency above which the API hop is degraded. */
  apiLatencyP99Seconds: number;
  /** Average CPU / memory utilization of a service's tasks at or above which it is degraded. */
  cpuPercent: number;
  memoryPercent: number;
}

export const DEFAULT_THRESHOLDS: SignalThresholds = {
  errorRate: { degraded: 1, broken: 25 },
  targetP99Seconds: 2,
  apiLatencyP99Seconds: 5,
  cpuPercent: 90,
  memoryPercent: 90,
};

/** Minutes at the end of the window the verdicts are taken over. */
export const VERDICT_MINUTES = 5;
/** One datapoint per minute: ELB, ECS and Lambda publish standard-resolution (60 s) metrics. */
export const PERIOD_SECONDS = 60;

/** One metric of one hop: a GetMetricData `MetricStat` query and what it is for. */
export interface SignalQuery {
  /** GetMetricData query id (`^[a-z][a-zA-Z0-9_]*$`, unique in the batch). */
  id: string;
  /** The hop it belongs to: `nlb`, `static-ips`, `alb`, `api`, or the target group / service it is about. */
  hop: string;
  namespace: string;
  metric: string;
  dimensions: Record<string, string>;
  /** `Sum`, `Average`, `Maximum`, `p50`, `p99`... */
  stat: string;
  /** What it describes, when a hop has several of one metric (a target group's name, a service). */
  subject?: string;
}

/** The window read: epoch ms, `end` exclusive, aligned to whole minutes. */
export interface SignalWindow {
  start: number;
  end: number;
}

/** What CloudWatch answered for one query, in time order. */
export interface SeriesData {
  timestamps: number[];
  values: number[];
}

/** The raw read: the plan, the answers by query id, and how many calls it took. */
export interface SignalsRead {
  window: SignalWindow;
  queries: SignalQuery[];
  results: Record<string, SeriesData>;
  /** GetMetricData calls made (pages included). */
  calls: number;
  /** Set when the read failed (the failure is also a readError); `results` is then empty. */
  error?: string;
}

/** A finding from signals, in the status model's Reason shape. */
export interface SignalReason {
  level: 'warning' | 'degraded' | 'broken';
  code: string;
  message: string;
  hint?: string;
}

/** One metric's per-minute datapoints, as the status JSON prints them. */
export interface SignalSeries {
  metric: string;
  stat: string;
  /** The target group (or other subject) when a hop has several of this metric. */
  subject?: string;
  /** ISO times of each minute's start, ascending; minutes without a datapoint are absent. */
  timestamps: string[];
  values: number[];
}

/** What the verdicts of one hop were computed from, over the last `VERDICT_MINUTES` minutes. */
export interface SignalInputs {
  /** Requests (ALB, target groups, API), flows (NLB) or invocations (sync Lambda) in the last minutes. */
  requests?: number;
  /** Errors counted against `requests` (5xx, resets, Lambda errors). */
  errors?: number;
  /** errors / requests, in percent (absent without requests). */
  errorPercent?: number;
  /** Per error kind, the count (`elb502`, `target5xx`, `targetResets`...). */
  errorsByKind?: Record<string, number>;
  /** The worst minute's p99 / p50 (seconds). */
  p99Seconds?: number;
  p50Seconds?: number;
  /** Average utilization in percent. */
  cpuPercent?: number;
  memoryPercent?: number;
  /** Failures the sync pass published (`Rails/StaticIpSync` FailureCount). */
  syncFailures?: number;
}

export interface HopSignals {
  /** The window read and the minutes the verdicts looked at. */
  window: { start: string; end: string; verdictMinutes: number };
  /** false when no datapoint of a traffic metric fell in the window: no traffic (never an alarm). */
  traffic: boolean;
  /** `no traffic in the last 15m`, when that is so. */
  note?: string;
  inputs: SignalInputs;
  series: SignalSeries[];
}

/** The top-level `signals` of the status model. */
export interface SignalsSummary {
  window: { start: string; end: string; since: string; verdictMinutes: number };
  thresholds: SignalThresholds;
  /** GetMetricData calls made and queries asked. */
  calls: number;
  queries: number;
  /** Set when GetMetricData failed: the hops carry no signals. */
  error?: string;
}
