/**
 * A fresh `up` of the example lays the seed article's rail (with its mistakes fixed); a second `up`
 * makes no mutating call and reports every resource unchanged; `--dry-run` changes nothing.
 */
import { DescribeSecurityGroupsCommand } from '@aws-sdk/client-ec2';
import { DescribeServicesCommand } from '@aws-sdk/client-ecs';
import {
  DescribeListenersCommand,
  DescribeLoadBalancerAttributesCommand,
  DescribeLoadBalancersCommand,
  DescribeRulesCommand,
  DescribeTagsCommand,
  DescribeTargetGroupAttributesCommand,
  DescribeTargetGroupsCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSandbox, type TestSandbox } from '../../helpers/sandbox.js';
import { exampleRail, FAST, mutatingCalls, railDir, rails, upJson } from '../helpers.js';

let sb: TestSandbox;
let dir: string;
let first: Awaited<ReturnType<typeof rails>>;

beforeAll(async () => {
  sb = await startTestSandbox({ settings: FAST });
  dir = railDir(exampleRail());
  first = await rails(sb, dir, ['up']);
});
afterAll(() => sb?.stop());

const attrs = (list: { Key?: string; Value?: string }[] | undefined) =>
  Object.fromEntries((list ?? []).map((a) => [a.Key, a.Value]));

