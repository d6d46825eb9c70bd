/**
 * Resource Groups Tagging API conformance: GetResources (tag filters, type filters, paging, errors),
 * GetTagKeys and GetTagValues through the real SDK, over resources made with each service's own API.
 */
import { CreateClusterCommand } from '@aws-sdk/client-ecs';
import { AddTagsCommand, CreateTargetGroupCommand } from '@aws-sdk/client-elastic-load-balancing-v2';
import { PutRuleCommand } from '@aws-sdk/client-eventbridge';
import { CreateRoleCommand } from '@aws-sdk/client-iam';
import {
  GetResourcesCommand,
  type GetResourcesCommandInput,
  GetTagKeysCommand,
  GetTagValuesCommand,
  paginateGetResources,
  ResourceGroupsTaggingAPIClient,
} from '@aws-sdk/client-resource-groups-tagging-api';
import { CreateBucketCommand, PutBucketTaggingCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEED_VPC_ID } from '../../src/core/seed-ids.js';
import { sandboxPerFile } from '../helpers/sandbox.js';
import { rejection } from '../helpers/sdk.js';

const t = sandboxPerFile();
let tagging: ResourceGroupsTaggingAPIClient;
const arns: Record<string, string> = {};

function taggingClient(region = 'us-east-1') {
  return new ResourceGroupsTaggingAPIClient({
    endpoint: t.endpoint,
    region,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    maxAttempts: 1,
  });
}

const stageTags = (stage: string, role: string) => [
  { Key: 'rails:stage', Value: stage },
  { Key: 'rails:role', Value: role },
];

async function targetGroup(name: string, tags: { Key: string; Value: string }[]) {
  const out = await t.sdk.elbv2.send(
    new CreateTargetGroupCommand({ Name: name, Protocol: 'HTTP', Port: 80, VpcId: SEED_VPC_ID, Tags: tags }),
  );
  return out.TargetGroups![0]!.TargetGroupArn!;
}

async function all(input: GetResourcesCommandInput) {
  const out = await tagging.send(new GetResourcesCommand(input));
  return out.ResourceTagMappingList ?? [];
}

beforeAll(async () => {
  tagging = taggingClient();
  arns.prodTg = await targetGroup('prod-tg', stageTags('prod', 'service-tg'));
  arns.stagingTg = await targetGroup('staging-tg', stageTags('staging', 'service-tg'));
  arns.untagged = await targetGroup('plain-tg', []);
  const cluster = await t.sdk.ecs.send(
    new CreateClusterCommand({ clusterName: 'prod', tags: [{ key: 'rails:stage', value: 'prod' }] }),
  );
  arns.cluster = cluster.cluster!.clusterArn!;
  const rule = await t.sdk.events.send(
    new PutRuleCommand({
      Name: 'prod-sync',
      ScheduleExpression: 'rate(1 minute)',
      Tags: stageTags('prod', 'x'),
    }),
  );
  arns.rule = rule.RuleArn!;
  await t.sdk.s3.send(new CreateBucketCommand({ Bucket: 'prod-logs' }));
  await t.sdk.s3.send(
    new PutBucketTaggingCommand({
      Bucket: 'prod-logs',
      Tagging: { TagSet: [{ Key: 'rails:stage', Value: 'prod' }] },
    }),
  );
  arns.bucket = 'arn:aws:s3:::prod-logs';
  await t.sdk.iam.send(
    new CreateRoleCommand({
      RoleName: 'prod-role',
      AssumeRolePolicyDocument: '{"Version":"2012-10-17","Statement":[]}',
      Tags: [{ Key: 'rails:stage', Value: 'prod' }],
    }),
  );
});

afterAll(() => tagging?.destroy());

