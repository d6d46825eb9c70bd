/**
 * Lays a rail with raw SDK calls (the way hand-made or Terraform-made rails exist), so status, trace
 * and the sync can be tested without `rails up`: an NLB with listeners on 80 and 443 forwarding to IP
 * target groups, an ALB with HTTP:80 (redirect to HTTPS) and HTTPS:443 (fixed 404) listeners, and per
 * service its target groups, HTTPS rule and Fargate service. Optionally with rails's tags, the seed's
 * TLS listener, a drain delay, and the NLB target groups left empty for the sync to fill. Also the
 * reads the suites check AWS-side state with.
 */
import { DescribeNetworkInterfacesCommand } from '@aws-sdk/client-ec2';
import { CreateClusterCommand, CreateServiceCommand } from '@aws-sdk/client-ecs';
import {
  CreateListenerCommand,
  CreateLoadBalancerCommand,
  CreateRuleCommand,
  CreateTargetGroupCommand,
  DescribeTargetHealthCommand,
  ModifyTargetGroupAttributesCommand,
  RegisterTargetsCommand,
  type RuleCondition,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { SEED_CERTIFICATE_ARN, SEED_SUBNETS, SEED_VPC_ID } from 'rails-sandbox';
import { startTestSandbox, type TestSandbox } from './sandbox.js';
import type { SdkClients } from './sdk.js';

export interface FixtureService {
  name: string;
  desiredCount?: number;
  /** Two target groups, weighted (blue 100, green 0 unless given). */
  weights?: [number, number];
  paths?: string[];
  host?: string;
}

export interface LayRailOptions {
  stage: string;
  /** Carry rails's tags, as a rail `rails up` laid would (default: untagged, hand-made). */
  tagged?: boolean;
  services?: FixtureService[];
  /** Default `<stage>-nlb` and `<stage>-alb`. */
  nlbName?: string;
  albName?: string;
  /** The services' ECS cluster, created when named (else `default`). */
  cluster?: string;
  /** The NLB's 443 listener and target group speak TLS, as in the seed's Terraform (else TCP). */
  nlbTls?: boolean;
  /** The NLB target groups' deregistration delay, in sandbox seconds (else AWS's default). */
  drainSeconds?: number;
  /** Register the ALB's IPs in the NLB target groups, as one sync pass would (default true). */
  registerAlbIps?: boolean;
}

export interface RailFixture {
  stage: string;
  nlbArn: string;
  albArn: string;
  albName: string;
  albDns: string;
  /** The NLB's IP target groups: [80, 443]. */
  nlbTargetGroups: string[];
  tg80: string;
  tg443: string;
  httpListenerArn: string;
  httpsListenerArn: string;
  /** Service name -> its target groups (blue, then green when weighted). */
  serviceGroups: Record<string, string[]>;
}

const subnets = SEED_SUBNETS.map((s) => s.subnetId);

/**
 * A seeded sandbox whose health checks, task steps and provisioning take tens of ms, for laid rails;
 * `clockOffsetMs` starts its clock that far from this machine's.
 */
export async function startRailSandbox(opts: { clockOffsetMs?: number } = {}): Promise<TestSandbox> {
  const sb = await startTestSandbox(opts);
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

/** The ALB's node IPs, from its network interfaces (what AWS would say). */
export async function albIps(sdk: SdkClients, alb: string | { albArn: string }): Promise<string[]> {
  const albArn = typeof alb === 'string' ? alb : alb.albArn;
  const description = `ELB ${albArn.split(':loadbalancer/')[1]}`;
  const out = await sdk.ec2.send(
    new DescribeNetworkInterfacesCommand({ Filters: [{ Name: 'description', Values: [description] }] }),
  );
  return (out.NetworkInterfaces ?? []).map((n) => n.PrivateIpAddress!).sort();
}

/** Registers the ALB's current IPs in the NLB target groups (what one sync pass does). */
export async function registerAlbIps(sdk: SdkClients, rail: RailFixture): Promise<void> {
  const ips = await albIps(sdk, rail.albArn);
  for (const [tg, port] of [
    [rail.tg80, 80],
    [rail.tg443, 443],
  ] as const) {
    await sdk.elbv2.send(
      new RegisterTargetsCommand({ TargetGroupArn: tg, Targets: ips.map((Id) => ({ Id, Port: port })) }),
    );
  }
}

/** The two load balancers, in parallel. */
async function layLoadBalancers(sdk: SdkClients, opts: LayRailOptions) {
  const { stage, tagged = false } = opts;
  const lb = async (Name: string, Type: 'network' | 'application', role: string) =>
    (
      await sdk.elbv2.send(
        new CreateLoadBalancerCommand({
          Name,
          Type,
          Scheme: 'internal',
          Subnets: subnets,
          Tags: tags(stage, role, tagged),
        }),
      )
    ).LoadBalancers![0]!;
  const [nlb, alb] = await Promise.all([
    lb(opts.nlbName ?? `${stage}-nlb`, 'network', 'nlb'),
    lb(opts.albName ?? `${stage}-alb`, 'application', 'alb'),
  ]);
  return { nlb, alb };
}

/** The ALB's listeners: HTTP:80 redirects to HTTPS, HTTPS:443 answers 404 where no rule matches. */
async function layAlbListeners(sdk: SdkClients, albArn: string) {
  const [http, https] = await Promise.all([
    sdk.elbv2.send(
      new CreateListenerCommand({
        LoadBalancerArn: albArn,
        Protocol: 'HTTP',
        Port: 80,
        DefaultActions: [
          { Type: 'redirect', RedirectConfig: { Protocol: 'HTTPS', Port: '443', StatusCode: 'HTTP_301' } },
        ],
      }),
    ),
    sdk.elbv2.send(
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
  return {
    httpListenerArn: http.Listeners![0]!.ListenerArn!,
    httpsListenerArn: https.Listeners![0]!.ListenerArn!,
  };
}

/** Per port, an IP target group `<stage>-nlb-<port>` and the NLB listener forwarding to it. */
async function layNlbListeners(sdk: SdkClients, nlbArn: string, opts: LayRailOptions): Promise<string[]> {
  const { stage, tagged = false } = opts;
  const groups: string[] = [];
  for (const port of [80, 443]) {
    const protocol = port === 443 && opts.nlbTls ? 'TLS' : 'TCP';
    const tg = await sdk.elbv2.send(
      new CreateTargetGroupCommand({
        Name: `${stage}-nlb-${port}`,
        TargetType: 'ip',
        Protocol: protocol,
        Port: port,
        VpcId: SEED_VPC_ID,
        Tags: tags(stage, `nlb-tg-${port}`, tagged),
      }),
    );
    const arn = tg.TargetGroups![0]!.TargetGroupArn!;
    groups.push(arn);
    // Drains end when a test advances the sandbox clock past this (sandbox seconds).
    if (opts.drainSeconds !== undefined)
      await sdk.elbv2.send(
        new ModifyTargetGroupAttributesCommand({
          TargetGroupArn: arn,
          Attributes: [{ Key: 'deregistration_delay.timeout_seconds', Value: String(opts.drainSeconds) }],
        }),
      );
    await sdk.elbv2.send(
      new CreateListenerCommand({
        LoadBalancerArn: nlbArn,
        Protocol: protocol,
        Port: port,
        ...(protocol === 'TLS' ? { Certificates: [{ CertificateArn: SEED_CERTIFICATE_ARN }] } : {}),
        DefaultActions: [{ Type: 'forward', TargetGroupArn: arn }],
      }),
    );
  }
  return groups;
}

/** A service's target groups, its HTTPS rule at `priority` and its Fargate service; returns the groups. */
async function layService(
  sdk: SdkClients,
  rail: RailFixture,
  svc: FixtureService,
  priority: number,
  opts: LayRailOptions & { cluster: string },
): Promise<string[]> {
  const { stage, tagged = false } = opts;
  const colours = svc.weights ? ['blue', 'green'] : ['blue'];
  const groups = await Promise.all(
    colours.map(async (colour) => {
      const out = await sdk.elbv2.send(
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
  const conditions: RuleCondition[] = [
    { Field: 'host-header', HostHeaderConfig: { Values: [svc.host ?? 'api.abq.com'] } },
    { Field: 'path-pattern', PathPatternConfig: { Values: svc.paths ?? [`/${svc.name}/*`] } },
  ];
  await sdk.elbv2.send(
    new CreateRuleCommand({
      ListenerArn: rail.httpsListenerArn,
      Priority: priority,
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
  await sdk.ecs.send(
    new CreateServiceCommand({
      cluster: opts.cluster,
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
      ...(tagged ? { tags: [{ key: 'rails:stage', value: opts.stage }] } : {}),
    }),
  );
  return groups;
}

/** Lays the rail (see the top of this file); services get rule priorities 10, 20, 30... */
export async function layRail(sdk: SdkClients, opts: LayRailOptions): Promise<RailFixture> {
  const cluster = opts.cluster ?? 'default';
  if (opts.cluster) await sdk.ecs.send(new CreateClusterCommand({ clusterName: cluster }));
  const { nlb, alb } = await layLoadBalancers(sdk, opts);
  const listeners = await layAlbListeners(sdk, alb.LoadBalancerArn!);
  const nlbTargetGroups = await layNlbListeners(sdk, nlb.LoadBalancerArn!, opts);
  const rail: RailFixture = {
    stage: opts.stage,
    nlbArn: nlb.LoadBalancerArn!,
    albArn: alb.LoadBalancerArn!,
    albName: alb.LoadBalancerName!,
    albDns: alb.DNSName!,
    nlbTargetGroups,
    tg80: nlbTargetGroups[0]!,
    tg443: nlbTargetGroups[1]!,
    ...listeners,
    serviceGroups: {},
  };
  if (opts.registerAlbIps !== false) await registerAlbIps(sdk, rail);
  await Promise.all(
    (opts.services ?? []).map(async (svc, i) => {
      rail.serviceGroups[svc.name] = await layService(sdk, rail, svc, 10 + i * 10, { ...opts, cluster });
    }),
  );
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

/** The target group's targets: IP -> state. */
export async function targets(sdk: SdkClients, tgArn: string): Promise<Record<string, string>> {
  const out = await sdk.elbv2.send(new DescribeTargetHealthCommand({ TargetGroupArn: tgArn }));
  return Object.fromEntries(
    (out.TargetHealthDescriptions ?? []).map((d) => [d.Target!.Id!, d.TargetHealth!.State!]),
  );
}

/** Live (not draining) target IPs, sorted. */
export async function liveTargets(sdk: SdkClients, tgArn: string): Promise<string[]> {
  return Object.entries(await targets(sdk, tgArn))
    .filter(([, state]) => !state.includes('draining'))
    .map(([ip]) => ip)
    .sort();
}
