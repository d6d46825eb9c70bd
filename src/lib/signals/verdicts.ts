/**
 * Verdicts from the traffic signals, per hop, over the last `VERDICT_MINUTES` of the window. Pure:
 * series in, reasons and the numbers they were judged on out. No datapoint of a count is zero
 * (docs/aws-behaviour.md §12: ELB reports only while traffic flows), so a hop without datapoints has
 * no traffic, which is said as such and never judged as an alarm.
 */
import { count, percent, seconds } from './format.js';
import type {
  HopSignals,
  SeriesData,
  SignalInputs,
  SignalQuery,
  SignalReason,
  SignalSeries,
  SignalThresholds,
  SignalWindow,
} from './model.js';
import { VERDICT_MINUTES } from './model.js';
import { addSeries, average, lastMinutes, max, sum } from './series.js';
import { formatSince } from './since.js';

/** One query and what CloudWatch answered for it. */
export interface QueryData {
  query: SignalQuery;
  data?: SeriesData;
}

export interface HopSignalVerdict {
  reasons: SignalReason[];
  signals: HopSignals;
}

export const LAST = `in the last ${VERDICT_MINUTES}m`;

/** The level an error share earns: broken at `broken` % or more, degraded at `degraded` % or more. */
export function shareLevel(
  errors: number,
  requests: number,
  t: SignalThresholds,
): SignalReason['level'] | undefined {
  if (requests <= 0 || errors <= 0) return undefined;
  const p = (errors / requests) * 100;
  return p >= t.errorRate.broken ? 'broken' : p >= t.errorRate.degraded ? 'degraded' : undefined;
}

/** The datapoints of one metric (and stat), added over subjects (target groups). */
export function pick(entries: QueryData[], metric: string, stat?: string): SeriesData | undefined {
  const found = entries.filter((e) => e.query.metric === metric && (!stat || e.query.stat === stat));
  if (found.length === 0) return undefined;
  return found.length === 1
    ? (found[0]!.data ?? { timestamps: [], values: [] })
    : addSeries(found.map((e) => e.data));
}

/** The worst minute's value of a statistic over subjects (p99 of several groups: the highest). */
export function worstOf(
  entries: QueryData[],
  metric: string,
  stat: string,
  window: SignalWindow,
): number | undefined {
  return max(
    entries
      .filter((e) => e.query.metric === metric && e.query.stat === stat)
      .flatMap((e) => lastMinutes(e.data, window)),
  );
}

function seriesOf(entries: QueryData[]): SignalSeries[] {
  return entries.map(({ query, data }) => ({
    metric: query.metric,
    stat: query.stat,
    ...(query.subject ? { subject: query.subject } : {}),
    timestamps: (data?.timestamps ?? []).map((t) => new Date(t).toISOString()),
    values: data?.values ?? [],
  }));
}

export function hopSignals(
  entries: QueryData[],
  window: SignalWindow,
  traffic: SeriesData | undefined,
  inputs: SignalInputs,
  /** What "no traffic" is on this hop (the sync: no invocations). */
  idle = 'no traffic',
): HopSignals {
  const any = (traffic?.values.length ?? 0) > 0;
  const recent = any && sum(lastMinutes(traffic, window)) > 0;
  const note = !any
    ? `${idle} in the last ${formatSince(window.end - window.start)}`
    : !recent
      ? `${idle} ${LAST} (some earlier in the window)`
      : undefined;
  return {
    window: {
      start: new Date(window.start).toISOString(),
      end: new Date(window.end).toISOString(),
      verdictMinutes: VERDICT_MINUTES,
    },
    traffic: any,
    ...(note ? { note } : {}),
    inputs,
    series: seriesOf(entries),
  };
}

/** errors / requests in percent, absent without requests. */
export const share = (errors: number, requests: number) =>
  requests > 0 ? (errors / requests) * 100 : undefined;

interface ShareRule {
  code: string;
  errors: number;
  /** `31 % of 1,204 requests <what> in the last 5m`. */
  what: string;
  hint: string;
}

