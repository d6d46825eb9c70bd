/**
 * A service's tasks as the status model shows them: the running ones joined to their targets by IP,
 * the stopped ones grouped by why they stopped. Split from build-services.ts, which judges the service.
 */
import type { Service, Task } from '@aws-sdk/client-ecs';
import { compareText } from '../common/compare.js';
import type { RailSnapshot } from '../observe/snapshot.js';
import { taskId, taskIp } from './build-targets.js';
import type { StoppedTaskGroup, TargetGroupStatus, TaskStatus } from './model.js';

/** An AWS time as ISO text (undefined stays undefined). */
export const iso = (d: Date | string | undefined) =>
  d === undefined ? undefined : new Date(d).toISOString();

/** The running and recently stopped tasks of one service. */
export function serviceTasks(snap: RailSnapshot, s: Service): Task[] {
  return snap.tasks.filter((t) => t.clusterArn === s.clusterArn && t.group === `service:${s.serviceName}`);
}

/** A task ECS has decided to stop (desiredStatus STOPPED) counts as stopped while it drains. */
export function isStopped(t: Task): boolean {
  return t.desiredStatus === 'STOPPED' || t.lastStatus === 'STOPPED';
}

/** Stopped tasks grouped by stop code and reason, the largest group first. */
export function groupStopped(tasks: Task[]): StoppedTaskGroup[] {
  const groups = new Map<string, StoppedTaskGroup>();
  for (const t of tasks) {
    const reason = t.stoppedReason ?? 'unknown';
    const key = `${t.stopCode ?? ''}|${reason}`;
    const g = groups.get(key) ?? {
      reason,
      ...(t.stopCode ? { stopCode: t.stopCode } : {}),
      count: 0,
      taskIds: [],
    };
    g.count += 1;
    g.taskIds.push(taskId(t.taskArn));
    const at = iso(t.stoppedAt);
    if (at && (!g.lastStoppedAt || at > g.lastStoppedAt)) g.lastStoppedAt = at;
    groups.set(key, g);
  }
  return [...groups.values()].sort((a, b) => b.count - a.count || compareText(a.reason, b.reason));
}

/** Live tasks, each with the state of its target (by IP) in every group of the service. */
export function taskStatuses(live: Task[], targetGroups: TargetGroupStatus[]): TaskStatus[] {
  return live.map((t) => {
    const ip = taskIp(t);
    return {
      id: taskId(t.taskArn),
      arn: t.taskArn ?? '',
      lastStatus: t.lastStatus ?? '',
      desiredStatus: t.desiredStatus ?? '',
      ...(ip ? { ip } : {}),
      ...(t.availabilityZone ? { availabilityZone: t.availabilityZone } : {}),
      taskDefinition: (t.taskDefinitionArn ?? '').split('/').pop() ?? '',
      ...(t.startedAt ? { startedAt: iso(t.startedAt) } : {}),
      targets: targetGroups.flatMap((tg) =>
        tg.targets
          .filter((x) => x.id === ip)
          .map((x) => ({ targetGroup: tg.name, state: x.state, ...(x.reason ? { reason: x.reason } : {}) })),
      ),
    };
  });
}
