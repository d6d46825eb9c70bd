/**
 * Metrics that flow every minute whether or not traffic does: HealthyHostCount / UnHealthyHostCount
 * of every target group a load balancer's listeners or rules forward to, and ECS services'
 * CPUUtilization / MemoryUtilization from a small documented load model (README.md "Periodic
 * metrics"). Only the minutes that end inside the span given are written, so each minute once.
 */
import type { Sandbox } from '../../core/types.js';
import { recordDatapoints } from '../../services/cloudwatch/index.js';
import { ecsState } from '../../services/ecs/state.js';
import { loadBalancerPath } from '../../services/elbv2/arns.js';
import { targetHealth } from '../../services/elbv2/health.js';
import { actionTargetGroupArns, findTargetGroup } from '../../services/elbv2/lookup.js';
import { elbv2State } from '../../services/elbv2/state.js';
import { MINUTE_MS } from './state.js';

/** ms of one vCPU a request costs, and the idle baselines (percent). */
export const ECS_MODEL = { cpuMsPerRequest: 5, cpuBaseline: 2, memoryBaseline: 15, memoryPerRps: 0.1 };

/** Starts of the minutes whose end falls in (from, to]. */
function minutesEndingIn(from: number, to: number): number[] {
  const out: number[] = [];
  let start = Math.floor(from / MINUTE_MS) * MINUTE_MS;
  if (start + MINUTE_MS <= from) start += MINUTE_MS;
  for (; start + MINUTE_MS <= to; start += MINUTE_MS) out.push(start);
  return out;
}

/** `targetgroup/<name>/<id>` from a target group ARN. */
function targetGroupDimension(arn: string): string {
  return arn.slice(arn.indexOf(':targetgroup/') + 1);
}

/** Healthy and unhealthy counts per (load balancer, target group) as health reads now. */
function hostCounts(sb: Sandbox) {
  const { loadBalancers, listeners, rules } = elbv2State(sb);
  const out: Array<{ ns: string; dims: Record<string, string>; healthy: number; unhealthy: number }> = [];
  for (const lb of loadBalancers) {
    const mine = listeners.filter((l) => l.loadBalancerArn === lb.arn);
    const arns = new Set(mine.flatMap((l) => actionTargetGroupArns(l.defaultActions)));
    for (const r of rules)
      if (mine.some((l) => l.arn === r.listenerArn))
        for (const a of actionTargetGroupArns(r.actions)) arns.add(a);
    for (const arn of arns) {
      const tg = findTargetGroup(sb, arn);
      if (!tg) continue;
      const states = tg.targets.map((t) => targetHealth(sb, tg, t).State);
      out.push({
        ns: lb.type === 'application' ? 'AWS/ApplicationELB' : 'AWS/NetworkELB',
        dims: { LoadBalancer: loadBalancerPath(lb.arn), TargetGroup: targetGroupDimension(arn) },
        healthy: states.filter((s) => s === 'healthy').length,
        unhealthy: states.filter((s) => s === 'unhealthy').length,
      });
    }
  }
  return out;
}

const lastSegment = (arn: string) => arn.slice(arn.lastIndexOf('/') + 1);

/** CPU and memory per ECS service with tasks running in the minute, from the requests they served. */
function ecsMetrics(sb: Sandbox, start: number, served: Record<string, number>): void {
  const end = start + MINUTE_MS;
  const running = new Map<string, { tasks: number; vcpus: number }>();
  for (const task of ecsState(sb).tasks) {
    if (!task.serviceArn || task.startedAt === undefined || task.startedAt >= end) continue;
    if ((task.executionStoppedAt ?? task.stoppedAt ?? Number.POSITIVE_INFINITY) <= start) continue;
    const key = `${lastSegment(task.clusterArn)}\n${lastSegment(task.serviceArn)}`;
    const entry = running.get(key) ?? { tasks: 0, vcpus: 0 };
    entry.tasks++;
    entry.vcpus += Number(task.cpu ?? 256) / 1024;
    running.set(key, entry);
  }
  for (const [key, { tasks, vcpus }] of running) {
    const [ClusterName, ServiceName] = key.split('\n') as [string, string];
    const requests = served[key] ?? 0;
    const m = ECS_MODEL;
    const cpu = Math.min(100, m.cpuBaseline + (100 * requests * m.cpuMsPerRequest) / (MINUTE_MS * vcpus));
    const memory = Math.min(100, m.memoryBaseline + (m.memoryPerRps * requests) / 60 / tasks);
    const dims = { ClusterName, ServiceName };
    recordDatapoints(sb, 'AWS/ECS', 'CPUUtilization', dims, start, [cpu], 'Percent');
    recordDatapoints(sb, 'AWS/ECS', 'MemoryUtilization', dims, start, [memory], 'Percent');
  }
}

/** Writes the periodic metrics of each minute ending in (from, to]. */
export function publishPeriodic(
  sb: Sandbox,
  from: number,
  to: number,
  served: Map<number, Record<string, number>>,
): void {
  const starts = minutesEndingIn(from, to);
  if (starts.length === 0) return;
  const hosts = hostCounts(sb);
  for (const start of starts) {
    for (const h of hosts) {
      recordDatapoints(sb, h.ns, 'HealthyHostCount', h.dims, start, [h.healthy], 'Count');
      recordDatapoints(sb, h.ns, 'UnHealthyHostCount', h.dims, start, [h.unhealthy], 'Count');
    }
    ecsMetrics(sb, start, served.get(start) ?? {});
  }
}
