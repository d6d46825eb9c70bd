/** The query plan and --since: dimensions from ARNs, one query per published combination, batch sizes. */
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/lib/errors.js';
import {
  ecsServiceHop,
  loadBalancerDimension,
  loadBalancerQueries,
  serviceQueries,
  targetGroupDimension,
  targetGroupHop,
  withIds,
} from '../../src/lib/signals/plan.js';
import { formatSince, parseSignalsSince } from '../../src/lib/signals/since.js';

const NLB = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/net/dev-nlb/50f69be5b4051ce9';
const ALB = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/dev-alb/1428529540abcdef';
const tg = (name: string) =>
  `arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/${name}/d14eb4d69dd011e7`;

describe('dimensions', () => {
  it('are the ARN suffixes AWS publishes', () => {
    expect(loadBalancerDimension(NLB)).toBe('net/dev-nlb/50f69be5b4051ce9');
    expect(loadBalancerDimension(ALB)).toBe('app/dev-alb/1428529540abcdef');
    expect(targetGroupDimension(tg('orders-blue'))).toBe('targetgroup/orders-blue/d14eb4d69dd011e7');
  });
});

describe('the plan', () => {
  const input = {
    nlb: { arn: NLB },
    alb: { arn: ALB, dnsName: 'internal-dev-alb-1.us-east-1.elb.amazonaws.com' },
    nlbTargetGroups: [{ arn: tg('dev-nlb-80'), name: 'dev-nlb-80' }],
    albTargetGroups: [{ arn: tg('orders-blue'), name: 'orders-blue' }],
    syncFunctionName: 'dev-rails-sync-ips',
  };

  it('asks each hop for its metrics with one published dimension set', () => {
    const q = loadBalancerQueries(input);
    const of = (hop: string) =>
      q.filter((x) => x.hop === hop).map((x) => `${x.namespace} ${x.metric} ${x.stat}`);
    expect(of('nlb')).toEqual([
      'AWS/NetworkELB NewFlowCount Sum',
      'AWS/NetworkELB TCP_Target_Reset_Count Sum',
      'AWS/NetworkELB TCP_ELB_Reset_Count Sum',
      'AWS/NetworkELB TCP_Client_Reset_Count Sum',
      'AWS/NetworkELB HealthyHostCount Minimum',
      'AWS/NetworkELB UnHealthyHostCount Maximum',
    ]);
    expect(of('alb')).toEqual([
      'AWS/ApplicationELB RequestCount Sum',
      'AWS/ApplicationELB HTTPCode_ELB_502_Count Sum',
      'AWS/ApplicationELB HTTPCode_ELB_503_Count Sum',
      'AWS/ApplicationELB HTTPCode_ELB_504_Count Sum',
      'AWS/ApplicationELB RejectedConnectionCount Sum',
      'AWS/ApplicationELB ClientTLSNegotiationErrorCount Sum',
    ]);
    expect(of(targetGroupHop(tg('orders-blue')))).toEqual([
      'AWS/ApplicationELB RequestCount Sum',
      'AWS/ApplicationELB HTTPCode_Target_5XX_Count Sum',
      'AWS/ApplicationELB TargetConnectionErrorCount Sum',
      'AWS/ApplicationELB TargetResponseTime p50',
      'AWS/ApplicationELB TargetResponseTime p99',
    ]);
    expect(of('static-ips')).toEqual([
      'AWS/Lambda Errors Sum',
      'AWS/Lambda Invocations Sum',
      'Rails/StaticIpSync FailureCount Sum',
    ]);
    expect(q.find((x) => x.metric === 'NewFlowCount')?.dimensions).toEqual({
      LoadBalancer: 'net/dev-nlb/50f69be5b4051ce9',
    });
    expect(q.find((x) => x.metric === 'HealthyHostCount')?.dimensions).toEqual({
      TargetGroup: 'targetgroup/dev-nlb-80/d14eb4d69dd011e7',
      LoadBalancer: 'net/dev-nlb/50f69be5b4051ce9',
    });
    expect(q.find((x) => x.metric === 'FailureCount')?.dimensions).toEqual({
      LoadBalancerName: 'internal-dev-alb-1.us-east-1.elb.amazonaws.com',
      TargetGroup: 'dev-nlb-80',
    });
    expect(q.find((x) => x.metric === 'Errors')?.dimensions).toEqual({ FunctionName: 'dev-rails-sync-ips' });
  });

  it('reads ECS utilization by cluster and service', () => {
    expect(serviceQueries([{ cluster: 'default', name: 'dev-orders' }])).toEqual([
      expect.objectContaining({
        hop: ecsServiceHop('default', 'dev-orders'),
        namespace: 'AWS/ECS',
        metric: 'CPUUtilization',
        dimensions: { ClusterName: 'default', ServiceName: 'dev-orders' },
        stat: 'Average',
      }),
      expect.objectContaining({ metric: 'MemoryUtilization' }),
    ]);
  });

  it('fits a 50-service rail in one GetMetricData call (at most 500 queries), with valid unique ids', () => {
    const groups = Array.from({ length: 50 }, (_, i) => ({ arn: tg(`s${i}-blue`), name: `s${i}-blue` }));
    const all = withIds([
      ...loadBalancerQueries({
        ...input,
        nlbTargetGroups: [input.nlbTargetGroups[0]!, input.nlbTargetGroups[0]!],
        albTargetGroups: groups,
      }),
      ...serviceQueries(groups.map((g) => ({ cluster: 'c', name: g.name }))),
    ]);
    expect(all.length).toBeLessThanOrEqual(500);
    expect(new Set(all.map((q) => q.id)).size).toBe(all.length);
    for (const q of all) expect(q.id).toMatch(/^[a-z][a-zA-Z0-9_]*$/);
  });

  it('asks nothing of a hop that was not found', () => {
    expect(loadBalancerQueries({ nlbTargetGroups: [], albTargetGroups: [] })).toEqual([]);
  });
});

describe('--since', () => {
  it('takes minutes and hours from 5m to 24h', () => {
    expect(parseSignalsSince('15m')).toBe(15 * 60_000);
    expect(parseSignalsSince('1h30m')).toBe(90 * 60_000);
    expect(parseSignalsSince('24h')).toBe(24 * 3600_000);
    expect(formatSince(90 * 60_000)).toBe('1h30m');
    expect(formatSince(15 * 60_000)).toBe('15m');
    expect(formatSince(3600_000)).toBe('1h');
  });

  it.each(['4m', '25h', '15', 'abc', '10s', '', '1d'])('refuses %j as a usage error', (text) => {
    expect(() => parseSignalsSince(text)).toThrow(UsageError);
  });
});
