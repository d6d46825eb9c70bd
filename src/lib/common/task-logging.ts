/**
 * Container logs of the task definitions rails registers (`image:` shorthand): each service logs
 * through the awslogs driver to its own group, `/rails/<stage>/<service>`, with an execution role per
 * rail that may write only to the rail's groups. Fargate refuses awslogs without an execution role and
 * without a stream prefix (docs/aws-behaviour.md §12). Names, documents and the log configuration;
 * pure.
 */
import type { LogConfiguration, TaskDefinition } from '@aws-sdk/client-ecs';

export const TASK_LOG_RETENTION_DAYS = 30;
export const TASK_LOG_STREAM_PREFIX = 'rails';

export const taskLogNames = {
  group: (stage: string, service: string) => `/rails/${stage}/${service}`,
  /** Every group of the stage starts with this (DescribeLogGroups by prefix finds them). */
  prefix: (stage: string) => `/rails/${stage}/`,
  executionRole: (stage: string) => `${stage}-rails-task-execution`,
  policy: 'rails-task-logs',
};

/** Values of the rails:role tag of the two. */
export const TASK_LOG_ROLES = { logGroup: 'log-group', executionRole: 'task-execution-role' } as const;

export const ECS_TASKS_TRUST_POLICY = {
  Version: '2012-10-17',
  Statement: [
    { Effect: 'Allow', Principal: { Service: 'ecs-tasks.amazonaws.com' }, Action: 'sts:AssumeRole' },
  ],
};

/**
 * The role's inline policy: streams and events in the rail's groups only. Partition and account
 * come from the role's own ARN (IAM says it in every answer), so no extra call is needed.
 */
export function executionRolePolicy(roleArn: string, region: string, stage: string): Record<string, unknown> {
  const [, partition = 'aws', , , account = ''] = roleArn.split(':');
  const groups = `arn:${partition}:logs:${region}:${account}:log-group:${taskLogNames.prefix(stage)}*`;
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'ContainerLogs',
        Effect: 'Allow',
        Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        Resource: `${groups}:log-stream:*`,
      },
    ],
  };
}

/**
 * The awslogs configuration of a service's container in the task definition rails registers; the
 * region is the rail's (the clients' region when rail.yaml names none).
 */
export function awslogsConfiguration(stage: string, service: string, region: string): LogConfiguration {
  return {
    logDriver: 'awslogs',
    options: {
      'awslogs-group': taskLogNames.group(stage, service),
      'awslogs-region': region,
      'awslogs-stream-prefix': TASK_LOG_STREAM_PREFIX,
    },
  };
}

/** Where a task definition's container logs go, when it logs through awslogs (`rails logs` reads it). */
export interface TaskLogTarget {
  container: string;
  group: string;
  region?: string;
  /** Streams are `<prefix>/<container>/<task-id>`; without a prefix AWS names them otherwise. */
  streamPrefix?: string;
}

/** The awslogs target of the named container (else the first that logs through awslogs). */
export function taskLogTarget(td: TaskDefinition | undefined, container?: string): TaskLogTarget | undefined {
  const defs = td?.containerDefinitions ?? [];
  const c =
    defs.find((d) => d.name === container && d.logConfiguration?.logDriver === 'awslogs') ??
    defs.find((d) => d.logConfiguration?.logDriver === 'awslogs');
  const options = c?.logConfiguration?.options ?? {};
  if (!c || !options['awslogs-group']) return undefined;
  return {
    container: c.name!,
    group: options['awslogs-group'],
    region: options['awslogs-region'],
    streamPrefix: options['awslogs-stream-prefix'],
  };
}
