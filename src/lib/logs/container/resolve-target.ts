/**
 * Where a rail service's container logs are: for a task definition rails registers (`image:`), the
 * group and prefix follow from rail.yaml with no call; for another, DescribeTaskDefinition and its
 * container's `awslogs` options (docs/aws-behaviour.md §12, "Container logs").
 */
import type { AwsClients } from '../../aws/clients.js';
import { findTaskDefinition } from '../../aws/ecs.js';
import { railNames } from '../../common/names.js';
import {
  awslogsConfiguration,
  TASK_LOG_STREAM_PREFIX,
  type TaskLogTarget,
  taskLogTarget,
} from '../../common/task-logging.js';
import type { RailConfig, ServiceConfig } from '../../config/schema.js';
import { FailedError, UsageError } from '../../errors.js';

/** The rail.yaml service by name; exit 2 naming the services the rail has when unknown. */
export function railService(config: RailConfig, name: string): ServiceConfig {
  const s = config.services.find((x) => x.name === name);
  if (s) return s;
  const names = config.services.map((x) => x.name);
  throw new UsageError(`no service "${name}" in the rail of stage ${config.stage}`, {
    hint: names.length
      ? `the rail's services: ${names.join(', ')} (or alb, nlb for the access logs)`
      : 'rail.yaml names no services; add one under services:',
  });
}

/** The target known from rail.yaml alone, when rails registers the service's task definition. */
export function knownLogTarget(config: RailConfig, s: ServiceConfig): TaskLogTarget | undefined {
  if (s.image === undefined) return undefined;
  const options = awslogsConfiguration(config.stage, s.name, config.region ?? '').options ?? {};
  return {
    container: s.container,
    group: options['awslogs-group']!,
    streamPrefix: TASK_LOG_STREAM_PREFIX,
  };
}

/** The service's log target: from rail.yaml when rails-made, else from its task definition. */
export async function resolveLogTarget(
  aws: AwsClients,
  config: RailConfig,
  s: ServiceConfig,
): Promise<TaskLogTarget> {
  const known = knownLogTarget(config, s);
  if (known) return known;
  const ref = s.taskDefinition ?? railNames.taskFamily(config.stage, s.name);
  const found = await findTaskDefinition(aws, ref);
  if (!found)
    throw new FailedError(`task definition ${ref} of service ${s.name} not found`, {
      hint: 'register it, or fix services[].taskDefinition in rail.yaml',
    });
  const target = taskLogTarget(found.taskDefinition, s.container);
  if (!target)
    throw new FailedError(`task definition ${ref} does not send its containers' logs to CloudWatch Logs`, {
      hint:
        `give container ${s.container} a logConfiguration with logDriver "awslogs" and the options ` +
        'awslogs-group, awslogs-region and awslogs-stream-prefix (Fargate needs an execution role that ' +
        'may write to the group), or use image: in rail.yaml and rails sets this up',
    });
  if (!target.streamPrefix)
    throw new FailedError(`task definition ${ref} logs through awslogs without awslogs-stream-prefix`, {
      hint: 'Fargate requires awslogs-stream-prefix; add it so streams are named <prefix>/<container>/<task-id>',
    });
  return target;
}

/**
 * ECS service name (both names a rails service may carry) -> its log target, for every service whose
 * task definition rails registers: what `status` needs to read a stopped task's lines with no lookup.
 */
export function knownTaskLogTargets(config: RailConfig): Record<string, TaskLogTarget> {
  const out: Record<string, TaskLogTarget> = {};
  for (const s of config.services) {
    const target = knownLogTarget(config, s);
    if (!target) continue;
    out[railNames.ecsService(config.stage, s.name)] = target;
    out[s.name] = target;
  }
  return out;
}
