/**
 * Discovery of what rails lays for its task definitions' container logs: the rail's execution role
 * (with its inline policy) and the log groups under `/rails/<stage>/` with their tags. Read whatever
 * rail.yaml says now, so `down` and `up` find what an earlier rail.yaml made.
 */
import type { LogGroup } from '@aws-sdk/client-cloudwatch-logs';
import type { Role } from '@aws-sdk/client-iam';
import type { AwsClients } from '../aws/clients.js';
import { getRole, getRolePolicy } from '../aws/iam.js';
import { describeLogGroups, logGroupTags } from '../aws/logs.js';
import { mapLimit } from '../common/concurrency.js';
import { taskLogNames } from '../common/task-logging.js';

export interface TaskLoggingSeen {
  executionRole?: { role: Role; policy: unknown };
  /** Groups under the stage's prefix, by name. */
  logGroups: Map<string, { group: LogGroup; tags: Record<string, string> }>;
}

export async function readTaskLogging(aws: AwsClients, stage: string): Promise<TaskLoggingSeen> {
  const roleName = taskLogNames.executionRole(stage);
  // The role's policy is asked with the role (a missing role answers NoSuchEntity to both,
  // docs/aws-behaviour.md §9); only the groups' tags wait for the groups.
  const [role, policy, tagged] = await Promise.all([
    getRole(aws, roleName),
    getRolePolicy(aws, roleName, taskLogNames.policy),
    describeLogGroups(aws, taskLogNames.prefix(stage)).then((groups) =>
      mapLimit(
        groups,
        8,
        async (group) => [group.logGroupName!, { group, tags: await logGroupTags(aws, group) }] as const,
      ),
    ),
  ]);
  return { executionRole: role ? { role, policy } : undefined, logGroups: new Map(tagged) };
}
