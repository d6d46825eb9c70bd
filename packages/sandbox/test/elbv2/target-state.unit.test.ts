/**
 * The target state machine through the exported functions other services use (ECS registers task
 * IPs with registerTargetsInternal and reads describeTargetHealthInternal), without HTTP.
 */
import { describe, expect, it } from 'vitest';
import { SEED_SUBNETS, SEED_VPC_ID } from '../../src/core/seed-ids.js';
import {
  deregisterTargetsInternal,
  describeTargetHealthInternal,
  findTargetGroup,
  registerTargetsInternal,
  targetGroupLoadBalancerArns,
} from '../../src/services/elbv2/targets.js';
import { call, codeOf, UNIT_SG, unitSandbox } from './unit-sandbox.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function railPieces(sb: ReturnType<typeof unitSandbox>) {
  const tg = (
    await call(sb, 'CreateTargetGroup', {
      Name: 'svc',
      Protocol: 'HTTP',
      Port: '8080',
      VpcId: SEED_VPC_ID,
      TargetType: 'ip',
    })
  ).TargetGroups[0];
  const lb = (
    await call(sb, 'CreateLoadBalancer', {
      Name: 'alb',
      Scheme: 'internal',
      Subnets: SEED_SUBNETS.map((s) => s.subnetId),
      SecurityGroups: [UNIT_SG],
    })
  ).LoadBalancers[0];
  return { tgArn: tg.TargetGroupArn as string, lbArn: lb.LoadBalancerArn as string };
}

function states(sb: ReturnType<typeof unitSandbox>, tgArn: string) {
  return describeTargetHealthInternal(sb, tgArn).map(
    (d) => `${d.Target.Id}:${d.Target.Port}=${d.TargetHealth.State}/${d.TargetHealth.Reason ?? ''}`,
  );
}

describe('target state machine (internal functions)', () => {
  it('unused until a listener forwards, then initial, then the oracle decides', async () => {
    const sb = unitSandbox({ healthCheckMs: 300 });
    sb.healthOracles.push(({ ip }) => (ip === '10.0.1.50' ? { state: 'healthy' } : undefined));
    const { tgArn, lbArn } = await railPieces(sb);
    registerTargetsInternal(sb, tgArn, [
      { id: '10.0.1.50', port: 8080 },
      { id: '10.0.2.60', port: 8080 },
    ]);
    expect(findTargetGroup(sb, tgArn)?.targets).toHaveLength(2);
    expect(states(sb, tgArn)).toEqual([
      '10.0.1.50:8080=unused/Target.NotInUse',
      '10.0.2.60:8080=unused/Target.NotInUse',
    ]);
    await call(sb, 'CreateListener', {
      LoadBalancerArn: lbArn,
      Protocol: 'HTTP',
      Port: '80',
      DefaultActions: [{ Type: 'forward', TargetGroupArn: tgArn }],
    });
    expect(targetGroupLoadBalancerArns(sb, tgArn)).toEqual([lbArn]);
    expect(states(sb, tgArn)[0]).toBe('10.0.1.50:8080=initial/Elb.RegistrationInProgress');
    await sleep(320);
    expect(states(sb, tgArn)).toEqual(['10.0.1.50:8080=healthy/', '10.0.2.60:8080=unhealthy/Target.Timeout']);
  });

  it('draining for the deregistration delay in sandbox time, then gone; re-registering revives', async () => {
    const sb = unitSandbox();
    const { tgArn, lbArn } = await railPieces(sb);
    await call(sb, 'CreateListener', {
      LoadBalancerArn: lbArn,
      Port: '80',
      DefaultActions: [{ Type: 'forward', TargetGroupArn: tgArn }],
    });
    registerTargetsInternal(sb, tgArn, [
      { id: '10.0.1.50', port: 8080 },
      { id: '10.0.1.51', port: 8080 },
    ]);
    deregisterTargetsInternal(sb, tgArn, [
      { id: '10.0.1.50', port: 8080 },
      { id: '10.0.1.51', port: 8080 },
    ]);
    expect(states(sb, tgArn)).toEqual([
      '10.0.1.50:8080=draining/Target.DeregistrationInProgress',
      '10.0.1.51:8080=draining/Target.DeregistrationInProgress',
    ]);
    registerTargetsInternal(sb, tgArn, [{ id: '10.0.1.51', port: 8080 }]);
    sb.clock.advance(300_000);
    expect(states(sb, tgArn)).toEqual(['10.0.1.51:8080=unhealthy/Target.Timeout']);
  });

  it('unknown deregistration succeeds; unknown group is TargetGroupNotFound', async () => {
    const sb = unitSandbox();
    const { tgArn } = await railPieces(sb);
    expect(() => deregisterTargetsInternal(sb, tgArn, [{ id: '10.0.1.99', port: 8080 }])).not.toThrow();
    expect(await codeOf(sb, 'DescribeTargetHealth', { TargetGroupArn: `${tgArn}0` })).toBe(
      'TargetGroupNotFound',
    );
  });
});
