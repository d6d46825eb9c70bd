/**
 * Publishes the traffic metrics of minutes that have ended: one datapoint per metric, dimension set
 * and minute, and none for a metric with nothing to report, as ELB reports only while traffic flows
 * (README.md "Metrics"). Counts go in as one value, the minute's total; TargetResponseTime as the raw
 * samples so percentiles answer.
 */
import type { Sandbox } from '../../core/types.js';
import { recordDatapoints } from '../../services/cloudwatch/index.js';
import { publishApigw } from './apigw-metrics.js';
import { type AlbCounters, MINUTE_MS, type MinuteCounters, type NlbCounters, signalsState } from './state.js';

const ALB = 'AWS/ApplicationELB';
const NLB = 'AWS/NetworkELB';
type Dims = Record<string, string>;

function put(sb: Sandbox, ns: string, name: string, dims: Dims, at: number, value: number, unit: string) {
  recordDatapoints(sb, ns, name, dims, at, [value], unit);
}

/** Sums counters by a key (the load balancer, or the load balancer and zone). */
function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    out.set(k, [...(out.get(k) ?? []), item]);
  }
  return out;
}

const sum = <T>(items: T[], f: (item: T) => number) => items.reduce((a, i) => a + f(i), 0);

/** Load-balancer metrics of the ALB, for one dimension set (LoadBalancer, or AZ + LoadBalancer). */
function albLoadBalancerMetrics(sb: Sandbox, at: number, dims: Dims, cs: AlbCounters[]): void {
  const counts: Array<[string, number, string]> = [
    ['RequestCount', sum(cs, (c) => c.requests), 'Count'],
    ['HTTPCode_ELB_3XX_Count', sum(cs, (c) => c.elb['3'] ?? 0), 'Count'],
    ['HTTPCode_ELB_4XX_Count', sum(cs, (c) => c.elb['4'] ?? 0), 'Count'],
    ['HTTPCode_ELB_5XX_Count', sum(cs, (c) => c.elb['5'] ?? 0), 'Count'],
    ['HTTPCode_ELB_500_Count', sum(cs, (c) => c.elb['500'] ?? 0), 'Count'],
    ['HTTPCode_ELB_502_Count', sum(cs, (c) => c.elb['502'] ?? 0), 'Count'],
    ['HTTPCode_ELB_503_Count', sum(cs, (c) => c.elb['503'] ?? 0), 'Count'],
    ['HTTPCode_ELB_504_Count', sum(cs, (c) => c.elb['504'] ?? 0), 'Count'],
    ['HTTP_Fixed_Response_Count', sum(cs, (c) => c.fixed), 'Count'],
    ['HTTP_Redirect_Count', sum(cs, (c) => c.redirect), 'Count'],
    ['NewConnectionCount', sum(cs, (c) => c.newConnections), 'Count'],
    ['ActiveConnectionCount', sum(cs, (c) => c.newConnections), 'Count'],
    ['ProcessedBytes', sum(cs, (c) => c.bytes), 'Bytes'],
  ];
  for (const [name, value, unit] of counts) if (value > 0) put(sb, ALB, name, dims, at, value, unit);
}

/** Target-group metrics of the ALB, for one dimension set (TargetGroup + LoadBalancer [+ AZ]). */
function albTargetGroupMetrics(sb: Sandbox, at: number, dims: Dims, cs: AlbCounters[]): void {
  const requests = sum(cs, (c) => c.requests);
  const targets = new Set(cs.flatMap((c) => c.targets)).size;
  const counts: Array<[string, number]> = [
    ['RequestCount', requests],
    ['HTTPCode_Target_2XX_Count', sum(cs, (c) => c.target['2'] ?? 0)],
    ['HTTPCode_Target_3XX_Count', sum(cs, (c) => c.target['3'] ?? 0)],
    ['HTTPCode_Target_4XX_Count', sum(cs, (c) => c.target['4'] ?? 0)],
    ['HTTPCode_Target_5XX_Count', sum(cs, (c) => c.target['5'] ?? 0)],
    ['TargetConnectionErrorCount', sum(cs, (c) => c.connectionErrors)],
  ];
  for (const [name, value] of counts) if (value > 0) put(sb, ALB, name, dims, at, value, 'Count');
  if (targets > 0) put(sb, ALB, 'RequestCountPerTarget', dims, at, requests / targets, 'Count');
  const times = cs.flatMap((c) => c.responseTimes);
  if (times.length > 0) recordDatapoints(sb, ALB, 'TargetResponseTime', dims, at, times, 'Seconds');
}

