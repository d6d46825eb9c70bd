/**
 * Lays a rail with raw SDK calls (the way hand-made or Terraform-made rails exist), optionally with
 * rails's tags, so status and trace can be tested without `rails up`.
 */
import { DescribeNetworkInterfacesCommand } from '@aws-sdk/client-ec2';
import { CreateClusterCommand, CreateServiceCommand } from '@aws-sdk/client-ecs';
import {
  CreateListenerCommand,
  CreateLoadBalancerCommand,
  CreateRuleCommand,
  CreateTargetGroupCommand,
  DescribeTargetHealthCommand,
  RegisterTargetsCommand,
  type RuleCondition,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { SEED_CERTIFICATE_ARN, SEED_SUBNETS, SEED_VPC_ID } from 'rails-sandbox';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';
import type { SdkClients } from '../helpers/sdk.js';

export interface FixtureService {
  name: string;
  desiredCount?: number;
  /** Two target groups, weighted (blue 100, green 0 unless given). */
  weights?: [number, number];
  paths?: string[];
  host?: string;
}

export interface RailFixture {
  nlbArn: string;
  albArn: string;
  nlbTargetGroups: string[];
  httpListenerArn: string;
  httpsListenerArn: string;
  serviceGroups: Record<string, string[]>;
}

const subnets = SEED_SUBNETS.map((s) => s.subnetId);

/** A seeded sandbox whose health checks, task steps and provisioning take tens of ms, for laid rails. */
export async function startRailSandbox(): Promise<TestSandbox> {
  const sb = await startTestSandbox();
  await sb.control.settings({ healthCheckMs: 50, taskStepMs: 20, provisionMs: 50 });
  return sb;
}

function tags(stage: string, role: string, tagged: boolean, service?: string) {
  if (!tagged) return undefined;
  return [
    { Key: 'rails:stage', Value: stage },
    { Key: 'rails:managed-by', Value: 'rails' },
    { Key: 'rails:role', Value: role },
    ...(service ? [{ Key: 'rails:service', Value: service }] : []),
  ];
}

/** The ALB's node IPs, from its network interfaces. */
export async function albIps(sdk: SdkClients, albArn: string): Promise<string[]> {
  const description = `ELB ${albArn.split(':loadbalancer/')[1]}`;
  const out = await sdk.ec2.send(
    new DescribeNetworkInterfacesCommand({ Filters: [{ Name: 'description', Values: [description] }] }),
  );
  return (out.NetworkInterfaces ?? []).map((n) => n.PrivateIpAddress!).sort();
}

/** Registers the ALB's current IPs in the NLB target groups (what one sync pass does). */
export async function registerAlbIps(sdk: SdkClients, rail: RailFixture): Promise<void> {
  const ips = await albIps(sdk, rail.albArn);
  for (const tg of rail.nlbTargetGroups) {
    const port = tg.includes('-nlb-443') ? 443 : 80;
    await sdk.elbv2.send(
      new RegisterTargetsCommand({ TargetGroupArn: tg, Targets: ips.map((Id) => ({ Id, Port: port })) }),
    );
  }
}

/**
 * Lays the rail: NLB and ALB, listeners, NLB target groups holding the ALB's IPs, and per service its
 * target groups, HTTPS rule and Fargate service (in `cluster`, created when named; else `default`).
 */
export async function layRail(
  sdk: SdkClients,
  opts: {
    stage: string;
    tagged: boolean;
    services: FixtureService[];
    nlbName?: string;
    albName?: string;
    cluster?: string;
  },
): Promise<RailFixture> {
  const { stage, tagged } = opts;
  const { elbv2, ecs } = sdk;
  const cluster = opts.cluster ?? 'default';
  if (opts.cluster) await ecs.send(new CreateClusterCommand({ clusterName: cluster }));
  const nlbName = opts.nlbName ?? `${stage}-nlb`;
  const albName = opts.albName ?? `${stage}-alb`;
  const [nlb, alb] = await Promise.all([
    elbv2.send(
      new CreateLoadBalancerCommand({
        Name: nlbName,
        Type: 'network',
        Scheme: 'internal',
        Subnets: subnets,
        Tags: tags(stage, 'nlb', tagged),
      }),
    ),
    elbv2.send(
      new CreateLoadBalancerCommand({
        Name: albName,
        Type: 'application',
        Scheme: 'internal',
        Subnets: subnets,
        Tags: tags(stage, 'alb', tagged),
      }),
    ),
  ]);
  const nlbArn = nlb.LoadBalancers![0]!.LoadBalancerArn!;
  const albArn = alb.LoadBalancers![0]!.LoadBalancerArn!;
  const [http, https] = await Promise.all([
    elbv2.send(
      new CreateListenerCommand({
        LoadBalancerArn: albArn,
        Protocol: 'HTTP',
        Port: 80,
        DefaultActions: [
          { Type: 'redirect', RedirectConfig: { Protocol: 'HTTPS', Port: '443', StatusCode: 'HTTP_301' } },
        ],
      }),
    ),
    elbv2.send(
      new CreateListenerCommand({
        LoadBalancerArn: albArn,
        Protocol: 'HTTPS',
        Port: 443,
        Certificates: [{ CertificateArn: SEED_CERTIFICATE_ARN }],
        DefaultActions: [
          {
            Type: 'fixed-response',
            FixedResponseConfig: { StatusCode: '404', ContentType: 'text/plain', MessageBody: 'no route' },
          },
        ],
      }),
    ),
  ]);
  const httpListenerArn = http.Listeners![0]!.ListenerArn!;
  const httpsListenerArn = https.Listeners![0]!.ListenerArn!;
  const nlbTargetGroups: string[] = [];
  for (const port of [80, 443]) {
    const tg = await elbv2.send(
      new CreateTargetGroupCommand({
        Name: `${stage}-nlb-${port}`,
        TargetType: 'ip',
        Protocol: 'TCP',
        Port: port,
        VpcId: SEED_VPC_ID,
        Tags: tags(stage, `nlb-tg-${port}`, tagged),
      }),
    );
    const arn = tg.TargetGroups![0]!.TargetGroupArn!;
    nlbTargetGroups.push(arn);
    await elbv2.send(
      new CreateListenerCommand({
        LoadBalancerArn: nlbArn,
        Protocol: 'TCP',
        Port: port,
        DefaultActions: [{ Type: 'forward', TargetGroupArn: arn }],
      }),
    );
  }
  const rail: RailFixture = {
    nlbArn,
    albArn,
    nlbTargetGroups,
    httpListenerArn,
    httpsListenerArn,
    serviceGroups: {},
  };
  await registerAlbIps(sdk, rail);
  let priority = 10;
  await Promise.all(
    opts.services.map(async (svc, i) => {
      const colours = svc.weights ? ['blue', 'green'] : ['blue'];
      const groups = await Promise.all(
        colours.map(async (colour) => {
          const out = await elbv2.send(
            new CreateTargetGroupCommand({
              Name: `${svc.name}-${colour}`.slice(0, 32),
              TargetType: 'ip',
              Protocol: 'HTTP',
              Port: 8080,
              VpcId: SEED_VPC_ID,
              HealthCheckPath: '/health',
              HealthCheckIntervalSeconds: 10,
              HealthCheckTimeoutSeconds: 5,
              HealthyThresholdCount: 2,
              Matcher: { HttpCode: '200-299' },
              Tags: tags(stage, 'service-tg', tagged, svc.name),
            }),
          );
          return out.TargetGroups![0]!.TargetGroupArn!;
        }),
      );
      rail.serviceGroups[svc.name] = groups;
      const conditions: RuleCondition[] = [
        { Field: 'host-header', HostHeaderConfig: { Values: [svc.host ?? 'api.abq.com'] } },
        { Field: 'path-pattern', PathPatternConfig: { Values: svc.paths ?? [`/${svc.name}/*`] } },
      ];
      await elbv2.send(
        new CreateRuleCommand({
          ListenerArn: httpsListenerArn,
          Priority: priority + i * 10,
          Conditions: conditions,
          Actions: [
            svc.weights
              ? {
                  Type: 'forward',
                  ForwardConfig: {
                    TargetGroups: groups.map((TargetGroupArn, k) => ({
                      TargetGroupArn,
                      Weight: svc.weights![k],
                    })),
                  },
                }
              : { Type: 'forward', TargetGroupArn: groups[0] },
          ],
        }),
      );
      await ecs.send(
        new CreateServiceCommand({
          cluster,
          serviceName: svc.name,
          taskDefinition: 'ice-station-zebra',
          desiredCount: svc.desiredCount ?? 1,
          launchType: 'FARGATE',
          networkConfiguration: { awsvpcConfiguration: { subnets, assignPublicIp: 'DISABLED' } },
          loadBalancers: groups.map((targetGroupArn) => ({
            targetGroupArn,
            containerName: 'app',
            containerPort: 8080,
          })),
          ...(tagged ? { tags: [{ key: 'rails:stage', value: stage }] } : {}),
        }),
      );
    }),
  );
  priority += 0;
  return rail;
}

/** Waits until every target of the given groups is healthy (and there is at least one). */
export async function waitHealthy(sdk: SdkClients, groups: string[], timeoutMs = 15_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const health = await Promise.all(
      groups.map((TargetGroupArn) => sdk.elbv2.send(new DescribeTargetHealthCommand({ TargetGroupArn }))),
    );
    const ok = health.every(
      (h) =>
        (h.TargetHealthDescriptions ?? []).length > 0 &&
        (h.TargetHealthDescriptions ?? []).every((d) => d.TargetHealth?.State === 'healthy'),
    );
    if (ok) return;
    if (Date.now() > until)
      throw new Error(
        `targets not healthy after ${timeoutMs} ms: ${JSON.stringify(health.map((h) => h.TargetHealthDescriptions))}`,
      );
    await new Promise((r) => setTimeout(r, 100));
  }
}
