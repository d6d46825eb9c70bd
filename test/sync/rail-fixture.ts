/**
 * The NLB → ALB hop of a rail, laid with raw SDK calls (as the seed's Terraform would): an ALB with
 * HTTP:80 and HTTPS:443 listeners, an NLB with TCP:80 and TLS:443 listeners forwarding to two IP target
 * groups, the sync state bucket, and a rail.yaml that names them. Also the sandbox the sync suites
 * run in and `rails sync-ips --once --json` against it.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeNetworkInterfacesCommand } from '@aws-sdk/client-ec2';
import {
  CreateListenerCommand,
  CreateLoadBalancerCommand,
  CreateTargetGroupCommand,
  DescribeTargetHealthCommand,
  ModifyTargetGroupAttributesCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { CreateBucketCommand, PutBucketVersioningCommand } from '@aws-sdk/client-s3';
import { SEED_CERTIFICATE_ARN, SEED_SUBNETS, SEED_VPC_ID } from 'rails-sandbox';
import type { PassReport } from '../../src/lib/sync/report.js';
import { runCli } from '../helpers/cli.js';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';
import type { SdkClients } from '../helpers/sdk.js';

export interface SyncFixture {
  stage: string;
  bucket: string;
  albArn: string;
  albName: string;
  albDns: string;
  nlbArn: string;
  tg80: string;
  tg443: string;
  /** Directory holding rail.yaml (run the CLI with this cwd). */
  dir: string;
  configFile: string;
}

const SUBNETS = SEED_SUBNETS.map((s) => s.subnetId);
/** The NLB target groups' deregistration delay in the fixture. */
export const DRAIN_SECONDS = 120;

export function writeRailYaml(
  stage: string,
  bucket: string,
  extra: string[] = [],
): { dir: string; file: string } {
  const dir = mkdtempSync(join(tmpdir(), `rails-sync-${stage}-`));
  const file = join(dir, 'rail.yaml');
  writeFileSync(
    file,
    [
      `stage: ${stage}`,
      'region: us-east-1',
      `vpc: ${SEED_VPC_ID}`,
      `subnets: [${SUBNETS.join(', ')}]`,
      `certificate: ${SEED_CERTIFICATE_ARN}`,
      ...extra,
      'sync:',
      `  bucket: ${bucket}`,
      '  missesBeforeDeregister: 3',
      '  interval: 1',
      '',
    ].join('\n'),
  );
  return { dir, file };
}

export async function laySyncRail(sdk: SdkClients, stage: string): Promise<SyncFixture> {
  const elb = sdk.elbv2;
  const lb = async (Name: string, Type: 'application' | 'network') =>
    (await elb.send(new CreateLoadBalancerCommand({ Name, Type, Scheme: 'internal', Subnets: SUBNETS })))
      .LoadBalancers![0]!;
  const [alb, nlb] = await Promise.all([lb(`${stage}-alb`, 'application'), lb(`${stage}-nlb`, 'network')]);
  const fixed = [{ Type: 'fixed-response' as const, FixedResponseConfig: { StatusCode: '404' } }];
  await elb.send(
    new CreateListenerCommand({
      LoadBalancerArn: alb.LoadBalancerArn,
      Protocol: 'HTTP',
      Port: 80,
      DefaultActions: fixed,
    }),
  );
  await elb.send(
    new CreateListenerCommand({
      LoadBalancerArn: alb.LoadBalancerArn,
      Protocol: 'HTTPS',
      Port: 443,
      Certificates: [{ CertificateArn: SEED_CERTIFICATE_ARN }],
      DefaultActions: fixed,
    }),
  );
  const tg = async (port: number, protocol: 'TCP' | 'TLS') =>
    (
      await elb.send(
        new CreateTargetGroupCommand({
          Name: `${stage}-nlb-${port}`,
          Protocol: protocol,
          Port: port,
          VpcId: SEED_VPC_ID,
          TargetType: 'ip',
        }),
      )
    ).TargetGroups![0]!.TargetGroupArn!;
  const [tg80, tg443] = await Promise.all([tg(80, 'TCP'), tg(443, 'TLS')]);
  // Drains end when a test advances the sandbox clock past this (sandbox seconds).
  for (const TargetGroupArn of [tg80, tg443]) {
    await elb.send(
      new ModifyTargetGroupAttributesCommand({
        TargetGroupArn,
        Attributes: [{ Key: 'deregistration_delay.timeout_seconds', Value: String(DRAIN_SECONDS) }],
      }),
    );
  }
  await elb.send(
    new CreateListenerCommand({
      LoadBalancerArn: nlb.LoadBalancerArn,
      Protocol: 'TCP',
      Port: 80,
      DefaultActions: [{ Type: 'forward', TargetGroupArn: tg80 }],
    }),
  );
  await elb.send(
    new CreateListenerCommand({
      LoadBalancerArn: nlb.LoadBalancerArn,
      Protocol: 'TLS',
      Port: 443,
      Certificates: [{ CertificateArn: SEED_CERTIFICATE_ARN }],
      DefaultActions: [{ Type: 'forward', TargetGroupArn: tg443 }],
    }),
  );
  const bucket = `${stage}-sync-state`;
  await sdk.s3.send(new CreateBucketCommand({ Bucket: bucket }));
  await sdk.s3.send(
    new PutBucketVersioningCommand({ Bucket: bucket, VersioningConfiguration: { Status: 'Enabled' } }),
  );
  const { dir, file } = writeRailYaml(stage, bucket);
  return {
    stage,
    bucket,
    albArn: alb.LoadBalancerArn!,
    albName: alb.LoadBalancerName!,
    albDns: alb.DNSName!,
    nlbArn: nlb.LoadBalancerArn!,
    tg80,
    tg443,
    dir,
    configFile: file,
  };
}

/** The ALB's node IPs, from its network interfaces (what AWS would say). */
export async function albIps(sdk: SdkClients, f: SyncFixture): Promise<string[]> {
  const id = f.albArn.split(':loadbalancer/')[1];
  const out = await sdk.ec2.send(
    new DescribeNetworkInterfacesCommand({ Filters: [{ Name: 'description', Values: [`ELB ${id}`] }] }),
  );
  return (out.NetworkInterfaces ?? []).map((n) => n.PrivateIpAddress!).sort();
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

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A seeded sandbox whose load balancers provision and health checks answer in tens of ms. */
export function startSyncSandbox(): Promise<TestSandbox> {
  return startTestSandbox({ settings: { provisionMs: 20, healthCheckMs: 50 } });
}

/** Runs `rails sync-ips --once --json` in `cwd`; `report` is its last JSON line (the pass report). */
export async function syncOnce(endpoint: string, cwd: string, args: string[] = []) {
  const out = await runCli(['sync-ips', '--once', '--json', ...args], { endpoint, cwd });
  const lines = out.stdout.trim().split('\n').filter(Boolean);
  const report = lines.length ? (JSON.parse(lines.at(-1)!) as PassReport) : undefined;
  return { ...out, report };
}
