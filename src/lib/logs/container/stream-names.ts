/**
 * awslogs stream names on Fargate: `<prefix>/<container>/<task-id>` (docs/aws-behaviour.md §12,
 * "Container logs"). Pure.
 */
import type { TaskLogTarget } from '../../common/task-logging.js';

export function taskStreamName(target: TaskLogTarget, taskId: string): string {
  return `${target.streamPrefix}/${target.container}/${taskId}`;
}

/** The task id a stream belongs to: its last segment (the whole name for a stream of another shape). */
export function streamTaskId(stream: string): string {
  return stream.split('/').pop() ?? stream;
}

/** The short task id lines are prefixed with: the first 8 characters, as the ECS console shows it. */
export function shortTaskId(id: string): string {
  return id.slice(0, 8);
}
