import { describe, expect, it } from 'vitest';
import { planLine } from '../../../src/commands/render-plan.js';
import { railNames } from '../../../src/lib/common/names.js';
import { SERVICE_TG_NAME } from '../../../src/lib/rail/discover.js';
import { rankTargetGroups } from '../../../src/lib/rail/plan-services.js';
import {
  albListenerSpecs,
  nlbListenerSpecs,
  nlbSpec,
  nlbTargetGroupSpecs,
} from '../../../src/lib/rail/spec.js';
import { minimalRail } from '../helpers.js';

const SERVICE_TG_NAME_OK = (name: string) => SERVICE_TG_NAME.test(name);

const rail = minimalRail;

describe('names carry the stage', () => {
  it.each([
    ['nlb', railNames.nlb('prod'), 'prod-nlb'],
    ['alb', railNames.alb('prod'), 'prod-alb'],
    ['nlb target group', railNames.nlbTargetGroup('prod', 443), 'prod-nlb-443'],
    ['ecs service', railNames.ecsService('prod', 'zebra'), 'prod-zebra'],
    ['tasks group', railNames.taskSecurityGroup('prod', 'zebra'), 'prod-zebra-tasks'],
  ])('%s', (_n, got, want) => expect(got).toBe(want));
  it.each([
    ['ice-station-zebra-0a1b2c', true],
    ['a-very-long-service-n-0a1b2c', false],
    ['dev-nlb-80', false],
    ['zebra-0A1B2C', false],
  ])('service target group name %s matches: %s', (name, ok) => expect(SERVICE_TG_NAME_OK(name)).toBe(ok));
});

describe('the NLB hop follows staticIps', () => {
  it.each([
    ['sync', ['TCP:80 ip', 'TLS:443 ip'], ['TCP:80', 'TLS:443']],
    ['alb-target', ['TCP:80 alb', 'TCP:443 alb'], ['TCP:80', 'TCP:443']],
  ] as const)('%s', (mode, tgs, listeners) => {
    const r = rail({ staticIps: mode });
    expect(nlbTargetGroupSpecs(r).map((t) => `${t.protocol}:${t.port} ${t.targetType}`)).toEqual(tgs);
    expect(nlbListenerSpecs(r).map((l) => `${l.protocol}:${l.port}`)).toEqual(listeners);
  });
  it('access logs only when a bucket is given; cross-zone always on', () => {
    expect(nlbSpec(rail()).attributes).toEqual({
      'load_balancing.cross_zone.enabled': 'true',
      'access_logs.s3.enabled': 'false',
    });
    expect(nlbSpec(rail({ accessLogs: { nlb: 'logs' } } as any)).attributes['access_logs.s3.bucket']).toBe(
      'logs',
    );
  });
  it('the ALB answers 404 by default on HTTP:80 and HTTPS:443 with a TLS 1.3 policy', () => {
    expect(
      albListenerSpecs(rail()).map(
        (l) => `${l.protocol}:${l.port} ${l.defaultAction.type} ${l.sslPolicy ?? ''}`,
      ),
    ).toEqual(['HTTP:80 fixed-404 ', 'HTTPS:443 fixed-404 ELBSecurityPolicy-TLS13-1-2-2021-06']);
  });
});

describe('rankTargetGroups: the group taking traffic comes first', () => {
  const tg = (name: string) => ({ TargetGroupName: name, TargetGroupArn: `arn:${name}` });
  it.each([
    ['by name when nothing refers to them', [], [], ['a', 'b']],
    ['the one the ECS service uses', ['arn:b'], [], ['b', 'a']],
    ['the weighted one', [], ['arn:b'], ['b', 'a']],
    ['the service beats the weight', ['arn:a'], ['arn:b'], ['a', 'b']],
  ])('%s', (_n, attached, weighted, want) => {
    expect(
      rankTargetGroups([tg('b'), tg('a')], attached as string[], weighted as string[]).map(
        (t) => t.TargetGroupName,
      ),
    ).toEqual(want);
  });
});

describe('planLine', () => {
  it.each([
    [{ kind: 'rule', name: 'r', action: 'create' as const }, /\+ create\s+rule\s+r$/],
    [
      {
        kind: 'target-group',
        name: 't',
        action: 'update' as const,
        changes: [{ field: 'healthCheck.path', from: '/a', to: '/b' }],
      },
      /~ update.*\(healthCheck\.path: \/a -> \/b\)/,
    ],
    [{ kind: 'lb', name: 'x', action: 'blocked' as const, note: 'do this' }, /! blocked.*\(do this\)/],
  ])('%j', (item, re) => expect(planLine(item)).toMatch(re));
});