describe('GetResources filters', () => {
  it('returns the resources with a tag key, any value, with all their tags', async () => {
    const found = await all({ TagFilters: [{ Key: 'rails:stage' }] });
    const byArn = new Map(found.map((m) => [m.ResourceARN, m.Tags]));
    expect([...byArn.keys()].sort()).toEqual(
      [arns.prodTg, arns.stagingTg, arns.cluster, arns.rule, arns.bucket].sort(),
    );
    expect(byArn.get(arns.prodTg)).toEqual(expect.arrayContaining(stageTags('prod', 'service-tg')));
  });

  it('ORs the values of one filter and ANDs the filters', async () => {
    const either = await all({ TagFilters: [{ Key: 'rails:stage', Values: ['prod', 'staging'] }] });
    expect(either.map((m) => m.ResourceARN)).toContain(arns.stagingTg);
    const both = await all({
      TagFilters: [
        { Key: 'rails:stage', Values: ['prod'] },
        { Key: 'rails:role', Values: ['service-tg'] },
      ],
    });
    expect(both.map((m) => m.ResourceARN)).toEqual([arns.prodTg]);
  });

  it('narrows by service or service:resourceType, as the ARN names them', async () => {
    const filters = [{ Key: 'rails:stage', Values: ['prod'] }];
    const elb = await all({ TagFilters: filters, ResourceTypeFilters: ['elasticloadbalancing'] });
    expect(elb.map((m) => m.ResourceARN)).toEqual([arns.prodTg]);
    const tgs = await all({ TagFilters: filters, ResourceTypeFilters: ['elasticloadbalancing:targetgroup'] });
    expect(tgs.map((m) => m.ResourceARN)).toEqual([arns.prodTg]);
    const lbs = await all({
      TagFilters: filters,
      ResourceTypeFilters: ['elasticloadbalancing:loadbalancer'],
    });
    expect(lbs).toEqual([]);
    const mixed = await all({
      TagFilters: filters,
      ResourceTypeFilters: ['ecs:cluster', 'events:rule', 's3'],
    });
    expect(mixed.map((m) => m.ResourceARN).sort()).toEqual([arns.cluster, arns.rule, arns.bucket].sort());
    const bucket = await all({ TagFilters: filters, ResourceTypeFilters: ['s3:bucket'] });
    expect(bucket.map((m) => m.ResourceARN)).toEqual([arns.bucket]);
  });

  it('leaves out IAM roles and untagged resources', async () => {
    const found = (await all({})).map((m) => m.ResourceARN!);
    expect(found).not.toContain(arns.untagged);
    expect(found.some((a) => a.startsWith('arn:aws:iam:'))).toBe(false);
  });

  it('sees a tag added later through the service’s own API', async () => {
    await t.sdk.elbv2.send(
      new AddTagsCommand({ ResourceArns: [arns.untagged], Tags: [{ Key: 'team', Value: 'blue' }] }),
    );
    expect(
      (await all({ TagFilters: [{ Key: 'team', Values: ['blue'] }] })).map((m) => m.ResourceARN),
    ).toEqual([arns.untagged]);
  });

  it('answers only for the caller’s Region', async () => {
    const west = taggingClient('us-west-2');
    const out = await west.send(new GetResourcesCommand({ TagFilters: [{ Key: 'rails:stage' }] }));
    west.destroy();
    expect(out.ResourceTagMappingList).toEqual([]);
  });

  it('looks up a ResourceARNList, skipping ARNs that name nothing', async () => {
    const found = await all({ ResourceARNList: [arns.cluster, `${arns.cluster}-gone`] });
    expect(found.map((m) => m.ResourceARN)).toEqual([arns.cluster]);
  });
});

