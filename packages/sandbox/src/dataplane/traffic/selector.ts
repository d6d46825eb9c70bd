/**
 * Which targets a behaviour applies to: a task (by id), an ECS service's tasks (today's and the ones
 * that replace them), or an IP. Used by the fail-health oracle here and checked when a behaviour is
 * added; the router applies the same selectors to the requests it routes.
 */
import type { Sandbox } from '../../core/types.js';
import { type EcsTask, ecsState } from '../../services/ecs/state.js';
import { elbv2State } from '../../services/elbv2/state.js';
import type { TargetBehaviour } from '../types.js';

export type Selector = TargetBehaviour['selector'];

const nameOfArn = (arn: string) => arn.slice(arn.lastIndexOf('/') + 1);

/** The task (not stopped) that holds this IP, if any. */
export function taskAtIp(sb: Sandbox, ip: string): EcsTask | undefined {
  return ecsState(sb).tasks.find((t) => t.ip === ip && t.lastStatus !== 'STOPPED');
}

/** Whether the target at `ip` (its task, when one holds the IP) is selected. */
export function selects(selector: Selector, ip: string, task: EcsTask | undefined): boolean {
  if (selector.ip !== undefined && selector.ip !== ip) return false;
  if (selector.taskId !== undefined && task?.taskId !== selector.taskId) return false;
  if (selector.service !== undefined && task?.group !== `service:${selector.service}`) return false;
  if (selector.cluster !== undefined && (!task || nameOfArn(task.clusterArn) !== selector.cluster))
    return false;
  return true;
}

/** Why the selector names nothing that exists (or names nothing at all), or undefined when it is good. */
export function selectorProblem(sb: Sandbox, selector: Selector): string | undefined {
  if (!selector || typeof selector !== 'object') return 'selector must be an object';
  for (const [k, v] of Object.entries(selector)) {
    if (!['cluster', 'service', 'taskId', 'ip'].includes(k))
      return `selector has an unknown field '${k}' (cluster, service, taskId, ip)`;
    if (typeof v !== 'string' || v === '') return `selector.${k} must be a non-empty string`;
  }
  if (!selector.service && !selector.taskId && !selector.ip)
    return 'selector must name an ECS service, a task id or an IP';
  const ecs = ecsState(sb);
  const inCluster = (arn: string) => !selector.cluster || nameOfArn(arn) === selector.cluster;
  if (selector.cluster && !ecs.clusters.some((c) => c.clusterName === selector.cluster))
    return `no ECS cluster named '${selector.cluster}'`;
  if (selector.service) {
    const found = ecs.services.some(
      (s) => s.serviceName === selector.service && s.status !== 'INACTIVE' && inCluster(s.clusterArn),
    );
    if (!found)
      return `no ECS service named '${selector.service}'${selector.cluster ? ` in cluster ${selector.cluster}` : ''}`;
  }
  if (selector.taskId) {
    const found = ecs.tasks.some(
      (t) => t.taskId === selector.taskId && t.lastStatus !== 'STOPPED' && inCluster(t.clusterArn),
    );
    if (!found) return `no running ECS task with id '${selector.taskId}'`;
  }
  if (selector.ip) {
    const registered = elbv2State(sb).targetGroups.some((tg) => tg.targets.some((t) => t.id === selector.ip));
    if (!taskAtIp(sb, selector.ip) && !registered)
      return `no task or registered target has the IP ${selector.ip}`;
  }
  return undefined;
}
