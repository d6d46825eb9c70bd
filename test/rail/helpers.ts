/** Shared pieces of the rail's tests: configs (parsed, or in a temp dir), the CLI, AWS-side counts. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import type { RailConfig } from '../../src/lib/config/schema.js';
import { type CliResult, ROOT, runCli, stdoutJson } from '../helpers/cli.js';
import type { TestSandbox } from '../helpers/sandbox.js';

/** A parsed rail.yaml with the fields the spec builders read and no services, changed by `patch`. */
export function minimalRail(patch: Partial<RailConfig> = {}): RailConfig {
  return {
    stage: 'dev',
    vpc: 'vpc-1',
    subnets: ['subnet-a', 'subnet-b'],
    certificate: 'arn:cert',
    accessLogs: {},
    staticIps: 'sync',
    services: [],
    ...patch,
  } as unknown as RailConfig;
}

/** Fast sandbox state machines: tests wait tens of ms, not AWS's minutes. */
export const FAST = { provisionMs: 50, healthCheckMs: 50, taskStepMs: 50 };
/**
 * FAST for a rail with a front door: a VPC link is PENDING for AWS's minutes, 200 ms here. (Not a faster
 * clock: a clock racing ahead of the SDK's makes it retry any error as clock-skew corrected, hiding
 * injected faults.)
 */
export const FRONT_DOOR = { ...FAST, vpcLinkProvisionMs: 200 };

/** examples/rail.yaml without the sync Lambda (that has its own test), changed by `patch`. */
export function exampleRail(patch: (raw: any) => void = () => {}): any {
  const raw = parse(readFileSync(join(ROOT, 'examples/rail.yaml'), 'utf8'));
  raw.sync.runner = 'none';
  delete raw.$schema;
  patch(raw);
  return raw;
}

/** Writes a rail.yaml into a fresh temp dir and returns the dir. */
export function railDir(raw: any): string {
  const dir = mkdtempSync(join(tmpdir(), 'rails-e2e-'));
  writeFileSync(join(dir, 'rail.yaml'), stringify(raw));
  return dir;
}

export function writeRail(dir: string, raw: any): void {
  writeFileSync(join(dir, 'rail.yaml'), stringify(raw));
}

export function rails(
  sb: TestSandbox,
  dir: string,
  args: string[],
  env: Record<string, string> = {},
): Promise<CliResult> {
  return runCli(args, { cwd: dir, endpoint: sb.endpoint, env, timeoutMs: 120_000 });
}

/** Mutating calls the sandbox answered since the last reset, as `Operation` names. */
export async function mutatingCalls(sb: TestSandbox): Promise<string[]> {
  return (await sb.requests()).filter((r) => r.mutating && !byLambdaFunction(r)).map((r) => r.operation);
}

/** A call a Lambda function made with its role's session keys (e.g. the scheduled sync), not the CLI. */
export function byLambdaFunction(r: { accessKeyId?: string }): boolean {
  return r.accessKeyId?.startsWith('ASIA') ?? false;
}

/** Runs `up --json` and returns the parsed plan. */
export async function upJson(sb: TestSandbox, dir: string, extra: string[] = []) {
  const r = await rails(sb, dir, ['up', '--json', ...extra]);
  return { ...r, out: stdoutJson<any>(r.stdout) };
}

/** A compact view of what AWS holds for the rail: counts that must match exactly after convergence. */
export async function railInventory(sb: TestSandbox) {
  const {
    DescribeLoadBalancersCommand,
    DescribeTargetGroupsCommand,
    DescribeListenersCommand,
    DescribeRulesCommand,
  } = await import('@aws-sdk/client-elastic-load-balancing-v2');
  const { DescribeSecurityGroupsCommand } = await import('@aws-sdk/client-ec2');
  const { ListServicesCommand, DescribeServicesCommand } = await import('@aws-sdk/client-ecs');
  const lbs = (await sb.sdk.elbv2.send(new DescribeLoadBalancersCommand({}))).LoadBalancers ?? [];
  const tgs = (await sb.sdk.elbv2.send(new DescribeTargetGroupsCommand({}))).TargetGroups ?? [];
  const listeners = (
    await Promise.all(
      lbs.map((lb) =>
        sb.sdk.elbv2.send(new DescribeListenersCommand({ LoadBalancerArn: lb.LoadBalancerArn })),
      ),
    )
  ).flatMap((o) => o.Listeners ?? []);
  const rules = (
    await Promise.all(
      listeners
        .filter((l) => l.Protocol === 'HTTP' || l.Protocol === 'HTTPS')
        .map((l) => sb.sdk.elbv2.send(new DescribeRulesCommand({ ListenerArn: l.ListenerArn }))),
    )
  )
    .flatMap((o) => o.Rules ?? [])
    .filter((r) => !r.IsDefault);
  const groups = ((await sb.sdk.ec2.send(new DescribeSecurityGroupsCommand({}))).SecurityGroups ?? []).filter(
    (g) => g.GroupName !== 'default',
  );
  const arns = (await sb.sdk.ecs.send(new ListServicesCommand({ cluster: 'default' }))).serviceArns ?? [];
  const services = arns.length
    ? (
        (await sb.sdk.ecs.send(new DescribeServicesCommand({ cluster: 'default', services: arns })))
          .services ?? []
      ).filter((s) => s.status === 'ACTIVE')
    : [];
  return {
    loadBalancers: lbs.map((l) => l.LoadBalancerName).sort(),
    targetGroups: tgs.map((t) => t.TargetGroupName!.replace(/-[0-9a-f]{6}$/, '-<hex>')).sort(),
    listeners: listeners.map((l) => `${l.Protocol}:${l.Port}`).sort(),
    rules: rules.map((r) => `${r.Priority}`).sort(),
    securityGroups: groups.map((g) => g.GroupName).sort(),
    services: services.map((s) => s.serviceName).sort(),
  };
}
