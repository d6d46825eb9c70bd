/** ELBv2 tags, markers and paging caps against the sandbox with the real SDK. */
import {
  AddTagsCommand,
  CreateTargetGroupCommand,
  DescribeRulesCommand,
  DescribeTagsCommand,
  DescribeTargetGroupsCommand,
  RemoveTagsCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { describe, expect, it } from 'vitest';
import { sandboxPerFile } from '../helpers/sandbox.js';
import { createAlb, createForwardListener, createTg, startElbSandbox, uniqueName, VPC } from './fixture.js';

const t = sandboxPerFile(startElbSandbox);

const tagsOf = async (arn: string) =>
  (await t.sdk.elbv2.send(new DescribeTagsCommand({ ResourceArns: [arn] }))).TagDescriptions![0]!.Tags;

describe('tags', () => {
  it('CreateTargetGroup takes tags; AddTags upserts by key; RemoveTags removes', async () => {
    const tg = (
      await t.sdk.elbv2.send(
        new CreateTargetGroupCommand({
          Name: uniqueName('tagged'),
          Protocol: 'HTTP',
          Port: 80,
          VpcId: VPC,
          TargetType: 'ip',
          Tags: [{ Key: 'rail', Value: 'one' }],
        }),
      )
    ).TargetGroups![0]!.TargetGroupArn!;
    await t.sdk.elbv2.send(
      new AddTagsCommand({
        ResourceArns: [tg],
        Tags: [
          { Key: 'rail', Value: 'two' },
          { Key: 'team', Value: 'x' },
        ],
      }),
    );
    expect(await tagsOf(tg)).toEqual([
      { Key: 'rail', Value: 'two' },
      { Key: 'team', Value: 'x' },
    ]);
    await t.sdk.elbv2.send(new RemoveTagsCommand({ ResourceArns: [tg], TagKeys: ['team'] }));
    expect(await tagsOf(tg)).toEqual([{ Key: 'rail', Value: 'two' }]);
  });

  it('tags load balancers, listeners and rules (the default rule too)', async () => {
    const lb = await createAlb(t.sdk.elbv2);
    const tg = await createTg(t.sdk.elbv2);
    const l = await createForwardListener(t.sdk.elbv2, lb.LoadBalancerArn!, tg.TargetGroupArn!);
    const rule = (await t.sdk.elbv2.send(new DescribeRulesCommand({ ListenerArn: l.ListenerArn })))
      .Rules![0]!;
    const arns = [lb.LoadBalancerArn!, l.ListenerArn!, rule.RuleArn!];
    await t.sdk.elbv2.send(new AddTagsCommand({ ResourceArns: arns, Tags: [{ Key: 'k', Value: 'v' }] }));
    const out = await t.sdk.elbv2.send(new DescribeTagsCommand({ ResourceArns: arns }));
    expect(out.TagDescriptions!.map((d) => [d.ResourceArn, d.Tags])).toEqual(
      arns.map((a) => [a, [{ Key: 'k', Value: 'v' }]]),
    );
  });

  it('duplicate keys in one call are DuplicateTagKeys', async () => {
    const tg = (await createTg(t.sdk.elbv2)).TargetGroupArn!;
    await expect(
      t.sdk.elbv2.send(
        new AddTagsCommand({
          ResourceArns: [tg],
          Tags: [
            { Key: 'a', Value: '1' },
            { Key: 'a', Value: '2' },
          ],
        }),
      ),
    ).rejects.toMatchObject({ name: 'DuplicateTagKeysException' });
  });

  it('more than 50 tags on a resource is TooManyTags (moto caps at 10)', async () => {
    const tg = (await createTg(t.sdk.elbv2)).TargetGroupArn!;
    const batch = (from: number, n: number) =>
      Array.from({ length: n }, (_, i) => ({ Key: `k${from + i}`, Value: 'v' }));
    await t.sdk.elbv2.send(new AddTagsCommand({ ResourceArns: [tg], Tags: batch(0, 30) }));
    await t.sdk.elbv2.send(new AddTagsCommand({ ResourceArns: [tg], Tags: batch(30, 20) }));
    expect(await tagsOf(tg)).toHaveLength(50);
    await expect(
      t.sdk.elbv2.send(new AddTagsCommand({ ResourceArns: [tg], Tags: batch(50, 1) })),
    ).rejects.toMatchObject({ name: 'TooManyTagsException' });
  });

  it('DescribeTags takes at most 20 ARNs; an unknown ARN is *NotFound', async () => {
    const tg = (await createTg(t.sdk.elbv2)).TargetGroupArn!;
    await expect(
      t.sdk.elbv2.send(new DescribeTagsCommand({ ResourceArns: Array.from({ length: 21 }, () => tg) })),
    ).rejects.toMatchObject({ name: 'ValidationError' });
    await expect(
      t.sdk.elbv2.send(new DescribeTagsCommand({ ResourceArns: [`${tg.slice(0, -16)}ffffffffffffffff`] })),
    ).rejects.toMatchObject({ name: 'TargetGroupNotFoundException' });
    await expect(
      t.sdk.elbv2.send(
        new AddTagsCommand({
          ResourceArns: [
            'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/none/0123456789abcdef',
          ],
          Tags: [{ Key: 'a', Value: 'b' }],
        }),
      ),
    ).rejects.toMatchObject({ name: 'LoadBalancerNotFoundException' });
  });
});

describe('paging', () => {
  it('a marker the service did not hand out is ValidationError', async () => {
    await expect(
      t.sdk.elbv2.send(new DescribeTargetGroupsCommand({ Marker: 'bm90LWEtbWFya2Vy' })),
    ).rejects.toMatchObject({
      name: 'ValidationError',
    });
  });
});

describe('settings.maxPageSize', () => {
  it('caps every page even when the caller asks for more', async () => {
    for (let i = 0; i < 3; i++) await createTg(t.sdk.elbv2);
    await t.control.settings({ maxPageSize: 2 });
    try {
      const out = await t.sdk.elbv2.send(new DescribeTargetGroupsCommand({ PageSize: 400 }));
      expect(out.TargetGroups).toHaveLength(2);
      expect(out.NextMarker).toBeTruthy();
    } finally {
      // null clears the cap (undefined would be dropped from the JSON body).
      await t.control.settings({ maxPageSize: null as unknown as undefined });
    }
  });
});