function publishAlb(sb: Sandbox, at: number, minute: MinuteCounters): void {
  const all = Object.values(minute.alb);
  for (const [lb, cs] of groupBy(all, (c) => c.lb)) albLoadBalancerMetrics(sb, at, { LoadBalancer: lb }, cs);
  for (const cs of groupBy(all, (c) => `${c.lb}\n${c.az}`).values())
    albLoadBalancerMetrics(sb, at, { LoadBalancer: cs[0]!.lb, AvailabilityZone: cs[0]!.az }, cs);
  const withTg = all.filter((c) => c.tg !== '');
  for (const cs of groupBy(withTg, (c) => `${c.lb}\n${c.tg}`).values())
    albTargetGroupMetrics(sb, at, { LoadBalancer: cs[0]!.lb, TargetGroup: cs[0]!.tg }, cs);
  for (const cs of groupBy(withTg, (c) => `${c.lb}\n${c.tg}\n${c.az}`).values()) {
    const { lb, tg, az } = cs[0]!;
    albTargetGroupMetrics(sb, at, { LoadBalancer: lb, TargetGroup: tg, AvailabilityZone: az }, cs);
  }
}

function nlbMetrics(sb: Sandbox, at: number, dims: Dims, cs: NlbCounters[]): void {
  const counts: Array<[string, number, string]> = [
    ['NewFlowCount', sum(cs, (c) => c.flows), 'Count'],
    ['NewFlowCount_TLS', sum(cs, (c) => c.flowsTls), 'Count'],
    ['NewFlowCount_TCP', sum(cs, (c) => c.flowsTcp), 'Count'],
    ['ActiveFlowCount', sum(cs, (c) => c.flows), 'Count'],
    ['ProcessedBytes', sum(cs, (c) => c.bytes), 'Bytes'],
    ['TCP_Target_Reset_Count', sum(cs, (c) => c.targetResets), 'Count'],
    ['TCP_ELB_Reset_Count', sum(cs, (c) => c.elbResets), 'Count'],
    ['TCP_Client_Reset_Count', sum(cs, (c) => c.clientResets), 'Count'],
    ['UnhealthyRoutingFlowCount', sum(cs, (c) => c.unhealthyRouting), 'Count'],
  ];
  for (const [name, value, unit] of counts) if (value > 0) put(sb, NLB, name, dims, at, value, unit);
}

function publishNlb(sb: Sandbox, at: number, minute: MinuteCounters): void {
  const all = Object.values(minute.nlb);
  for (const [lb, cs] of groupBy(all, (c) => c.lb)) nlbMetrics(sb, at, { LoadBalancer: lb }, cs);
  for (const cs of groupBy(all, (c) => `${c.lb}\n${c.az}`).values())
    nlbMetrics(sb, at, { LoadBalancer: cs[0]!.lb, AvailabilityZone: cs[0]!.az }, cs);
}

/**
 * Publishes and forgets every pending minute that ended at or before `to`; returns the ECS requests
 * served per minute start, which the periodic ECS metrics use.
 */
export function publishEndedMinutes(sb: Sandbox, to: number): Map<number, Record<string, number>> {
  const minutes = signalsState(sb).minutes;
  const served = new Map<number, Record<string, number>>();
  for (const key of Object.keys(minutes)) {
    const start = Number(key);
    if (start + MINUTE_MS > to) continue;
    const minute = minutes[key]!;
    publishAlb(sb, start, minute);
    publishNlb(sb, start, minute);
    publishApigw(sb, start, minute.apigw);
    served.set(start, minute.served);
    delete minutes[key];
  }
  return served;
}
