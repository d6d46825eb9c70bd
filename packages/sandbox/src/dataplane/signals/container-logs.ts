/**
 * Container logs as the awslogs driver ships them (README.md "Container logs"): the container that
 * serves the target's port writes an access line per request it answered, and each awslogs container
 * a line when its task starts and when it stops, to group `awslogs-group`, stream
 * `<awslogs-stream-prefix>/<container>/<task-id>`, with the events' own timestamps.
 */
import type { Sandbox } from '../../core/types.js';
import type { ContainerDefinition, EcsTask } from '../../services/ecs/state.js';
import { ecsState } from '../../services/ecs/state.js';
import { appendLogEvents } from '../../services/logs/index.js';
import { MAX_EVENTS_PER_GROUP } from '../../services/logs/ingest.js';
import type { RequestOutcome } from '../types.js';
import { isoMillis } from './time-format.js';

interface Destination {
  group: string;
  stream: string;
  createGroup: boolean;
}

type LogEvent = { timestamp: number; message: string };

/** Where a container's awslogs driver writes; undefined when it does not use awslogs. */
function destination(container: ContainerDefinition, taskId: string): Destination | undefined {
  const config = container.logConfiguration as
    | { logDriver?: string; options?: Record<string, string> }
    | undefined;
  const options = config?.options ?? {};
  const group = options['awslogs-group'];
  const prefix = options['awslogs-stream-prefix'];
  // Fargate requires the prefix; without one there is no stream name to follow.
  if (config?.logDriver !== 'awslogs' || !group || !prefix) return undefined;
  return {
    group,
    stream: `${prefix}/${container.name}/${taskId}`,
    createGroup: options['awslogs-create-group'] === 'true',
  };
}

function containersOf(sb: Sandbox, task: EcsTask): ContainerDefinition[] {
  return (
    ecsState(sb).taskDefinitions.find((d) => d.taskDefinitionArn === task.taskDefinitionArn)
      ?.containerDefinitions ?? []
  );
}

/** Events batched per destination, written in one append each. */
class Batches {
  private readonly byKey = new Map<string, { dest: Destination; events: LogEvent[] }>();
  add(dest: Destination, event: LogEvent): void {
    const key = `${dest.group}\n${dest.stream}`;
    const batch = this.byKey.get(key) ?? { dest, events: [] };
    this.byKey.set(key, batch);
    batch.events.push(event);
  }
  /** A missing group (not created by the driver) loses the lines, as the driver cannot ship them. */
  flush(sb: Sandbox): void {
    for (const { dest, events: all } of this.byKey.values()) {
      all.sort((a, b) => a.timestamp - b.timestamp);
      // The group keeps only its newest MAX_EVENTS_PER_GROUP: older lines would be dropped at once.
      const events = all.length > MAX_EVENTS_PER_GROUP ? all.slice(-MAX_EVENTS_PER_GROUP) : all;
      try {
        appendLogEvents(sb, dest.group, dest.stream, events, { createGroup: dest.createGroup });
      } catch (err) {
        if ((err as { code?: string }).code !== 'ResourceNotFoundException') throw err;
      }
    }
  }
}

/** The access line an app writes: time, method, path, status, ms. */
function accessLine(o: RequestOutcome, at: number, status: number, ms: number): string {
  const r = o.request;
  return `${isoMillis(at)} ${r.method} ${r.path}${r.query ? `?${r.query}` : ''} ${status} ${ms}ms`;
}

/** One line per request a task's container answered. */
export function writeRequestLines(sb: Sandbox, outcomes: RequestOutcome[]): void {
  const batches = new Batches();
  const tasks = new Map<string, EcsTask | undefined>();
  const destinations = new Map<string, Destination | undefined>();
  for (const o of outcomes) {
    const alb = o.alb;
    const target = alb?.target;
    if (!alb || !target?.taskArn || alb.targetStatus === undefined) continue;
    const cacheKey = `${target.taskArn}\n${target.port}`;
    if (!destinations.has(cacheKey)) {
      if (!tasks.has(target.taskArn))
        tasks.set(
          target.taskArn,
          ecsState(sb).tasks.find((t) => t.taskArn === target.taskArn),
        );
      const task = tasks.get(target.taskArn);
      const container = task
        ? containersOf(sb, task).find((c) => c.portMappings.some((p) => p.containerPort === target.port))
        : undefined;
      destinations.set(cacheKey, container && task ? destination(container, task.taskId) : undefined);
    }
    const dest = destinations.get(cacheKey);
    if (!dest) continue;
    const ms = Math.max(0, alb.targetProcessingMs);
    const at = o.request.at + Math.max(0, alb.requestProcessingMs) + ms;
    batches.add(dest, { timestamp: at, message: accessLine(o, at, alb.targetStatus, ms) });
  }
  batches.flush(sb);
}

const inSpan = (t: number | undefined, from: number, to: number) => t !== undefined && t > from && t <= to;

/** Start and stop lines of tasks that started or stopped in (from, to]. */
export function writeLifecycleLines(sb: Sandbox, from: number, to: number): void {
  const batches = new Batches();
  for (const task of ecsState(sb).tasks) {
    const started = inSpan(task.startedAt, from, to);
    const stoppedAt = task.executionStoppedAt ?? task.stoppedAt;
    const stopped = task.startedAt !== undefined && inSpan(stoppedAt, from, to);
    if (!started && !stopped) continue;
    for (const c of containersOf(sb, task)) {
      const dest = destination(c, task.taskId);
      if (!dest) continue;
      if (started)
        batches.add(dest, {
          timestamp: task.startedAt!,
          message: `Starting ${c.name} (${c.image}) in task ${task.taskId}`,
        });
      if (stopped)
        batches.add(dest, {
          timestamp: stoppedAt!,
          message: `Stopping ${c.name} in task ${task.taskId}: ${task.stoppedReason ?? 'Task stopped'}`,
        });
    }
  }
  batches.flush(sb);
}
