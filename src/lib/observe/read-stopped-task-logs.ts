/**
 * The last lines of each rail service's newest stopped task, for `status` under `Tasks.Stopped`. For a
 * task definition rails registers the log target is known from rail.yaml (the selector's
 * `taskLogTargets`) and the stream follows from the task id, so GetLogEvents runs right after
 * DescribeTasks, as deep as the load balancer branch already goes. For another task definition one
 * DescribeTaskDefinition comes first, and only when a stopped task exists (docs/aws-behaviour.md §12,
 * "Container logs" and "GetLogEvents").
 */
import type { Service, Task } from '@aws-sdk/client-ecs';
import type { AwsClients } from '../aws/clients.js';
import { findTaskDefinition } from '../aws/ecs.js';
import { errorCode } from '../aws/errors.js';
import { type TaskLogTarget, taskLogTarget } from '../common/task-logging.js';
import { taskStreamName } from '../logs/container/stream-names.js';
import type { RailSelector, StoppedTaskLog } from './snapshot.js';

/** How many lines `status` shows of the newest stopped task. */
export const STOPPED_LINES = 5;

const stoppedAt = (t: Task) => Date.parse(String(t.stoppedAt ?? t.stoppingAt ?? t.createdAt ?? 0)) || 0;
const isStopped = (t: Task) => t.desiredStatus === 'STOPPED' || t.lastStatus === 'STOPPED';

/** The newest stopped task of each service that belongs to the rail, by service name. */
export function newestStopped(sel: RailSelector, services: Service[], tasks: Task[]): Map<string, Task> {
  const expected = new Set((sel.expectedServices ?? []).flatMap((s) => s.ecsNames));
  const ours = new Set(
    services
      .filter((s) => (expected.size ? expected.has(s.serviceName!) : (s.loadBalancers ?? []).length > 0))
      .map((s) => `${s.clusterArn}|service:${s.serviceName}`),
  );
  const newest = new Map<string, Task>();
  for (const t of tasks) {
    if (!isStopped(t) || !ours.has(`${t.clusterArn}|${t.group}`)) continue;
    const name = t.group!.slice('service:'.length);
    const seen = newest.get(name);
    if (!seen || stoppedAt(t) > stoppedAt(seen)) newest.set(name, t);
  }
  return newest;
}

async function lastLines(aws: AwsClients, target: TaskLogTarget, task: Task): Promise<StoppedTaskLog> {
  const taskId = (task.taskArn ?? '').split('/').pop() ?? '';
  const stream = taskStreamName(target, taskId);
  const base = { taskId, group: target.group, stream };
  try {
    const { GetLogEventsCommand } = await import('../aws/sdk/get-log-events.js');
    const out = await (await aws.logs()).send(
      new GetLogEventsCommand({
        logGroupName: target.group,
        logStreamName: stream,
        startFromHead: false,
        limit: STOPPED_LINES,
      }),
    );
    return {
      ...base,
      lines: (out.events ?? []).map((e) => ({
        time: new Date(e.timestamp ?? 0).toISOString(),
        message: (e.message ?? '').replace(/\n$/, ''),
      })),
    };
  } catch (err) {
    if (errorCode(err) === 'ResourceNotFoundException')
      return { ...base, lines: [], note: `no log stream ${stream} in ${target.group}` };
    throw err;
  }
}

/** Task ARN -> the last lines of its container; failures go to `errors` and the report goes on. */
export async function readStoppedTaskLogs(
  aws: AwsClients,
  sel: RailSelector,
  services: Service[],
  tasks: Task[],
  errors: { what: string; message: string }[],
): Promise<Record<string, StoppedTaskLog>> {
  if (sel.skipTasks) return {};
  const container = new Map(services.map((s) => [s.serviceName!, s.loadBalancers?.[0]?.containerName]));
  const read = await Promise.all(
    [...newestStopped(sel, services, tasks)].map(async ([name, task]) => {
      try {
        let target = sel.taskLogTargets?.[name];
        if (!target && task.taskDefinitionArn) {
          const td = await findTaskDefinition(aws, task.taskDefinitionArn);
          target = taskLogTarget(td?.taskDefinition, container.get(name));
        }
        if (!target?.streamPrefix) return undefined;
        return [task.taskArn!, await lastLines(aws, target, task)] as const;
      } catch (err) {
        errors.push({
          what: `container logs of stopped task ${task.taskArn?.split('/').pop()}`,
          message: `${errorCode(err)}: ${(err as Error)?.message ?? String(err)}`,
        });
        return undefined;
      }
    }),
  );
  return Object.fromEntries(read.filter((r) => r !== undefined));
}
