/** The EventBridge calls rails makes: the sync Lambda's schedule. */
import {
  DeleteRuleCommand,
  DescribeRuleCommand,
  type DescribeRuleCommandOutput,
  ListTagsForResourceCommand,
  ListTargetsByRuleCommand,
  PutRuleCommand,
  PutTargetsCommand,
  RemoveTargetsCommand,
  type Target,
} from '@aws-sdk/client-eventbridge';
import { FailedError } from '../errors.js';
import type { AwsClients } from './clients.js';
import { errorCode } from './errors.js';
import { allPages } from './paging.js';

export async function describeRule(
  aws: AwsClients,
  name: string,
): Promise<DescribeRuleCommandOutput | undefined> {
  const client = await aws.events();
  try {
    return await client.send(new DescribeRuleCommand({ Name: name }));
  } catch (err) {
    if (errorCode(err) === 'ResourceNotFoundException') return undefined;
    throw err;
  }
}

export async function ruleTags(aws: AwsClients, ruleArn: string): Promise<Record<string, string>> {
  const client = await aws.events();
  const out = await client.send(new ListTagsForResourceCommand({ ResourceARN: ruleArn }));
  return Object.fromEntries((out.Tags ?? []).map((t) => [t.Key!, t.Value ?? '']));
}

/**
 * Creates or replaces a schedule rule. PutRule replaces the whole rule and ignores tags on an update
 * (docs/aws-behaviour.md §8), so every field is always given. Returns the rule ARN.
 */
export async function putScheduleRule(
  aws: AwsClients,
  input: { name: string; schedule: string; description: string; tags?: Record<string, string> },
): Promise<string> {
  const client = await aws.events();
  const out = await client.send(
    new PutRuleCommand({
      Name: input.name,
      ScheduleExpression: input.schedule,
      State: 'ENABLED',
      Description: input.description,
      ...(input.tags ? { Tags: Object.entries(input.tags).map(([Key, Value]) => ({ Key, Value })) } : {}),
    }),
  );
  return out.RuleArn!;
}

export async function listRuleTargets(aws: AwsClients, rule: string): Promise<Target[]> {
  const client = await aws.events();
  return allPages(async (NextToken) => {
    const out = await client.send(new ListTargetsByRuleCommand({ Rule: rule, NextToken }));
    return { items: out.Targets, next: out.NextToken };
  });
}

/** PutTargets reports failures inside a 200 (docs/aws-behaviour.md §8): they are raised here. */
export async function putRuleTarget(aws: AwsClients, rule: string, target: Target): Promise<void> {
  const client = await aws.events();
  const out = await client.send(new PutTargetsCommand({ Rule: rule, Targets: [target] }));
  if ((out.FailedEntryCount ?? 0) > 0) {
    const f = out.FailedEntries?.[0];
    throw new FailedError(`PutTargets ${rule}: ${f?.ErrorCode ?? 'failed'}: ${f?.ErrorMessage ?? ''}`);
  }
}

/** Removes a rule's targets, then the rule (AWS refuses to delete a rule that has targets). */
export async function deleteRuleAndTargets(aws: AwsClients, rule: string): Promise<void> {
  const client = await aws.events();
  const ids = (await listRuleTargets(aws, rule)).map((t) => t.Id!);
  if (ids.length > 0) {
    const out = await client.send(new RemoveTargetsCommand({ Rule: rule, Ids: ids }));
    if ((out.FailedEntryCount ?? 0) > 0)
      throw new FailedError(`RemoveTargets ${rule}: ${out.FailedEntries?.[0]?.ErrorCode ?? 'failed'}`);
  }
  await client.send(new DeleteRuleCommand({ Name: rule }));
}
