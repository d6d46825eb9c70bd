/**
 * What exists of the sync runner, read at once: every name is known from the stage (role, its inline
 * policy, function, its resource policy, schedule rule, the rule's targets), so all of it is asked in
 * one round; only the rule's tags wait for the rule's ARN. A read of something missing answers
 * "missing", not an error (docs/aws-behaviour.md §7, §8, §9), so nothing has to be asked in turn.
 */
import type { DescribeRuleCommandOutput, Target } from '@aws-sdk/client-eventbridge';
import type { Role } from '@aws-sdk/client-iam';
import type { GetFunctionCommandOutput } from '@aws-sdk/client-lambda';
import type { AwsClients } from '../../aws/clients.js';
import { orMissing } from '../../aws/errors.js';
import { describeRule, listRuleTargets, ruleTags } from '../../aws/events.js';
import { getRole, getRolePolicy } from '../../aws/iam.js';
import { functionPolicyStatements, getFunction, type PolicyStatement } from '../../aws/lambda.js';
import { bucketExists, bucketVersioning } from '../../aws/s3.js';
import { railNames } from '../../common/names.js';

/** The sync role's inline policy. */
export const SYNC_POLICY_NAME = 'rails-sync-ips';

export interface LambdaPartsSeen {
  role?: Role;
  fn?: GetFunctionCommandOutput;
  rule?: DescribeRuleCommandOutput;
  /** The rule's tags (when it exists). */
  ruleTags?: Record<string, string>;
  /** Read only for converging (`full`): the role's inline policy, the rule's targets, the function's permissions. */
  rolePolicy?: unknown;
  ruleTargets: Target[];
  permissions: PolicyStatement[];
}

/**
 * The schedule, function and role of the stage's sync Lambda; with `full`, also what converging them
 * compares (removing them needs only the first three).
 */
export async function readLambdaParts(
  aws: AwsClients,
  stage: string,
  full: boolean,
): Promise<LambdaPartsSeen> {
  const ruleName = railNames.syncSchedule(stage);
  const functionName = railNames.syncFunction(stage);
  const roleName = railNames.syncRole(stage);
  const rule = describeRule(aws, ruleName);
  const [role, fn, [found, tags], rolePolicy, ruleTargets, permissions] = await Promise.all([
    getRole(aws, roleName),
    getFunction(aws, functionName),
    rule.then(async (r) => [r, r ? await ruleTags(aws, r.Arn!) : undefined] as const),
    full ? getRolePolicy(aws, roleName, SYNC_POLICY_NAME) : undefined,
    full ? orMissing(listRuleTargets(aws, ruleName), 'ResourceNotFoundException') : undefined,
    full ? functionPolicyStatements(aws, functionName) : undefined,
  ]);
  return {
    role,
    fn,
    rule: found,
    ruleTags: tags,
    rolePolicy,
    ruleTargets: ruleTargets ?? [],
    permissions: permissions ?? [],
  };
}

export interface BucketSeen {
  exists: boolean;
  /** Its versioning status when it exists (undefined: never enabled). */
  versioning?: string;
}

/** The sync state bucket: whether it exists, then its versioning. */
export async function readStateBucket(aws: AwsClients, bucket: string): Promise<BucketSeen> {
  if (!(await bucketExists(aws, bucket))) return { exists: false };
  return { exists: true, versioning: await bucketVersioning(aws, bucket) };
}
