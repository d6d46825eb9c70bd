import { describe, expect, it } from 'vitest';
import {
  diffAttributes,
  diffListener,
  diffRule,
  diffTargetGroup,
  forwardAction,
  HTTPS_REDIRECT,
} from '../../../src/lib/rail/diff.js';
import { diffPermissions, permissionKeys, toIpPermission } from '../../../src/lib/rail/permissions.js';
import { diffService, type EcsServiceSpec } from '../../../src/lib/rail/service-spec.js';
import {
  albListenerSpecs,
  DEFAULT_FIXED_RESPONSE,
  serviceTargetGroupSpec,
} from '../../../src/lib/rail/spec.js';
import { minimalRail } from '../helpers.js';

const rail = minimalRail();
const svc = {
  name: 'zebra',
  port: 8080,
  healthCheck: { path: '/health', interval: 30, timeout: 5, matcher: '200-299' },
} as any;
const tgSpec = serviceTargetGroupSpec(rail, svc);
const tg = {
  Protocol: 'HTTP',
  Port: 8080,
  TargetType: 'ip',
  VpcId: 'vpc-1',
  HealthCheckProtocol: 'HTTP',
  HealthCheckPort: 'traffic-port',
  HealthCheckPath: '/health',
  HealthCheckIntervalSeconds: 30,
  HealthCheckTimeoutSeconds: 5,
  HealthyThresholdCount: 5,
  UnhealthyThresholdCount: 2,
  Matcher: { HttpCode: '200-299' },
};

describe('diffTargetGroup', () => {
  it.each([
    ['equal', {}, [], []],
    ['health check path changes in place', { HealthCheckPath: '/ready' }, ['healthCheck.path'], []],
    ['matcher changes in place', { Matcher: { HttpCode: '200' } }, ['healthCheck.matcher'], []],
    ['port cannot change in place', { Port: 80 }, [], ['port']],
    ['protocol cannot change in place', { Protocol: 'HTTPS' }, [], ['protocol']],
    ['target type cannot change in place', { TargetType: 'instance' }, [], ['targetType']],
  ])('%s', (_name, patch, update, blocked) => {
    const d = diffTargetGroup(tgSpec, { ...tg, ...patch } as any);
    expect(d.update.map((c) => c.field)).toEqual(update);
    expect(d.blocked.map((c) => c.field)).toEqual(blocked);
  });
});

describe('diffAttributes', () => {
  it.each([
    [{ a: '1' }, { a: '1', b: '2' }, []],
    [{ a: '1' }, { a: '2' }, ['attribute a']],
    [{ 'access_logs.s3.prefix': '' }, {}, []],
    [{ x: 'true' }, {}, ['attribute x']],
  ])('%j against %j', (want, have, fields) => {
    expect(diffAttributes(want, have).map((c) => c.field)).toEqual(fields);
  });
});

describe('diffListener', () => {
  const [http, https] = albListenerSpecs(rail);
  const fixed = [{ Type: 'fixed-response', FixedResponseConfig: DEFAULT_FIXED_RESPONSE }];
  it.each([
    ['http equal', http!, { Protocol: 'HTTP', DefaultActions: fixed }, []],
    [
      'https equal',
      https!,
      {
        Protocol: 'HTTPS',
        Certificates: [{ CertificateArn: 'arn:cert' }],
        SslPolicy: 'ELBSecurityPolicy-TLS13-1-2-2021-06',
        DefaultActions: fixed,
      },
      [],
    ],
    [
      'old policy',
      https!,
      {
        Protocol: 'HTTPS',
        Certificates: [{ CertificateArn: 'arn:cert' }],
        SslPolicy: 'ELBSecurityPolicy-2016-08',
        DefaultActions: fixed,
      },
      ['sslPolicy'],
    ],
    [
      "the article's default forward",
      http!,
      { Protocol: 'HTTP', DefaultActions: [{ Type: 'forward', TargetGroupArn: 'tg' }] },
      ['defaultAction'],
    ],
  ])('%s', (_n, spec, listener, fields) => {
    expect(diffListener(spec, listener as any).update.map((c) => c.field)).toEqual(fields);
  });
});

