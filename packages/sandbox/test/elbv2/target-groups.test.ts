/** ELBv2 target groups against the sandbox with the real SDK: names, idempotency, health checks, attributes. */
import {
  type CreateTargetGroupCommandInput,
  DeleteListenerCommand,
  DeleteTargetGroupCommand,
  DescribeTargetGroupAttributesCommand,
  DescribeTargetGroupsCommand,
  ModifyTargetGroupAttributesCommand,
  ModifyTargetGroupCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { describe, expect, it } from 'vitest';
import { sandboxPerFile } from '../helpers/sandbox.js';
import {
  createAlb,
  createForwardListener,
  createTg,
  sendCreateTg,
  startElbSandbox,
  uniqueName,
} from './fixture.js';

const t = sandboxPerFile(startElbSandbox);

const create = (input: Partial<CreateTargetGroupCommandInput>) => sendCreateTg(t.sdk.elbv2, input);

const attrs = (a: { Key?: string; Value?: string }[] = []) =>
  Object.fromEntries(a.map((x) => [x.Key, x.Value]));

describe('CreateTargetGroup', () => {
  it.each([['a'.repeat(33)], ['tg_1'], ['-tg'], ['tg-']])(
    'rejects the name %s (ValidationError)',
    async (Name) => {
      await expect(create({ Name })).rejects.toMatchObject({ name: 'ValidationError' });
    },
  );

  it('an identical repeat returns the same group; different settings give DuplicateTargetGroupName', async () => {
    const Name = uniqueName('dup');
    const first = (await create({ Name, HealthCheckPath: '/health' })).TargetGroups![0]!;
    const again = (await create({ Name, HealthCheckPath: '/health' })).TargetGroups![0]!;
    expect(again.TargetGroupArn).toBe(first.TargetGroupArn);
    await expect(create({ Name, HealthCheckPath: '/other' })).rejects.toMatchObject({
      name: 'DuplicateTargetGroupNameException',
      Code: 'DuplicateTargetGroupName',
    });
  });

  it('names are unique across ALB and NLB groups', async () => {
    const Name = uniqueName('cross');
    await create({ Name });
    await expect(create({ Name, Protocol: 'TCP' })).rejects.toMatchObject({
      name: 'DuplicateTargetGroupNameException',
    });
  });

  it('ARN in AWS format and the documented ALB defaults', async () => {
    const Name = uniqueName('def');
    const tg = (await create({ Name })).TargetGroups![0]!;
    expect(tg.TargetGroupArn).toMatch(
      new RegExp(`^arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/${Name}/[0-9a-f]{16}$`),
    );
    expect(tg).toMatchObject({
      HealthCheckProtocol: 'HTTP',
      HealthCheckPort: 'traffic-port',
      HealthCheckIntervalSeconds: 30,
      HealthCheckTimeoutSeconds: 5,
      HealthyThresholdCount: 5,
      UnhealthyThresholdCount: 2,
      HealthCheckPath: '/',
      Matcher: { HttpCode: '200' },
      LoadBalancerArns: [],
    });
  });

  it('NLB TCP defaults: TCP health check, timeout 10', async () => {
    const tg = (await create({ Protocol: 'TCP' })).TargetGroups![0]!;
    expect(tg).toMatchObject({ HealthCheckProtocol: 'TCP', HealthCheckTimeoutSeconds: 10 });
    expect(tg.HealthCheckPath).toBeUndefined();
  });

  it.each<[string, Partial<CreateTargetGroupCommandInput>]>([
    ['interval 4', { HealthCheckIntervalSeconds: 4 }],
    ['timeout 121', { HealthCheckTimeoutSeconds: 121 }],
    ['timeout not below interval', { HealthCheckIntervalSeconds: 10, HealthCheckTimeoutSeconds: 10 }],
    ['healthy threshold 11', { HealthyThresholdCount: 11 }],
    ['unhealthy threshold 1', { UnhealthyThresholdCount: 1 }],
    ['path too long', { HealthCheckPath: `/${'a'.repeat(1024)}` }],
    ['matcher 500 on an HTTP group', { Matcher: { HttpCode: '500' } }],
    ['health checks disabled on ip', { HealthCheckEnabled: false }],
    ['missing port', { Port: undefined }],
  ])('rejects %s (ValidationError)', async (_why, extra) => {
    await expect(create(extra)).rejects.toMatchObject({ name: 'ValidationError' });
  });

  it('matcher up to 599 is accepted on TCP-family groups', async () => {
    const tg = (
      await create({ Protocol: 'TCP', HealthCheckProtocol: 'HTTP', Matcher: { HttpCode: '200-599' } })
    ).TargetGroups![0]!;
    expect(tg.Matcher?.HttpCode).toBe('200-599');
  });

  it('alb target type needs TCP', async () => {
    await expect(create({ TargetType: 'alb', Protocol: 'HTTP' })).rejects.toMatchObject({
      name: 'ValidationError',
    });
    const tg = (await create({ TargetType: 'alb', Protocol: 'TCP', Port: 80 })).TargetGroups![0]!;
    expect(tg).toMatchObject({ TargetType: 'alb', HealthCheckProtocol: 'HTTP' });
  });
});

describe('Describe/Modify/DeleteTargetGroup', () => {
  it('any missing name is TargetGroupNotFound', async () => {
    const tg = await createTg(t.sdk.elbv2);
    await expect(
      t.sdk.elbv2.send(new DescribeTargetGroupsCommand({ Names: [tg.TargetGroupName!, 'nope'] })),
    ).rejects.toMatchObject({ name: 'TargetGroupNotFoundException' });
  });

  it('pages with PageSize', async () => {
    for (let i = 0; i < 3; i++) await createTg(t.sdk.elbv2);
    const all = (await t.sdk.elbv2.send(new DescribeTargetGroupsCommand({}))).TargetGroups!;
    const first = await t.sdk.elbv2.send(new DescribeTargetGroupsCommand({ PageSize: 1 }));
    expect(first.TargetGroups).toHaveLength(1);
    expect(first.NextMarker).toBeTruthy();
    const second = await t.sdk.elbv2.send(
      new DescribeTargetGroupsCommand({ PageSize: 400, Marker: first.NextMarker }),
    );
    expect(second.TargetGroups).toHaveLength(all.length - 1);
    expect(second.NextMarker).toBeUndefined();
  });

  it('ModifyTargetGroup changes health-check settings and validates them', async () => {
    const tg = await createTg(t.sdk.elbv2);
    const out = await t.sdk.elbv2.send(
      new ModifyTargetGroupCommand({
        TargetGroupArn: tg.TargetGroupArn,
        HealthCheckPath: '/ready',
        HealthCheckIntervalSeconds: 10,
      }),
    );
    expect(out.TargetGroups![0]).toMatchObject({ HealthCheckPath: '/ready', HealthCheckIntervalSeconds: 10 });
    await expect(
      t.sdk.elbv2.send(
        new ModifyTargetGroupCommand({ TargetGroupArn: tg.TargetGroupArn, HealthCheckTimeoutSeconds: 10 }),
      ),
    ).rejects.toMatchObject({ name: 'ValidationError' });
  });

  it('DeleteTargetGroup is ResourceInUse while a listener forwards to it; unknown succeeds', async () => {
    const lb = await createAlb(t.sdk.elbv2);
    const tg = await createTg(t.sdk.elbv2);
    const listener = await createForwardListener(t.sdk.elbv2, lb.LoadBalancerArn!, tg.TargetGroupArn!);
    await expect(
      t.sdk.elbv2.send(new DeleteTargetGroupCommand({ TargetGroupArn: tg.TargetGroupArn })),
    ).rejects.toMatchObject({ name: 'ResourceInUseException' });
    await t.sdk.elbv2.send(new DeleteListenerCommand({ ListenerArn: listener.ListenerArn }));
    await t.sdk.elbv2.send(new DeleteTargetGroupCommand({ TargetGroupArn: tg.TargetGroupArn }));
    await t.sdk.elbv2.send(new DeleteTargetGroupCommand({ TargetGroupArn: tg.TargetGroupArn }));
  });
});

describe('target group attributes', () => {
  it('defaults per type, merged, all returned', async () => {
    const tg = await createTg(t.sdk.elbv2);
    const before = attrs(
      (
        await t.sdk.elbv2.send(
          new DescribeTargetGroupAttributesCommand({ TargetGroupArn: tg.TargetGroupArn }),
        )
      ).Attributes,
    );
    expect(before).toMatchObject({
      'deregistration_delay.timeout_seconds': '300',
      'stickiness.enabled': 'false',
      'stickiness.type': 'lb_cookie',
      'stickiness.lb_cookie.duration_seconds': '86400',
      'slow_start.duration_seconds': '0',
      'load_balancing.algorithm.type': 'round_robin',
    });
    const out = await t.sdk.elbv2.send(
      new ModifyTargetGroupAttributesCommand({
        TargetGroupArn: tg.TargetGroupArn,
        Attributes: [{ Key: 'deregistration_delay.timeout_seconds', Value: '3600' }],
      }),
    );
    expect(attrs(out.Attributes)).toEqual({ ...before, 'deregistration_delay.timeout_seconds': '3600' });
    const nlbTg = await createTg(t.sdk.elbv2, { Protocol: 'TCP' });
    const nlbAttrs = attrs(
      (
        await t.sdk.elbv2.send(
          new DescribeTargetGroupAttributesCommand({ TargetGroupArn: nlbTg.TargetGroupArn }),
        )
      ).Attributes,
    );
    expect(nlbAttrs).toMatchObject({ 'stickiness.type': 'source_ip', 'proxy_protocol_v2.enabled': 'false' });
  });

  it.each([
    ['deregistration_delay.timeout_seconds', '3601'],
    ['slow_start.duration_seconds', '10'],
    ['stickiness.lb_cookie.duration_seconds', '0'],
    ['load_balancing.algorithm.type', 'random'],
  ])('%s=%s is out of range (ValidationError)', async (Key, Value) => {
    const tg = await createTg(t.sdk.elbv2);
    await expect(
      t.sdk.elbv2.send(
        new ModifyTargetGroupAttributesCommand({
          TargetGroupArn: tg.TargetGroupArn,
          Attributes: [{ Key, Value }],
        }),
      ),
    ).rejects.toMatchObject({ name: 'ValidationError' });
  });

  it('lb_cookie on a TCP group and an ALB-only key on a TCP group are InvalidConfigurationRequest', async () => {
    const tg = await createTg(t.sdk.elbv2, { Protocol: 'TCP' });
    for (const attr of [
      { Key: 'stickiness.type', Value: 'lb_cookie' },
      { Key: 'slow_start.duration_seconds', Value: '30' },
    ]) {
      await expect(
        t.sdk.elbv2.send(
          new ModifyTargetGroupAttributesCommand({ TargetGroupArn: tg.TargetGroupArn, Attributes: [attr] }),
        ),
      ).rejects.toMatchObject({ name: 'InvalidConfigurationRequestException' });
    }
  });

  it('an unknown group is TargetGroupNotFound', async () => {
    await expect(
      t.sdk.elbv2.send(
        new DescribeTargetGroupAttributesCommand({
          TargetGroupArn:
            'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/none/0123456789abcdef',
        }),
      ),
    ).rejects.toMatchObject({ name: 'TargetGroupNotFoundException' });
  });
});
