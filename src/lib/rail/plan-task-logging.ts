/**
 * The plan steps of container logging for `image:` services: the rail's execution role (created,
 * its trust and inline policy kept as rails wants them) and each service's log group (created with
 * the rail's tags and a 30-day retention). Both come before the task definitions that name them.
 * What has this rail's names but not its tags is never changed: planning stops.
 */
import { isDeepStrictEqual } from 'node:util';
import type { AwsClients } from '../aws/clients.js';
import { errorCode } from '../aws/errors.js';
import { createRole, decodePolicyDocument, getRole, putRolePolicy, updateTrustPolicy } from '../aws/iam.js';
import { createLogGroup, describeLogGroups, logGroupTags, putRetentionPolicy } from '../aws/logs.js';
import { fromTagList } from '../aws/tags.js';
import { isOurs, railTags } from '../common/names.js';
import type { FieldChange } from '../common/plan.js';
import {
  ECS_TASKS_TRUST_POLICY,
  executionRolePolicy,
  TASK_LOG_RETENTION_DAYS,
  TASK_LOG_ROLES,
  taskLogNames,
} from '../common/task-logging.js';
import type { ServiceConfig } from '../config/schema.js';
import type { PlanContext, Step } from './steps.js';

/** The region the rail's groups live in: rail.yaml's, else the clients'. */
export function railRegion(ctx: PlanContext): string {
  return ctx.rail.region ?? ctx.aws.settings.region;
}

/** CreateRole, or (its reply lost, the retry refused) the role it made, when it is ours. */
async function createOrFindRole(ctx: PlanContext, roleName: string): Promise<string> {
  try {
    const made = await createRole(ctx.aws, {
      roleName,
      trustPolicy: ECS_TASKS_TRUST_POLICY,
      description: `rails ${ctx.rail.stage}: lets ECS write the container logs of the rail's tasks`,
      tags: railTags(ctx.rail.stage, TASK_LOG_ROLES.executionRole),
    });
    return made.Arn!;
  } catch (err) {
    if (errorCode(err) !== 'EntityAlreadyExists') throw err;
    const role = await getRole(ctx.aws, roleName);
    if (!role || !isOurs(fromTagList(role.Tags), ctx.rail.stage)) throw err;
    return role.Arn!;
  }
}

/** The rail's task execution role; its ARN goes to ctx.res for the task definitions. */
export function executionRoleStep(ctx: PlanContext): Step {
  const kind = 'iam-role';
  const { stage } = ctx.rail;
  const name = taskLogNames.executionRole(stage);
  const region = railRegion(ctx);
  const seen = ctx.seen.taskLogging.executionRole;
  if (!seen)
    return {
      item: { kind, name, action: 'create', note: 'task execution role: container logs of the rail' },
      apply: async () => {
        const arn = await createOrFindRole(ctx, name);
        await putRolePolicy(ctx.aws, name, taskLogNames.policy, executionRolePolicy(arn, region, stage));
        ctx.res.executionRoleArn = arn;
      },
    };
  if (!isOurs(fromTagList(seen.role.Tags), stage)) {
    ctx.conflicts.push(`IAM role ${name} exists without this rail's tags`);
    return { item: { kind, name, action: 'blocked', note: 'exists, not made by rails' } };
  }
  const arn = seen.role.Arn!;
  ctx.res.executionRoleArn = arn;
  const policy = executionRolePolicy(arn, region, stage);
  const trust = decodePolicyDocument(seen.role.AssumeRolePolicyDocument);
  const changes: FieldChange[] = [];
  if (!isDeepStrictEqual(trust, ECS_TASKS_TRUST_POLICY))
    changes.push({ field: 'trust policy', from: 'other', to: 'ecs-tasks.amazonaws.com' });
  if (!isDeepStrictEqual(seen.policy, policy))
    changes.push({
      field: `policy ${taskLogNames.policy}`,
      from: seen.policy ? 'other' : 'none',
      to: "logs:CreateLogStream, logs:PutLogEvents on the rail's groups",
    });
  if (!changes.length) return { item: { kind, name, action: 'unchanged' } };
  return {
    item: { kind, name, action: 'update', changes },
    apply: async () => {
      if (changes.some((c) => c.field === 'trust policy'))
        await updateTrustPolicy(ctx.aws, name, ECS_TASKS_TRUST_POLICY);
      if (changes.some((c) => c.field.startsWith('policy')))
        await putRolePolicy(ctx.aws, name, taskLogNames.policy, policy);
    },
  };
}

/** CreateLogGroup, or (its reply lost, the retry refused) the group it made, when it is ours. */
async function createGroupOnce(
  aws: AwsClients,
  name: string,
  stage: string,
  tags: Record<string, string>,
): Promise<void> {
  try {
    await createLogGroup(aws, name, tags);
  } catch (err) {
    if (errorCode(err) !== 'ResourceAlreadyExistsException') throw err;
    const group = (await describeLogGroups(aws, name)).find((g) => g.logGroupName === name);
    if (!group || !isOurs(await logGroupTags(aws, group), stage)) throw err;
  }
}

/** A service's log group: created with the rail's tags, then given its retention. */
export function logGroupStep(ctx: PlanContext, svc: ServiceConfig): Step {
  const kind = 'log-group';
  const { stage } = ctx.rail;
  const name = taskLogNames.group(stage, svc.name);
  const seen = ctx.seen.taskLogging.logGroups.get(name);
  const retention = async () => putRetentionPolicy(ctx.aws, name, TASK_LOG_RETENTION_DAYS);
  if (!seen)
    return {
      item: { kind, name, action: 'create', note: `${TASK_LOG_RETENTION_DAYS}-day retention` },
      service: svc.name,
      apply: async () => {
        await createGroupOnce(ctx.aws, name, stage, railTags(stage, TASK_LOG_ROLES.logGroup, svc.name));
        await retention();
      },
    };
  if (!isOurs(seen.tags, stage)) {
    ctx.conflicts.push(`log group ${name} exists without this rail's tags`);
    return { item: { kind, name, action: 'blocked', note: 'exists, not made by rails' }, service: svc.name };
  }
  const days = seen.group.retentionInDays;
  if (days === TASK_LOG_RETENTION_DAYS)
    return { item: { kind, name, action: 'unchanged' }, service: svc.name };
  return {
    item: {
      kind,
      name,
      action: 'update',
      changes: [{ field: 'retentionInDays', from: days ?? 'never expire', to: TASK_LOG_RETENTION_DAYS }],
    },
    service: svc.name,
    apply: retention,
  };
}