describe('diffRule', () => {
  const cond = (host: string, path: string) => [
    { Field: 'host-header', HostHeaderConfig: { Values: [host] } },
    { Field: 'path-pattern', PathPatternConfig: { Values: [path] } },
  ];
  const fwd = (arns: string[], weights?: number[]) => [
    {
      Type: 'forward',
      ForwardConfig: { TargetGroups: arns.map((a, i) => ({ TargetGroupArn: a, Weight: weights?.[i] ?? 1 })) },
    },
  ];
  const spec = {
    host: 'api.abq.com',
    path: '/z/*',
    priority: 100,
    action: { type: 'forward' as const, targetGroupArns: ['a', 'b'] },
  };
  it.each([
    [
      'equal',
      { Conditions: cond('api.abq.com', '/z/*'), Actions: fwd(['a', 'b'], [1, 0]), Priority: '100' },
      [],
    ],
    [
      'weights shifted by a deployment are not drift',
      { Conditions: cond('api.abq.com', '/z/*'), Actions: fwd(['b', 'a'], [0, 100]), Priority: '100' },
      [],
    ],
    [
      'host changed',
      { Conditions: cond('www.abq.com', '/z/*'), Actions: fwd(['a', 'b']), Priority: '100' },
      ['host'],
    ],
    [
      'legacy Values form',
      {
        Conditions: [
          { Field: 'host-header', Values: ['api.abq.com'] },
          { Field: 'path-pattern', Values: ['/z/*'] },
        ],
        Actions: fwd(['a', 'b']),
        Priority: '100',
      },
      [],
    ],
    [
      'target group replaced',
      { Conditions: cond('api.abq.com', '/z/*'), Actions: fwd(['a', 'c']), Priority: '100' },
      ['action'],
    ],
    [
      'priority moved',
      { Conditions: cond('api.abq.com', '/z/*'), Actions: fwd(['a', 'b']), Priority: '7' },
      ['priority'],
    ],
  ])('%s', (_n, rule, fields) => {
    expect(diffRule(spec, rule as any).update.map((c) => c.field)).toEqual(fields);
  });
  it('redirect keeps host, path and query', () => {
    const rspec = { ...spec, action: { type: 'redirect' as const } };
    const ok = {
      Conditions: cond('api.abq.com', '/z/*'),
      Priority: '100',
      Actions: [{ Type: 'redirect', RedirectConfig: HTTPS_REDIRECT }],
    };
    expect(diffRule(rspec, ok as any).update).toEqual([]);
    const bare = {
      ...ok,
      Actions: [
        { Type: 'redirect', RedirectConfig: { Protocol: 'HTTPS', Port: '443', StatusCode: 'HTTP_301' } },
      ],
    };
    expect(diffRule(rspec, bare as any).update.map((c) => c.field)).toEqual(['action']);
  });
});

describe('forwardAction', () => {
  it.each([
    ['new: all weight on the first', ['a', 'b'], undefined, [1, 0]],
    [
      'keeps weights a deployment set',
      ['a', 'b'],
      fwdOf([
        ['a', 0],
        ['b', 100],
      ]),
      [0, 100],
    ],
    ['a replaced group set starts over', ['a', 'c'], fwdOf([['x', 1]]), [1, 0]],
  ])('%s', (_n, arns, current, weights) => {
    expect(
      forwardAction(arns as string[], current as any).ForwardConfig!.TargetGroups!.map((t) => t.Weight),
    ).toEqual(weights);
  });
  function fwdOf(pairs: [string, number][]) {
    return [
      {
        Type: 'forward',
        ForwardConfig: { TargetGroups: pairs.map(([a, w]) => ({ TargetGroupArn: a, Weight: w })) },
      },
    ];
  }
});

describe('permissions', () => {
  it('round-trips and diffs', () => {
    const keys = ['tcp:80:cidr:10.0.0.0/16', 'tcp:8080:sg:sg-1', '-1:all:cidr:0.0.0.0/0'];
    expect(permissionKeys(keys.map((k) => toIpPermission(k)))).toEqual([...keys].sort());
    expect(
      diffPermissions(
        ['tcp:80:cidr:10.0.0.0/16', 'tcp:443:cidr:10.0.0.0/16'],
        ['tcp:80:cidr:0.0.0.0/0', 'tcp:80:cidr:10.0.0.0/16'],
      ),
    ).toEqual({
      add: ['tcp:443:cidr:10.0.0.0/16'],
      remove: ['tcp:80:cidr:0.0.0.0/0'],
    });
  });
});

describe('diffService', () => {
  const spec: EcsServiceSpec = {
    cluster: 'default',
    serviceName: 'dev-zebra',
    taskDefinitionArn: 'arn:td:3',
    desiredCount: 2,
    targetGroupArn: 'tg',
    containerName: 'app',
    containerPort: 8080,
    subnets: ['s1', 's2'],
    securityGroups: ['sg-1'],
    tags: {},
  };
  const svcOk = {
    launchType: 'FARGATE',
    taskDefinition: 'arn:td:3',
    desiredCount: 2,
    loadBalancers: [{ targetGroupArn: 'tg', containerName: 'app', containerPort: 8080 }],
    networkConfiguration: {
      awsvpcConfiguration: { subnets: ['s2', 's1'], securityGroups: ['sg-1'], assignPublicIp: 'DISABLED' },
    },
    deploymentConfiguration: {
      maximumPercent: 200,
      minimumHealthyPercent: 100,
      deploymentCircuitBreaker: { enable: true, rollback: true },
    },
    platformVersion: 'LATEST',
    propagateTags: 'SERVICE',
  };
  it.each([
    ['equal', {}, [], []],
    ['desired count', { desiredCount: 3 }, ['desiredCount'], []],
    ['new task definition revision', { taskDefinition: 'arn:td:2' }, ['taskDefinition'], []],
    ["the article's 1.3.0", { platformVersion: '1.3.0' }, ['platformVersion'], []],
    [
      'no circuit breaker',
      { deploymentConfiguration: { maximumPercent: 200, minimumHealthyPercent: 100 } },
      ['deployment'],
      [],
    ],
    ['EC2 launch type is not changed in place', { launchType: 'EC2' }, [], ['launchType']],
  ])('%s', (_n, patch, update, blocked) => {
    const d = diffService(spec, { ...svcOk, ...patch } as any);
    expect(d.update.map((c) => c.field)).toEqual(update);
    expect(d.blocked.map((c) => c.field)).toEqual(blocked);
  });
});
