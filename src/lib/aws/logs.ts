/**
 * The CloudWatch Logs calls rails makes: the log groups its task definitions log to (created tagged,
 * with a retention), found again by name prefix and tag, and removed with the rail.
 */
import {
  CreateLogGroupCommand,
  DeleteLogGroupCommand,
  DescribeLogGroupsCommand,
  ListTagsForResourceCommand,
  type LogGroup,
  PutRetentionPolicyCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import type { AwsClients } from './clients.js';
import { errorCode } from './errors.js';
import { allPages } from './paging.js';

/** Creates a group with its tags (not idempotent on AWS: ResourceAlreadyExistsException). */
export async function createLogGroup(
  aws: AwsClients,
  name: string,
  tags: Record<string, string>,
): Promise<void> {
  const client = await aws.logs();
  await client.send(new CreateLogGroupCommand({ logGroupName: name, tags }));
}

export async function putRetentionPolicy(aws: AwsClients, name: string, days: number): Promise<void> {
  const client = await aws.logs();
  await client.send(new PutRetentionPolicyCommand({ logGroupName: name, retentionInDays: days }));
}

/** Every group whose name starts with `prefix` (DescribeLogGroups pages with nextToken). */
export async function describeLogGroups(aws: AwsClients, prefix: string): Promise<LogGroup[]> {
  const client = await aws.logs();
  return allPages(async (nextToken) => {
    const out = await client.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: prefix, nextToken }));
    return { items: out.logGroups, next: out.nextToken };
  });
}

/**
 * A group's tags. The tagging actions take the group ARN without the trailing `:*`
 * (`logGroupArn`, not `arn`); docs/aws-behaviour.md §12.
 */
export async function logGroupTags(aws: AwsClients, group: LogGroup): Promise<Record<string, string>> {
  const client = await aws.logs();
  const arn = group.logGroupArn ?? group.arn?.replace(/:\*$/, '');
  try {
    return (await client.send(new ListTagsForResourceCommand({ resourceArn: arn }))).tags ?? {};
  } catch (err) {
    if (errorCode(err) === 'ResourceNotFoundException') return {};
    throw err;
  }
}

/** Deletes a group with its streams; one already gone is fine. */
export async function deleteLogGroup(aws: AwsClients, name: string): Promise<void> {
  const client = await aws.logs();
  try {
    await client.send(new DeleteLogGroupCommand({ logGroupName: name }));
  } catch (err) {
    if (errorCode(err) !== 'ResourceNotFoundException') throw err;
  }
}
