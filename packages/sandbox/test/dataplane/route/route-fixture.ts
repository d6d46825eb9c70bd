/**
 * A rail laid through the real SDK for the routing tests: an internal NLB (TCP 80 and 443) whose IP
 * target groups hold the ALB's node IPs, an ALB with HTTP:80 (redirect to HTTPS) and HTTPS:443
 * (fixed 404) and rules for each case the tests route, and an `orders` Fargate service behind them.
 */
import { DescribeNetworkInterfacesCommand } from '@aws-sdk/client-ec2';
import { CreateServiceCommand } from '@aws-sdk/client-ecs';
import {
  CreateListenerCommand,
  CreateLoadBalancerCommand,
  CreateRuleCommand,
  CreateTargetGroupCommand,
  DescribeTargetHealthCommand,
  RegisterTargetsCommand,
  type RuleCondition,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { SEED_CERTIFICATE_ARN, SEED_SUBNETS, SEED_VPC_ID } from '../../../src/core/seed-ids.js';
import type { TestSandbox } from '../../helpers/sandbox.js';

const SUBNETS = SEED_SUBNETS.map((s) => s.subnetId);

export interface RouteRail {
  nlbArn: string;
  nlbName: string;
  nlbDns: string;
  albArn: string;
  albName: string;
  albDns: string;
  nlbGroups: { 80: string; 443: string };
  groups: { orders: string; blue: string; green: string; empty: string; ghost: string };
  /** The IP registered in `ghost`: inside the VPC, held by nothing. */
  ghostIp: string;
}

async function tg(sb: TestSandbox, Name: string, Protocol: 'HTTP' | 'TCP', Port: number): Promise<string> {
  const out = await sb.sdk.elbv2.send(
    new CreateTargetGroupCommand({ Name, Protocol, Port, VpcId: SEED_VPC_ID, TargetType: 'ip' }),
  );
  return out.TargetGroups![0]!.TargetGroupArn!;
}

async function lb(sb: TestSandbox, Name: string, Type: 'network' | 'application') {
  const out = await sb.sdk.elbv2.send(
    new CreateLoadBalancerCommand({ Name, Type, Scheme: 'internal', Subnets: SUBNETS }),
  );
  return out.LoadBalancers![0]!;
}

/** The ALB's node IPs with their zones, as EC2 lists its network interfaces. */
export async function albNodes(sb: TestSandbox, albArn: string): Promise<Map<string, string>> {
  const description = `ELB ${albArn.split(':loadbalancer/')[1]}`;
  const out = await sb.sdk.ec2.send(
    new DescribeNetworkInterfacesCommand({ Filters: [{ Name: 'description', Values: [description] }] }),
  );
  return new Map((out.NetworkInterfaces ?? []).map((n) => [n.PrivateIpAddress!, n.AvailabilityZone!]));
}

async function rule(
  sb: TestSandbox,
  ListenerArn: string,
  Priority: number,
  Conditions: RuleCondition[],
  action: Record<string, unknown>,
) {
  await sb.sdk.elbv2.send(
    new CreateRuleCommand({ ListenerArn, Priority, Conditions, Actions: [action as any] }),
  );
}

const path = (...Values: string[]): RuleCondition => ({
  Field: 'path-pattern',
  PathPatternConfig: { Values },
});
const fixed = (StatusCode: string, MessageBody: string) => ({
  Type: 'fixed-response',
  FixedResponseConfig: { StatusCode, ContentType: 'text/plain', MessageBody },
});

async function layRules(sb: TestSandbox, listenerArn: string, g: RouteRail['groups']) {
  const forward = (arn: string) => ({ Type: 'forward', TargetGroupArn: arn });
  await rule(
    sb,
    listenerArn,
    5,
    [
      path('/orders/*'),
      { Field: 'http-request-method', HttpRequestMethodConfig: { Values: ['POST'] } },
      { Field: 'http-header', HttpHeaderConfig: { HttpHeaderName: 'X-Canary', Values: ['y*'] } },
    ],
    fixed('202', 'canary'),
  );
  await rule(
    sb,
    listenerArn,
    10,
    [{ Field: 'host-header', HostHeaderConfig: { Values: ['api.abq.com'] } }, path('/orders/*')],
    forward(g.orders),
  );
  await rule(sb, listenerArn, 20, [path('/billing/*')], {
    Type: 'forward',
    ForwardConfig: {
      TargetGroups: [
        { TargetGroupArn: g.blue, Weight: 80 },
        { TargetGroupArn: g.green, Weight: 20 },
        { TargetGroupArn: g.empty, Weight: 0 },
      ],
    },
  });
  await rule(sb, listenerArn, 30, [path('/empty/*')], forward(g.empty));
  await rule(sb, listenerArn, 35, [path('/ghost/*')], forward(g.ghost));
  await rule(
    sb,
    listenerArn,
    40,
    [{ Field: 'query-string', QueryStringConfig: { Values: [{ Key: 'version', Value: '2' }] } }],
    {
      Type: 'redirect',
      RedirectConfig: { Host: 'v2.abq.com', Path: '/v2/#{path}', StatusCode: 'HTTP_302' },
    },
  );
  await rule(
    sb,
    listenerArn,
    50,
    [{ Field: 'host-header', HostHeaderConfig: { Values: ['*.abq.com'] } }, path('/wild/?x', '/Exact')],
    fixed('200', 'wild'),
  );
  await rule(
    sb,
    listenerArn,
    60,
    [{ Field: 'source-ip', SourceIpConfig: { Values: ['192.0.2.0/24'] } }],
    fixed('403', 'documentation net'),
  );
}

async function layAlb(sb: TestSandbox, albArn: string, g: RouteRail['groups']) {
  await sb.sdk.elbv2.send(
    new CreateListenerCommand({
      LoadBalancerArn: albArn,
      Protocol: 'HTTP',
      Port: 80,
      DefaultActions: [
        { Type: 'redirect', RedirectConfig: { Protocol: 'HTTPS', Port: '443', StatusCode: 'HTTP_301' } },
      ],
    }),
  );
  const https = await sb.sdk.elbv2.send(
    new CreateListenerCommand({
      LoadBalancerArn: albArn,
      Protocol: 'HTTPS',
      Port: 443,
      Certificates: [{ CertificateArn: SEED_CERTIFICATE_ARN }],
      DefaultActions: [fixed('404', 'no route') as any],
    }),
  );
  await layRules(sb, https.Listeners![0]!.ListenerArn!, g);
}

/** Lays the rail and waits until the orders task and the ALB IPs are healthy. */
export async function layRouteRail(sb: TestSandbox, stage: string): Promise<RouteRail> {
  const [nlb, alb] = await Promise.all([
    lb(sb, `${stage}-nlb`, 'network'),
    lb(sb, `${stage}-alb`, 'application'),
  ]);
  const groups = {
    orders: await tg(sb, `${stage}-orders`, 'HTTP', 8080),
    blue: await tg(sb, `${stage}-blue`, 'HTTP', 8080),
    green: await tg(sb, `${stage}-green`, 'HTTP', 8080),
    empty: await tg(sb, `${stage}-empty`, 'HTTP', 8080),
    ghost: await tg(sb, `${stage}-ghost`, 'HTTP', 8080),
  };
  await layAlb(sb, alb.LoadBalancerArn!, groups);
  const nlbGroups = {
    80: await tg(sb, `${stage}-nlb-80`, 'TCP', 80),
    443: await tg(sb, `${stage}-nlb-443`, 'TCP', 443),
  };
  const ips = [...(await albNodes(sb, alb.LoadBalancerArn!)).keys()];
  for (const port of [80, 443] as const) {
    await sb.sdk.elbv2.send(
      new CreateListenerCommand({
        LoadBalancerArn: nlb.LoadBalancerArn!,
        Protocol: 'TCP',
        Port: port,
        DefaultActions: [{ Type: 'forward', TargetGroupArn: nlbGroups[port] }],
      }),
    );
    await sb.sdk.elbv2.send(
      new RegisterTargetsCommand({
        TargetGroupArn: nlbGroups[port],
        Targets: ips.map((Id) => ({ Id, Port: port })),
      }),
    );
  }
  const ghostIp = SEED_SUBNETS[0]!.cidrBlock.replace(/\.\d+\/\d+$/, '.250');
  await sb.sdk.elbv2.send(
    new RegisterTargetsCommand({ TargetGroupArn: groups.ghost, Targets: [{ Id: ghostIp, Port: 8080 }] }),
  );
  await sb.sdk.ecs.send(
    new CreateServiceCommand({
      serviceName: 'orders',
      taskDefinition: 'ice-station-zebra',
      desiredCount: 1,
      launchType: 'FARGATE',
      networkConfiguration: { awsvpcConfiguration: { subnets: SUBNETS, assignPublicIp: 'DISABLED' } },
      loadBalancers: [
        { targetGroupArn: groups.orders, containerName: 'app', containerPort: 8080 },
        { targetGroupArn: groups.blue, containerName: 'app', containerPort: 8080 },
        { targetGroupArn: groups.green, containerName: 'app', containerPort: 8080 },
      ],
    }),
  );
  await waitHealthy(sb, [nlbGroups[80], nlbGroups[443], groups.orders, groups.blue, groups.green]);
  return {
    nlbArn: nlb.LoadBalancerArn!,
    nlbName: nlb.LoadBalancerName!,
    nlbDns: nlb.DNSName!,
    albArn: alb.LoadBalancerArn!,
    albName: alb.LoadBalancerName!,
    albDns: alb.DNSName!,
    nlbGroups,
    groups,
    ghostIp,
  };
}

/** Waits until every target of the groups is healthy (and each has one). */
export async function waitHealthy(sb: TestSandbox, groups: string[], timeoutMs = 15_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const all = await Promise.all(
      groups.map((TargetGroupArn) => sb.sdk.elbv2.send(new DescribeTargetHealthCommand({ TargetGroupArn }))),
    );
    const ok = all.every(
      (h) =>
        (h.TargetHealthDescriptions ?? []).length > 0 &&
        h.TargetHealthDescriptions!.every((d) => d.TargetHealth?.State === 'healthy'),
    );
    if (ok) return;
    if (Date.now() > until)
      throw new Error(`targets not healthy: ${JSON.stringify(all.map((h) => h.TargetHealthDescriptions))}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