describe('fresh up of the example', () => {
  it('succeeds, prints the plan and a summary', () => {
    expect(first.stderr).not.toMatch(/error/i);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/\+ create\s+load-balancer\s+dev-nlb/);
    expect(first.stdout).toMatch(/Rail dev: \d+ created/);
    expect(first.stdout).toContain('https://api.abq.com/ice-station-zebra/*');
  });

  it('lays an internal NLB with cross-zone on, and an internal ALB with idle timeout 60', async () => {
    const { LoadBalancers } = await sb.sdk.elbv2.send(
      new DescribeLoadBalancersCommand({ Names: ['dev-nlb', 'dev-alb'] }),
    );
    const nlb = LoadBalancers!.find((l) => l.LoadBalancerName === 'dev-nlb')!;
    const alb = LoadBalancers!.find((l) => l.LoadBalancerName === 'dev-alb')!;
    expect([nlb.Type, nlb.Scheme, nlb.State?.Code]).toEqual(['network', 'internal', 'active']);
    expect([alb.Type, alb.Scheme, alb.State?.Code]).toEqual(['application', 'internal', 'active']);
    const na = attrs(
      (
        await sb.sdk.elbv2.send(
          new DescribeLoadBalancerAttributesCommand({ LoadBalancerArn: nlb.LoadBalancerArn }),
        )
      ).Attributes,
    );
    expect(na['load_balancing.cross_zone.enabled']).toBe('true');
    const aa = attrs(
      (
        await sb.sdk.elbv2.send(
          new DescribeLoadBalancerAttributesCommand({ LoadBalancerArn: alb.LoadBalancerArn }),
        )
      ).Attributes,
    );
    expect(aa['idle_timeout.timeout_seconds']).toBe('60');
    const tags = (await sb.sdk.elbv2.send(new DescribeTagsCommand({ ResourceArns: [nlb.LoadBalancerArn!] })))
      .TagDescriptions![0]!.Tags!;
    expect(attrs(tags)).toMatchObject({
      'rails:stage': 'dev',
      'rails:managed-by': 'rails',
      'rails:role': 'nlb',
    });

    // NLB: TCP:80 and TLS:443 forwarding to ip target groups of the same protocols.
    const nl = (
      await sb.sdk.elbv2.send(new DescribeListenersCommand({ LoadBalancerArn: nlb.LoadBalancerArn }))
    ).Listeners!;
    expect(nl.map((l) => `${l.Protocol}:${l.Port}`).sort()).toEqual(['TCP:80', 'TLS:443']);
    const tls = nl.find((l) => l.Port === 443)!;
    expect(tls.Certificates?.[0]?.CertificateArn).toMatch(/certificate\/0c0ffee0/);
    const { TargetGroups } = await sb.sdk.elbv2.send(
      new DescribeTargetGroupsCommand({ Names: ['dev-nlb-80', 'dev-nlb-443'] }),
    );
    expect(
      TargetGroups!.map((t) => `${t.TargetGroupName} ${t.Protocol}:${t.Port} ${t.TargetType}`).sort(),
    ).toEqual(['dev-nlb-443 TLS:443 ip', 'dev-nlb-80 TCP:80 ip']);
    expect(tls.DefaultActions?.[0]?.TargetGroupArn).toBe(
      TargetGroups!.find((t) => t.Port === 443)!.TargetGroupArn,
    );

    // ALB: HTTP:80 and HTTPS:443 (TLS 1.3 policy) answering a fixed 404 by default.
    const al = (
      await sb.sdk.elbv2.send(new DescribeListenersCommand({ LoadBalancerArn: alb.LoadBalancerArn }))
    ).Listeners!;
    expect(al.map((l) => `${l.Protocol}:${l.Port}`).sort()).toEqual(['HTTP:80', 'HTTPS:443']);
    const https = al.find((l) => l.Port === 443)!;
    expect(https.SslPolicy).toMatch(/TLS13/);
    for (const l of al) expect(l.DefaultActions?.[0]?.FixedResponseConfig?.StatusCode).toBe('404');

    // ALB security group: 80 and 443 from the VPC only, all egress.
    const sgId = alb.SecurityGroups![0]!;
    const sg = (await sb.sdk.ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: [sgId] })))
      .SecurityGroups![0]!;
    expect(sg.GroupName).toBe('dev-alb');
    const ingress = sg
      .IpPermissions!.flatMap((p) => (p.IpRanges ?? []).map((r) => `${p.FromPort}:${r.CidrIp}`))
      .sort();
    expect(ingress).toEqual(['443:10.0.0.0/16', '80:10.0.0.0/16']);
    expect(
      sg.IpPermissionsEgress!.some(
        (p) => p.IpProtocol === '-1' && p.IpRanges?.some((r) => r.CidrIp === '0.0.0.0/0'),
      ),
    ).toBe(true);
  });

  it('gives the service two target groups, rules on both listeners and a Fargate service', async () => {
    const all = (await sb.sdk.elbv2.send(new DescribeTargetGroupsCommand({}))).TargetGroups!;
    const tgs = all.filter((t) => /^ice-station-zebra-[0-9a-f]{6}$/.test(t.TargetGroupName!));
    expect(tgs).toHaveLength(2);
    for (const tg of tgs) {
      expect([tg.Protocol, tg.Port, tg.TargetType, tg.HealthCheckPath, tg.Matcher?.HttpCode]).toEqual([
        'HTTP',
        8080,
        'ip',
        '/health',
        '200-299',
      ]);
      const a = attrs(
        (
          await sb.sdk.elbv2.send(
            new DescribeTargetGroupAttributesCommand({ TargetGroupArn: tg.TargetGroupArn }),
          )
        ).Attributes,
      );
      expect([a['slow_start.duration_seconds'], a['stickiness.enabled'], a['stickiness.type']]).toEqual([
        '30',
        'true',
        'lb_cookie',
      ]);
    }
    const alb = (await sb.sdk.elbv2.send(new DescribeLoadBalancersCommand({ Names: ['dev-alb'] })))
      .LoadBalancers![0]!;
    const al = (
      await sb.sdk.elbv2.send(new DescribeListenersCommand({ LoadBalancerArn: alb.LoadBalancerArn }))
    ).Listeners!;
    const rulesOf = async (port: number) =>
      (
        await sb.sdk.elbv2.send(
          new DescribeRulesCommand({ ListenerArn: al.find((l) => l.Port === port)!.ListenerArn }),
        )
      ).Rules!.filter((r) => !r.IsDefault);
    const [r80] = await rulesOf(80);
    const [r443] = await rulesOf(443);
    expect(r80!.Priority).toBe(r443!.Priority);
    for (const r of [r80!, r443!]) {
      const fields = Object.fromEntries(
        r.Conditions!.map((c) => [c.Field, c.HostHeaderConfig?.Values ?? c.PathPatternConfig?.Values]),
      );
      expect(fields).toEqual({ 'host-header': ['api.abq.com'], 'path-pattern': ['/ice-station-zebra/*'] });
    }
    expect(r80!.Actions![0]!.RedirectConfig).toMatchObject({
      Protocol: 'HTTPS',
      Port: '443',
      Host: '#{host}',
      Path: '/#{path}',
      Query: '#{query}',
      StatusCode: 'HTTP_301',
    });
    const weights = r443!.Actions![0]!.ForwardConfig!.TargetGroups!.map((t) => t.Weight).sort();
    expect(weights).toEqual([0, 1]);

    const svc = (
      await sb.sdk.ecs.send(
        new DescribeServicesCommand({
          cluster: 'default',
          services: ['dev-ice-station-zebra'],
          include: ['TAGS'],
        }),
      )
    ).services![0]!;
    expect(svc.status).toBe('ACTIVE');
    expect([svc.launchType, svc.platformVersion, svc.desiredCount, svc.runningCount]).toEqual([
      'FARGATE',
      'LATEST',
      2,
      2,
    ]);
    expect(svc.deploymentConfiguration).toMatchObject({
      maximumPercent: 200,
      minimumHealthyPercent: 100,
      deploymentCircuitBreaker: { enable: true, rollback: true },
    });
    const weighted = r443!.Actions![0]!.ForwardConfig!.TargetGroups!.find(
      (t) => t.Weight === 1,
    )!.TargetGroupArn;
    expect(svc.loadBalancers).toEqual([
      { targetGroupArn: weighted, containerName: 'app', containerPort: 8080 },
    ]);
    const net = svc.networkConfiguration!.awsvpcConfiguration!;
    expect(net.assignPublicIp).toBe('DISABLED');
    expect(net.subnets!.sort()).toEqual(['subnet-0c0ffee0000000a01', 'subnet-0c0ffee0000000b02']);
    expect(svc.tags).toEqual(expect.arrayContaining([{ key: 'rails:stage', value: 'dev' }]));

    // The tasks' group admits the container port from the ALB's group only.
    const groups = (
      await sb.sdk.ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: net.securityGroups }))
    ).SecurityGroups!;
    const tasks = groups.find((g) => g.GroupName === 'dev-ice-station-zebra-tasks')!;
    expect(tasks.IpPermissions!.map((p) => `${p.FromPort}:${p.UserIdGroupPairs?.[0]?.GroupId}`)).toEqual([
      `8080:${alb.SecurityGroups![0]}`,
    ]);
  });

  it('a second up makes zero mutating calls and reports everything unchanged', async () => {
    await sb.resetRequests();
    const r = await upJson(sb, dir);
    expect(r.code).toBe(0);
    expect(await mutatingCalls(sb)).toEqual([]);
    expect(r.out.plan.length).toBeGreaterThan(10);
    expect(r.out.plan.filter((i: any) => i.action !== 'unchanged')).toEqual([]);
  });

  it('--dry-run of a change prints it and makes no mutating call', async () => {
    const changed = exampleRail((raw) => {
      raw.services[0].desiredCount = 3;
    });
    const d = railDir(changed);
    await sb.resetRequests();
    const r = await upJson(sb, d, ['--dry-run']);
    expect(r.code).toBe(0);
    expect(await mutatingCalls(sb)).toEqual([]);
    const updates = r.out.plan.filter((i: any) => i.action === 'update');
    expect(updates).toEqual([
      expect.objectContaining({ kind: 'ecs-service', changes: [{ field: 'desiredCount', from: 2, to: 3 }] }),
    ]);
  });
});