describe('GetResources paging', () => {
  beforeAll(async () => {
    for (let i = 0; i < 7; i++) await targetGroup(`page-${i}`, [{ Key: 'paged', Value: String(i) }]);
  });

  it('cuts pages of ResourcesPerPage and ends with an empty PaginationToken', async () => {
    const first = await tagging.send(
      new GetResourcesCommand({ TagFilters: [{ Key: 'paged' }], ResourcesPerPage: 3 }),
    );
    expect(first.ResourceTagMappingList).toHaveLength(3);
    expect(first.PaginationToken).toBeTruthy();
    const seen: string[] = [];
    for await (const page of paginateGetResources(
      { client: tagging, pageSize: 3 },
      { TagFilters: [{ Key: 'paged' }] },
    ))
      seen.push(...(page.ResourceTagMappingList ?? []).map((m) => m.Tags![0]!.Value!));
    expect(seen.sort()).toEqual(['0', '1', '2', '3', '4', '5', '6']);
    const last = await tagging.send(
      new GetResourcesCommand({ TagFilters: [{ Key: 'paged' }], ResourcesPerPage: 100 }),
    );
    expect(last.ResourceTagMappingList).toHaveLength(7);
    expect(last.PaginationToken).toBe('');
  });

  it('refuses a token older than 15 minutes with PaginationTokenExpiredException', async () => {
    const first = await tagging.send(
      new GetResourcesCommand({ TagFilters: [{ Key: 'paged' }], ResourcesPerPage: 2 }),
    );
    await t.control.advanceClock(16 * 60 * 1000);
    const err = await rejection(
      tagging.send(
        new GetResourcesCommand({ TagFilters: [{ Key: 'paged' }], PaginationToken: first.PaginationToken }),
      ),
    );
    expect(err.name).toBe('PaginationTokenExpiredException');
    expect(err.$metadata.httpStatusCode).toBe(400);
  });
});

describe('GetResources errors', () => {
  it.each([
    ['ResourcesPerPage 0', { ResourcesPerPage: 0 }],
    ['ResourcesPerPage 101', { ResourcesPerPage: 101 }],
    ['TagsPerPage 99', { TagsPerPage: 99 }],
    ['a filter without a key', { TagFilters: [{ Key: '' }] }],
    [
      '21 values for a key',
      { TagFilters: [{ Key: 'k', Values: Array.from({ length: 21 }, (_, i) => `${i}`) }] },
    ],
    ['51 filters', { TagFilters: Array.from({ length: 51 }, (_, i) => ({ Key: `k${i}` })) }],
    ['a malformed resource type', { ResourceTypeFilters: ['Elastic Load Balancing'] }],
    ['ResourceARNList with TagFilters', { ResourceARNList: ['arn:aws:s3:::x'], TagFilters: [{ Key: 'k' }] }],
    ['a token that is not one', { PaginationToken: 'not-a-token' }],
  ] as [string, GetResourcesCommandInput][])(
    'refuses %s with InvalidParameterException',
    async (_, input) => {
      const err = await rejection(tagging.send(new GetResourcesCommand(input)));
      expect(err.name).toBe('InvalidParameterException');
      expect(err.$metadata.httpStatusCode).toBe(400);
      expect(err.message).not.toBe('');
    },
  );

  it('answers a throttle fault with ThrottledException and changes nothing', async () => {
    await t.control.injectFault({ service: 'tagging', operation: 'GetResources', kind: 'throttle', nth: 1 });
    const err = await rejection(tagging.send(new GetResourcesCommand({})));
    expect(err.name).toBe('ThrottledException');
    await expect(tagging.send(new GetResourcesCommand({}))).resolves.toBeDefined();
  });
});

describe('GetTagKeys and GetTagValues', () => {
  it('lists the keys in use and the values of one key', async () => {
    const keys = await tagging.send(new GetTagKeysCommand({}));
    expect(keys.TagKeys).toEqual(expect.arrayContaining(['rails:stage', 'rails:role', 'paged']));
    const values = await tagging.send(new GetTagValuesCommand({ Key: 'rails:stage' }));
    expect(values.TagValues).toEqual(['prod', 'staging']);
  });

  it('refuses GetTagValues without a key', async () => {
    const err = await rejection(tagging.send(new GetTagValuesCommand({ Key: '' })));
    expect(err.name).toBe('InvalidParameterException');
  });
});
