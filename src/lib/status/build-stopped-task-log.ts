/** The newest stopped task's last log lines in a service's model (read by read-stopped-task-logs.ts). */
import type { Task } from '@aws-sdk/client-ecs';
import type { RailSnapshot } from '../observe/snapshot.js';
import type { ServiceStatus } from './model.js';

export function stoppedTaskLogOf(snap: RailSnapshot, tasks: Task[]): Pick<ServiceStatus, 'stoppedTaskLog'> {
  for (const t of tasks) {
    const log = t.taskArn ? snap.stoppedTaskLogs?.[t.taskArn] : undefined;
    if (log) return { stoppedTaskLog: log };
  }
  return {};
}