export function shareReasons(
  rules: ShareRule[],
  requests: number,
  noun: string,
  t: SignalThresholds,
): SignalReason[] {
  const out: SignalReason[] = [];
  for (const r of rules) {
    const level = shareLevel(r.errors, requests, t);
    if (!level) continue;
    out.push({
      level,
      code: r.code,
      message: `${percent(share(r.errors, requests)!)} of ${count(requests)} ${noun} ${r.what} ${LAST}`,
      hint: r.hint,
    });
  }
  return out;
}

/** ALB: the ELB's own 502/503/504 against its requests. */
export function albSignals(
  entries: QueryData[],
  window: SignalWindow,
  t: SignalThresholds,
): HopSignalVerdict {
  const last = (m: string) => sum(lastMinutes(pick(entries, m), window));
  const byKind = {
    elb502: last('HTTPCode_ELB_502_Count'),
    elb503: last('HTTPCode_ELB_503_Count'),
    elb504: last('HTTPCode_ELB_504_Count'),
  };
  const errors = byKind.elb502 + byKind.elb503 + byKind.elb504;
  // RequestCount may leave out requests the ALB rejected before choosing a target (§12): the errors
  // are never more than all requests.
  const requests = Math.max(last('RequestCount'), errors);
  const reasons = shareReasons(
    [
      {
        code: 'Alb.Elb502',
        errors: byKind.elb502,
        what: 'answered 502 by the ALB',
        hint: 'the target closed the connection or answered malformed: is the app crashing, or is its keep-alive timeout shorter than the ALB idle timeout?',
      },
      {
        code: 'Alb.Elb503',
        errors: byKind.elb503,
        what: 'answered 503 by the ALB',
        hint: 'no healthy target in the group to send to: see the service hops below (running tasks, target health)',
      },
      {
        code: 'Alb.Elb504',
        errors: byKind.elb504,
        what: 'answered 504 by the ALB',
        hint: 'the target is slower than the ALB idle timeout (60 s by default) or never answers: see the service p99 and its logs',
      },
    ],
    requests,
    'requests',
    t,
  );
  const inputs: SignalInputs = {
    requests,
    errors,
    ...(requests > 0 ? { errorPercent: share(errors, requests) } : {}),
    errorsByKind: {
      ...byKind,
      rejectedConnections: last('RejectedConnectionCount'),
      clientTlsErrors: last('ClientTLSNegotiationErrorCount'),
    },
  };
  return { reasons, signals: hopSignals(entries, window, pick(entries, 'RequestCount'), inputs) };
}

/** NLB: resets by the target (the ALB) against new flows. */
export function nlbSignals(
  entries: QueryData[],
  window: SignalWindow,
  t: SignalThresholds,
): HopSignalVerdict {
  const last = (m: string) => sum(lastMinutes(pick(entries, m), window));
  const byKind = {
    targetResets: last('TCP_Target_Reset_Count'),
    elbResets: last('TCP_ELB_Reset_Count'),
    clientResets: last('TCP_Client_Reset_Count'),
  };
  const flows = Math.max(last('NewFlowCount'), byKind.targetResets);
  const reasons = shareReasons(
    [
      {
        code: 'Nlb.TargetResets',
        errors: byKind.targetResets,
        what: 'were reset by their target (the ALB side)',
        hint: "the NLB sends to IPs where no ALB listens: are its targets the ALB's current IPs? run `rails sync-ips --once`",
      },
    ],
    flows,
    'flows',
    t,
  );
  const inputs: SignalInputs = {
    requests: flows,
    errors: byKind.targetResets,
    ...(flows > 0 ? { errorPercent: share(byKind.targetResets, flows) } : {}),
    errorsByKind: byKind,
  };
  return { reasons, signals: hopSignals(entries, window, pick(entries, 'NewFlowCount'), inputs) };
}

