/** ELBv2 listener rules against the sandbox with the real SDK: conditions, priorities, actions, the default rule. */
import {
  type Action,
  type RuleCondition as Condition,
  CreateListenerCommand,
  CreateRuleCommand,
  DeleteRuleCommand,
  DescribeRulesCommand,
  ModifyRuleCommand,
  SetRulePrioritiesCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { beforeAll, describe, expect, it } from 'vitest';
import { SEED_CERTIFICATE_ARN } from '../../src/core/seed-ids.js';
import { sandboxPerFile } from '../helpers/sandbox.js';
import { createAlb, createForwardListener, createNlb, createTg, startElbSandbox } from './fixture.js';

const t = sandboxPerFile(startElbSandbox);
let listenerArn: string;
let tgArn: string;
let priority = 1;
beforeAll(async () => {
  const lb = await createAlb(t.sdk.elbv2);
  tgArn = (await createTg(t.sdk.elbv2)).TargetGroupArn!;
  listenerArn = (await createForwardListener(t.sdk.elbv2, lb.LoadBalancerArn!, tgArn)).ListenerArn!;
});

const path = (...values: string[]): Condition => ({
  Field: 'path-pattern',
  PathPatternConfig: { Values: values },
});
const forward = (arn = tgArn): Action[] => [{ Type: 'forward', TargetGroupArn: arn }];

function createRule(
  Conditions: Condition[],
  Actions: Action[] = forward(),
  p = priority++,
  listener = listenerArn,
) {
  return t.sdk.elbv2.send(new CreateRuleCommand({ ListenerArn: listener, Priority: p, Conditions, Actions }));
}

describe('rule conditions', () => {
  it('accepts one each of host-header, path-pattern, method and source-ip', async () => {
    const out = await createRule([
      { Field: 'host-header', HostHeaderConfig: { Values: ['api.abq.com'] } },
      path('/api/*'),
      { Field: 'http-request-method', HttpRequestMethodConfig: { Values: ['GET'] } },
      { Field: 'source-ip', SourceIpConfig: { Values: ['10.0.0.0/16'] } },
    ]);
    const rule = out.Rules![0]!;
    expect(rule.IsDefault).toBe(false);
    expect(typeof rule.Priority).toBe('string');
    expect(rule.Conditions!.find((c) => c.Field === 'path-pattern')).toMatchObject({
      Values: ['/api/*'],
      PathPatternConfig: { Values: ['/api/*'] },
    });
  });

  it.each<[string, Condition[]]>([
    ['two path-pattern conditions', [path('/a'), path('/b')]],
    ['a value over 128 characters', [path(`/${'a'.repeat(128)}`)]],
    [
      'six condition values',
      [
        path('/a', '/b', '/c'),
        { Field: 'host-header', HostHeaderConfig: { Values: ['a.com', 'b.com', 'c.com'] } },
      ],
    ],
    ['six wildcards', [path('/a*b*c*', '/d*e*f*')]],
    ['no conditions', []],
  ])('rejects %s (ValidationError)', async (_why, conditions) => {
    await expect(createRule(conditions)).rejects.toMatchObject({ name: 'ValidationError' });
  });
});

describe('rule priorities and limits', () => {
  it('priority 1-50000 and unique per listener (PriorityInUse)', async () => {
    await expect(createRule([path('/p0')], forward(), 0)).rejects.toMatchObject({ name: 'ValidationError' });
    await expect(createRule([path('/p0')], forward(), 50001)).rejects.toMatchObject({
      name: 'ValidationError',
    });
    await createRule([path('/p1')], forward(), 40000);
    await expect(createRule([path('/p2')], forward(), 40000)).rejects.toMatchObject({
      name: 'PriorityInUseException',
    });
  });

  it('100 rules per ALB, then TooManyRules', async () => {
    const lb = await createAlb(t.sdk.elbv2);
    const tg = (await createTg(t.sdk.elbv2)).TargetGroupArn!;
    const l = (await createForwardListener(t.sdk.elbv2, lb.LoadBalancerArn!, tg)).ListenerArn!;
    for (let i = 1; i <= 100; i++) await createRule([path(`/r${i}`)], forward(tg), i, l);
    await expect(createRule([path('/r101')], forward(tg), 101, l)).rejects.toMatchObject({
      name: 'TooManyRulesException',
    });
  });
});

describe('rule actions', () => {
  it('forward weights 0-999 and at most 5 target groups', async () => {
    const groups: string[] = [];
    for (let i = 0; i < 6; i++) groups.push((await createTg(t.sdk.elbv2)).TargetGroupArn!);
    const weighted = (n: number, weight = 1): Action[] => [
      {
        Type: 'forward',
        ForwardConfig: {
          TargetGroups: groups.slice(0, n).map((TargetGroupArn) => ({ TargetGroupArn, Weight: weight })),
        },
      },
    ];
    await expect(createRule([path('/w1')], weighted(2, 1000))).rejects.toMatchObject({
      name: 'ValidationError',
    });
    await expect(createRule([path('/w2')], weighted(6))).rejects.toMatchObject({ name: 'ValidationError' });
    const ok = await createRule([path('/w3')], weighted(5, 999));
    expect(ok.Rules![0]!.Actions![0]!.ForwardConfig!.TargetGroups).toHaveLength(5);
  });

  it('a redirect must change something; HTTP_301 with a new protocol and port is fine; placeholders are filled in', async () => {
    await expect(
      createRule([path('/loop')], [{ Type: 'redirect', RedirectConfig: { StatusCode: 'HTTP_301' } }]),
    ).rejects.toMatchObject({ name: 'InvalidLoadBalancerActionException' });
    await expect(
      createRule(
        [path('/bad')],
        [{ Type: 'redirect', RedirectConfig: { StatusCode: 'HTTP_301', Path: 'no-slash' } }],
      ),
    ).rejects.toMatchObject({ name: 'ValidationError' });
    const out = await createRule(
      [path('/old')],
      [{ Type: 'redirect', RedirectConfig: { StatusCode: 'HTTP_301', Protocol: 'HTTPS', Port: '443' } }],
    );
    expect(out.Rules![0]!.Actions![0]!.RedirectConfig).toEqual({
      Protocol: 'HTTPS',
      Port: '443',
      Host: '#{host}',
      Path: '/#{path}',
      Query: '#{query}',
      StatusCode: 'HTTP_301',
    });
  });

  it('redirect placeholders must be known; HTTPS to HTTP is refused', async () => {
    await expect(
      createRule(
        [path('/ph')],
        [{ Type: 'redirect', RedirectConfig: { StatusCode: 'HTTP_302', Host: '#{hostname}.abq.com' } }],
      ),
    ).rejects.toMatchObject({ name: 'ValidationError' });
    const ok = await createRule(
      [path('/ph2')],
      [
        {
          Type: 'redirect',
          RedirectConfig: { StatusCode: 'HTTP_302', Host: 'www.#{host}', Query: 'from=#{path}' },
        },
      ],
    );
    expect(ok.Rules![0]!.Actions![0]!.RedirectConfig).toMatchObject({
      Host: 'www.#{host}',
      Query: 'from=#{path}',
    });
    const lb = await createAlb(t.sdk.elbv2);
    const https = (
      await t.sdk.elbv2.send(
        new CreateListenerCommand({
          LoadBalancerArn: lb.LoadBalancerArn,
          Protocol: 'HTTPS',
          Port: 443,
          Certificates: [{ CertificateArn: SEED_CERTIFICATE_ARN }],
          DefaultActions: [{ Type: 'fixed-response', FixedResponseConfig: { StatusCode: '404' } }],
        }),
      )
    ).Listeners![0]!.ListenerArn!;
    await expect(
      createRule(
        [path('/down')],
        [{ Type: 'redirect', RedirectConfig: { StatusCode: 'HTTP_301', Protocol: 'HTTP' } }],
        1,
        https,
      ),
    ).rejects.toMatchObject({ name: 'InvalidLoadBalancerActionException' });
  });

  it('several actions need an Order each', async () => {
    await expect(
      createRule(
        [path('/o')],
        [
          { Type: 'fixed-response', FixedResponseConfig: { StatusCode: '200' } },
          { Type: 'forward', TargetGroupArn: tgArn },
        ],
      ),
    ).rejects.toMatchObject({ name: 'ValidationError' });
  });

  it('listeners of network load balancers take no rules', async () => {
    const nlb = await createNlb(t.sdk.elbv2);
    const tcp = (await createTg(t.sdk.elbv2, { Protocol: 'TCP' })).TargetGroupArn!;
    const l = (await createForwardListener(t.sdk.elbv2, nlb.LoadBalancerArn!, tcp, 80, 'TCP')).ListenerArn!;
    await expect(createRule([path('/n')], forward(tcp), 1, l)).rejects.toMatchObject({
      name: 'ValidationError',
    });
  });

  it('fixed-response codes are 2XX, 4XX or 5XX', async () => {
    await expect(
      createRule([path('/f1')], [{ Type: 'fixed-response', FixedResponseConfig: { StatusCode: '302' } }]),
    ).rejects.toMatchObject({ name: 'ValidationError' });
    const ok = await createRule(
      [path('/f2')],
      [
        {
          Type: 'fixed-response',
          FixedResponseConfig: { StatusCode: '503', ContentType: 'text/plain', MessageBody: 'down' },
        },
      ],
    );
    expect(ok.Rules![0]!.Actions![0]!.FixedResponseConfig).toEqual({
      StatusCode: '503',
      ContentType: 'text/plain',
      MessageBody: 'down',
    });
  });
});

describe('DescribeRules, ModifyRule, DeleteRule, SetRulePriorities', () => {
  it('DescribeRules includes the default rule last (IsDefault, Priority "default"), priorities as strings', async () => {
    const rules = (await t.sdk.elbv2.send(new DescribeRulesCommand({ ListenerArn: listenerArn }))).Rules!;
    const last = rules[rules.length - 1]!;
    expect(last).toMatchObject({ IsDefault: true, Priority: 'default', Conditions: [] });
    expect(last.Actions![0]!.TargetGroupArn).toBe(tgArn);
    const numbers = rules.slice(0, -1).map((r) => Number(r.Priority));
    expect(numbers).toEqual([...numbers].sort((a, b) => a - b));
    const byArn = await t.sdk.elbv2.send(new DescribeRulesCommand({ RuleArns: [last.RuleArn!] }));
    expect(byArn.Rules![0]!.IsDefault).toBe(true);
  });

  it('DescribeRules pages with PageSize', async () => {
    const all = (await t.sdk.elbv2.send(new DescribeRulesCommand({ ListenerArn: listenerArn }))).Rules!;
    const first = await t.sdk.elbv2.send(new DescribeRulesCommand({ ListenerArn: listenerArn, PageSize: 2 }));
    expect(first.Rules).toHaveLength(2);
    const rest = await t.sdk.elbv2.send(
      new DescribeRulesCommand({ ListenerArn: listenerArn, Marker: first.NextMarker }),
    );
    expect(rest.Rules!.length + 2).toBe(all.length);
  });

  it('ModifyRule replaces the lists it is given and keeps the rest', async () => {
    const rule = (
      await createRule([path('/m1'), { Field: 'host-header', HostHeaderConfig: { Values: ['m.abq.com'] } }])
    ).Rules![0]!;
    const out = await t.sdk.elbv2.send(
      new ModifyRuleCommand({ RuleArn: rule.RuleArn, Conditions: [path('/m2')] }),
    );
    expect(out.Rules![0]!.Conditions).toEqual([
      { Field: 'path-pattern', Values: ['/m2'], PathPatternConfig: { Values: ['/m2'] } },
    ]);
    expect(out.Rules![0]!.Actions).toEqual(rule.Actions);
    await expect(
      t.sdk.elbv2.send(
        new ModifyRuleCommand({
          RuleArn: `${rule.RuleArn!.slice(0, -16)}ffffffffffffffff`,
          Conditions: [path('/x')],
        }),
      ),
    ).rejects.toMatchObject({ name: 'RuleNotFoundException' });
  });

  it('DeleteRule: unknown is RuleNotFound (moto succeeds); the default rule is OperationNotPermitted', async () => {
    const rule = (await createRule([path('/d1')])).Rules![0]!;
    await t.sdk.elbv2.send(new DeleteRuleCommand({ RuleArn: rule.RuleArn }));
    await expect(t.sdk.elbv2.send(new DeleteRuleCommand({ RuleArn: rule.RuleArn }))).rejects.toMatchObject({
      name: 'RuleNotFoundException',
    });
    const rules = (await t.sdk.elbv2.send(new DescribeRulesCommand({ ListenerArn: listenerArn }))).Rules!;
    const def = rules.find((r) => r.IsDefault)!;
    await expect(t.sdk.elbv2.send(new DeleteRuleCommand({ RuleArn: def.RuleArn }))).rejects.toMatchObject({
      name: 'OperationNotPermittedException',
    });
  });

  it('SetRulePriorities swaps two rules in one call (moto: PriorityInUse); a final clash is PriorityInUse', async () => {
    const a = (await createRule([path('/s1')], forward(), 30001)).Rules![0]!;
    const b = (await createRule([path('/s2')], forward(), 30002)).Rules![0]!;
    const out = await t.sdk.elbv2.send(
      new SetRulePrioritiesCommand({
        RulePriorities: [
          { RuleArn: a.RuleArn, Priority: 30002 },
          { RuleArn: b.RuleArn, Priority: 30001 },
        ],
      }),
    );
    const byArn = Object.fromEntries(out.Rules!.map((r) => [r.RuleArn, r.Priority]));
    expect(byArn).toEqual({ [a.RuleArn!]: '30002', [b.RuleArn!]: '30001' });
    await expect(
      t.sdk.elbv2.send(
        new SetRulePrioritiesCommand({ RulePriorities: [{ RuleArn: a.RuleArn, Priority: 30001 }] }),
      ),
    ).rejects.toMatchObject({ name: 'PriorityInUseException' });
  });
});
