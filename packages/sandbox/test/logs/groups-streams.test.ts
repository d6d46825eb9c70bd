/**
 * CloudWatch Logs groups and streams through the real SDK: create/delete, DescribeLogGroups by
 * prefix with small pages, DescribeLogStreams ordered and paged, retention, tags, and AWS's errors.
 */
import {
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  DeleteLogGroupCommand,
  DescribeLogGroupsCommand,
  DescribeLogStreamsCommand,
  ListTagsForResourceCommand,
  PutLogEventsCommand,
  PutRetentionPolicyCommand,
  TagResourceCommand,
  UntagResourceCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { describe, expect, it } from 'vitest';
import { rejection } from '../helpers/sdk.js';
import { logsSandbox, sender } from './fixture.js';

const t = logsSandbox();
const send = (cmd: unknown) => sender(t)(cmd);

async function pages<T>(cmd: (nextToken?: string) => unknown, key: string): Promise<T[][]> {
  const out: T[][] = [];
  let nextToken: string | undefined;
  do {
    const r = await send(cmd(nextToken));
    out.push(r[key]);
    nextToken = r.nextToken;
  } while (nextToken);
  return out;
}

describe('log groups', () => {
  it('creates a group, describes it with its ARNs, refuses a duplicate, deletes it', async () => {
    await send(new CreateLogGroupCommand({ logGroupName: '/rails/one' }));
    const { logGroups } = await send(new DescribeLogGroupsCommand({ logGroupNamePrefix: '/rails/one' }));
    expect(logGroups).toEqual([
      expect.objectContaining({
        logGroupName: '/rails/one',
        arn: `arn:aws:logs:us-east-1:${t.sandbox.accountId}:log-group:/rails/one:*`,
        logGroupArn: `arn:aws:logs:us-east-1:${t.sandbox.accountId}:log-group:/rails/one`,
        metricFilterCount: 0,
        storedBytes: 0,
      }),
    ]);
    expect(typeof logGroups[0].creationTime).toBe('number');
    expect(logGroups[0].retentionInDays).toBeUndefined();
    const dup = await rejection(send(new CreateLogGroupCommand({ logGroupName: '/rails/one' })));
    expect(dup.name).toBe('ResourceAlreadyExistsException');
    expect(dup.$metadata.httpStatusCode).toBe(400);
    await send(new DeleteLogGroupCommand({ logGroupName: '/rails/one' }));
    const gone = await rejection(send(new DeleteLogGroupCommand({ logGroupName: '/rails/one' })));
    expect(gone.name).toBe('ResourceNotFoundException');
    expect(gone.message).toBe('The specified log group does not exist.');
  });

  it('refuses names with other characters, and the reserved aws/ start', async () => {
    const bad = await rejection(send(new CreateLogGroupCommand({ logGroupName: 'has space' })));
    expect(bad.name).toBe('InvalidParameterException');
    expect(bad.message).toMatch(/at 'logGroupName' failed to satisfy constraint/);
    const reserved = await rejection(send(new CreateLogGroupCommand({ logGroupName: 'aws/mine' })));
    expect(reserved.name).toBe('InvalidParameterException');
    const long = await rejection(send(new CreateLogGroupCommand({ logGroupName: 'x'.repeat(513) })));
    expect(long.name).toBe('InvalidParameterException');
  });

  it('pages DescribeLogGroups by name with limit and nextToken, filtered by prefix', async () => {
    for (const n of ['c', 'a', 'e', 'b', 'd'])
      await send(new CreateLogGroupCommand({ logGroupName: `/paged/${n}` }));
    await send(new CreateLogGroupCommand({ logGroupName: '/other/x' }));
    const got = await pages<any>(
      (nextToken) => new DescribeLogGroupsCommand({ logGroupNamePrefix: '/paged/', limit: 2, nextToken }),
      'logGroups',
    );
    expect(got.map((p) => p.map((g) => g.logGroupName))).toEqual([
      ['/paged/a', '/paged/b'],
      ['/paged/c', '/paged/d'],
      ['/paged/e'],
    ]);
    const pattern = await send(new DescribeLogGroupsCommand({ logGroupNamePattern: 'ther' }));
    expect(pattern.logGroups.map((g: any) => g.logGroupName)).toEqual(['/other/x']);
    const tooMany = await rejection(send(new DescribeLogGroupsCommand({ limit: 51 })));
    expect(tooMany.name).toBe('InvalidParameterException');
    const badToken = await rejection(send(new DescribeLogGroupsCommand({ nextToken: 'not-a-token' })));
    expect(badToken.name).toBe('InvalidParameterException');
  });

  it('sets retention to the allowed day values only', async () => {
    await send(new CreateLogGroupCommand({ logGroupName: '/retained' }));
    await send(new PutRetentionPolicyCommand({ logGroupName: '/retained', retentionInDays: 14 }));
    const { logGroups } = await send(new DescribeLogGroupsCommand({ logGroupNamePrefix: '/retained' }));
    expect(logGroups[0].retentionInDays).toBe(14);
    for (const days of [2, 0, 4000]) {
      const err = await rejection(
        send(new PutRetentionPolicyCommand({ logGroupName: '/retained', retentionInDays: days })),
      );
      expect(err.name, String(days)).toBe('InvalidParameterException');
      expect(err.message).toMatch(/Member must satisfy enum value set: \[1, 3, 5, 7, 14, 30, 60, 90/);
    }
    const missing = await rejection(
      send(new PutRetentionPolicyCommand({ logGroupName: '/nope', retentionInDays: 1 })),
    );
    expect(missing.name).toBe('ResourceNotFoundException');
  });

  it('tags a group by ARN and lists its tags', async () => {
    await send(new CreateLogGroupCommand({ logGroupName: '/tagged', tags: { team: 'rails' } }));
    const arn = `arn:aws:logs:us-east-1:${t.sandbox.accountId}:log-group:/tagged`;
    expect((await send(new ListTagsForResourceCommand({ resourceArn: arn }))).tags).toEqual({
      team: 'rails',
    });
    await send(new TagResourceCommand({ resourceArn: arn, tags: { env: 'dev' } }));
    await send(new UntagResourceCommand({ resourceArn: arn, tagKeys: ['team'] }));
    expect((await send(new ListTagsForResourceCommand({ resourceArn: arn }))).tags).toEqual({ env: 'dev' });
    const missing = await rejection(
      send(
        new ListTagsForResourceCommand({
          resourceArn: `arn:aws:logs:us-east-1:${t.sandbox.accountId}:log-group:/none`,
        }),
      ),
    );
    expect(missing.name).toBe('ResourceNotFoundException');
  });
});

describe('log streams', () => {
  it('creates streams, refuses duplicates and missing groups', async () => {
    await send(new CreateLogGroupCommand({ logGroupName: '/streams' }));
    await send(new CreateLogStreamCommand({ logGroupName: '/streams', logStreamName: 's1' }));
    const dup = await rejection(
      send(new CreateLogStreamCommand({ logGroupName: '/streams', logStreamName: 's1' })),
    );
    expect(dup.name).toBe('ResourceAlreadyExistsException');
    const noGroup = await rejection(
      send(new CreateLogStreamCommand({ logGroupName: '/none', logStreamName: 's1' })),
    );
    expect(noGroup).toMatchObject({
      name: 'ResourceNotFoundException',
      message: 'The specified log group does not exist.',
    });
    const colon = await rejection(
      send(new CreateLogStreamCommand({ logGroupName: '/streams', logStreamName: 'a:b' })),
    );
    expect(colon.name).toBe('InvalidParameterException');
  });

  it('orders by name or last event time, either direction, in small pages', async () => {
    await send(new CreateLogGroupCommand({ logGroupName: '/ordered' }));
    const now = t.sandbox.clock.now();
    // Names and event times in different orders: b is newest, c oldest.
    for (const [name, age] of [
      ['a', 2],
      ['b', 1],
      ['c', 3],
    ] as const) {
      await send(new CreateLogStreamCommand({ logGroupName: '/ordered', logStreamName: name }));
      await send(
        new PutLogEventsCommand({
          logGroupName: '/ordered',
          logStreamName: name,
          logEvents: [{ timestamp: now - age * 1000, message: name }],
        }),
      );
    }
    const names = async (input: Record<string, unknown>) =>
      (
        await pages<any>(
          (nextToken) =>
            new DescribeLogStreamsCommand({ logGroupName: '/ordered', limit: 2, nextToken, ...input }),
          'logStreams',
        )
      ).map((p) => p.map((s) => s.logStreamName));
    expect(await names({})).toEqual([['a', 'b'], ['c']]);
    expect(await names({ descending: true })).toEqual([['c', 'b'], ['a']]);
    expect(await names({ orderBy: 'LastEventTime' })).toEqual([['c', 'a'], ['b']]);
    expect(await names({ orderBy: 'LastEventTime', descending: true })).toEqual([['b', 'a'], ['c']]);
    const { logStreams } = await send(
      new DescribeLogStreamsCommand({ logGroupName: '/ordered', logStreamNamePrefix: 'b' }),
    );
    expect(logStreams).toEqual([
      expect.objectContaining({
        logStreamName: 'b',
        firstEventTimestamp: now - 1000,
        lastEventTimestamp: now - 1000,
        arn: `arn:aws:logs:us-east-1:${t.sandbox.accountId}:log-group:/ordered:log-stream:b`,
      }),
    ]);
    const both = await rejection(
      send(
        new DescribeLogStreamsCommand({
          logGroupName: '/ordered',
          orderBy: 'LastEventTime',
          logStreamNamePrefix: 'a',
        }),
      ),
    );
    expect(both.name).toBe('InvalidParameterException');
    const noGroup = await rejection(send(new DescribeLogStreamsCommand({ logGroupName: '/none' })));
    expect(noGroup.name).toBe('ResourceNotFoundException');
  });
});