/** Static IPs: the sync Lambda's errors against its invocations, and the failures a sync pass reported. */
export function syncSignals(
  entries: QueryData[],
  window: SignalWindow,
  t: SignalThresholds,
): HopSignalVerdict {
  const last = (m: string) => sum(lastMinutes(pick(entries, m), window));
  const errors = last('Errors');
  const invocations = Math.max(last('Invocations'), errors);
  const failures = last('FailureCount');
  const fn = entries.find((e) => e.query.metric === 'Errors')?.query.dimensions.FunctionName;
  const reasons = shareReasons(
    [
      {
        code: 'Sync.LambdaErrors',
        errors,
        what: `of the sync Lambda${fn ? ` ${fn}` : ''} failed`,
        hint: `read its log group /aws/lambda/${fn ?? '<function>'}; while it fails the NLB's targets drift from the ALB's IPs`,
      },
    ],
    invocations,
    'invocations',
    t,
  );
  if (failures > 0)
    reasons.push({
      level: 'degraded',
      code: 'Sync.Failures',
      message: `sync passes reported ${count(failures)} failed target group update${failures === 1 ? '' : 's'} ${LAST} (Rails/StaticIpSync FailureCount)`,
      hint: 'run `rails sync-ips --once` to see the error; the sync retries every pass',
    });
  const inputs: SignalInputs = {
    requests: invocations,
    errors,
    ...(invocations > 0 ? { errorPercent: share(errors, invocations) } : {}),
    syncFailures: failures,
  };
  return {
    reasons,
    signals: hopSignals(entries, window, pick(entries, 'Invocations'), inputs, 'no sync Lambda invocations'),
  };
}

/** A service: its target groups' requests, 5xx, connection errors and response times; CPU and memory. */
export function serviceSignals(
  entries: QueryData[],
  window: SignalWindow,
  t: SignalThresholds,
): HopSignalVerdict {
  const last = (m: string) => sum(lastMinutes(pick(entries, m, 'Sum'), window));
  const requests = last('RequestCount');
  const target5xx = last('HTTPCode_Target_5XX_Count');
  const connectionErrors = last('TargetConnectionErrorCount');
  const reasons = shareReasons(
    [
      {
        code: 'Target.5xx',
        errors: target5xx,
        what: 'answered 5xx by targets',
        hint: "the app itself fails while its health checks pass: read its logs and the ALB's (`rails logs alb --status 5xx`)",
      },
      {
        code: 'Target.ConnectionErrors',
        errors: connectionErrors,
        what: 'could not connect to a target',
        hint: "the ALB could not open a connection: the tasks' security group must allow the ALB on the container port; are tasks stopping?",
      },
    ],
    requests + (connectionErrors > requests ? connectionErrors - requests : 0),
    'requests',
    t,
  );
  const p99 = worstOf(entries, 'TargetResponseTime', 'p99', window);
  const p50 = worstOf(entries, 'TargetResponseTime', 'p50', window);
  if (p99 !== undefined && p99 > t.targetP99Seconds)
    reasons.push({
      level: 'degraded',
      code: 'Target.SlowResponses',
      message: `p99 response time ${seconds(p99)} (threshold ${seconds(t.targetP99Seconds)}) ${LAST}`,
      hint: 'the targets answer slowly: CPU or memory pressure, a slow dependency; at the ALB idle timeout they become 504s',
    });
  const cpu = average(lastMinutes(pick(entries, 'CPUUtilization'), window));
  const memory = average(lastMinutes(pick(entries, 'MemoryUtilization'), window));
  if (cpu !== undefined && cpu >= t.cpuPercent)
    reasons.push({
      level: 'degraded',
      code: 'Service.CpuHigh',
      message: `CPU ${percent(cpu)} on average ${LAST} (threshold ${percent(t.cpuPercent)})`,
      hint: 'add tasks (desiredCount) or give the task definition more CPU',
    });
  if (memory !== undefined && memory >= t.memoryPercent)
    reasons.push({
      level: 'degraded',
      code: 'Service.MemoryHigh',
      message: `memory ${percent(memory)} on average ${LAST} (threshold ${percent(t.memoryPercent)})`,
      hint: 'give the task definition more memory before the tasks are stopped for running out of it',
    });
  const errors = target5xx + connectionErrors;
  const inputs: SignalInputs = {
    requests,
    errors,
    ...(requests > 0 ? { errorPercent: share(errors, requests) } : {}),
    errorsByKind: { target5xx, connectionErrors },
    ...(p99 !== undefined ? { p99Seconds: p99 } : {}),
    ...(p50 !== undefined ? { p50Seconds: p50 } : {}),
    ...(cpu !== undefined ? { cpuPercent: cpu } : {}),
    ...(memory !== undefined ? { memoryPercent: memory } : {}),
  };
  return { reasons, signals: hopSignals(entries, window, pick(entries, 'RequestCount', 'Sum'), inputs) };
}
