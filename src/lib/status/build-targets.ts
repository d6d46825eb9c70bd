/** Target groups and their targets as the status model shows them; tasks joined to targets by IP. */
import type { Task } from '@aws-sdk/client-ecs';
import type { TargetGroup, TargetHealthDescription } from '@aws-sdk/client-elastic-load-balancing-v2';
import { compareText } from '../common/compare.js';
import { targetGroupNameOf } from '../observe/snapshot-lookups.js';
import { type HintContext, targetHint, targetStateRank } from './hints.js';
import type { Reason, TargetGroupStatus, TargetStatus } from './model.js';

/** A task's private IP (awsvpc: from its ENI attachment, else from its containers). */
export function taskIp(task: Task): string | undefined {
  for (const a of task.attachments ?? []) {
    const ip = a.details?.find((d) => d.name === 'privateIPv4Address')?.value;
    if (ip) return ip;
  }
  for (const c of task.containers ?? []) {
    const ip = c.networkInterfaces?.find((n) => n.privateIpv4Address)?.privateIpv4Address;
    if (ip) return ip;
  }
  return undefined;
}

/** The last segment of a task ARN. */
export function taskId(arn: string | undefined): string {
  return (arn ?? '').split('/').pop() ?? '';
}

export function targetStatus(
  d: TargetHealthDescription,
  ctx: HintContext,
  taskByIp?: Map<string, Task>,
): TargetStatus {
  const state = d.TargetHealth?.State ?? 'unknown';
  const reason = d.TargetHealth?.Reason;
  const id = d.Target?.Id ?? '';
  const task = taskByIp?.get(id);
  return {
    id,
    port: d.Target?.Port,
    availabilityZone: d.Target?.AvailabilityZone,
    state,
    ...(reason ? { reason } : {}),
    ...(d.TargetHealth?.Description ? { description: d.TargetHealth.Description } : {}),
    ...(state !== 'healthy' && targetHint(reason, ctx) ? { hint: targetHint(reason, ctx) } : {}),
    ...(task ? { taskId: taskId(task.taskArn) } : {}),
  };
}

/** A target group with its targets, the ones needing attention first. */
export function targetGroupStatus(
  arn: string,
  tg: TargetGroup | undefined,
  health: TargetHealthDescription[],
  ctx: HintContext,
  options: { weight?: number; taskByIp?: Map<string, Task> } = {},
): TargetGroupStatus {
  const targets = health
    .map((d) => targetStatus(d, { ...ctx, targetGroup: tg }, options.taskByIp))
    .sort((a, b) => targetStateRank(a.state) - targetStateRank(b.state) || compareText(a.id, b.id));
  return {
    name: tg?.TargetGroupName ?? targetGroupNameOf(arn),
    arn,
    protocol: tg?.Protocol,
    port: tg?.Port,
    targetType: tg?.TargetType,
    ...(options.weight === undefined ? {} : { weight: options.weight }),
    healthy: targets.filter((t) => t.state === 'healthy').length,
    targets,
  };
}

/** Counts of targets by reason code among those not healthy, e.g. `{ 'Target.Timeout': [t1, t2] }`. */
export function unhealthyByReason(targets: TargetStatus[]): Map<string, TargetStatus[]> {
  const out = new Map<string, TargetStatus[]>();
  for (const t of targets) {
    if (t.state === 'healthy') continue;
    const key = t.reason ?? t.state;
    out.set(key, [...(out.get(key) ?? []), t]);
  }
  return out;
}

/**
 * The finding for a target group whose targets could not be read (the read errors say why): they are
 * unknown, so nothing is judged missing or unhealthy on a guess, and the hop cannot be called ok.
 */
export function targetsNotRead(subject: string): Reason {
  return {
    level: 'broken',
    code: 'Targets.NotRead',
    message: `${subject}: its targets could not be read, so they are not known`,
    hint: 'see the read warnings: the credentials need elasticloadbalancing:DescribeTargetGroups and DescribeTargetHealth',
  };
}
