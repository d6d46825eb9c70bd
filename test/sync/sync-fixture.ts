/**
 * What the sync suites add to a laid rail (test/helpers/rail-fixture.ts): the seed's NLB (TCP:80 and
 * TLS:443, IP target groups left empty for the sync to fill, a drain the tests end by advancing the
 * clock), the sync state bucket, and a rail.yaml that names them. Also the sandbox the sync suites
 * run in and `rails sync-ips --once --json` against it.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateBucketCommand, PutBucketVersioningCommand } from '@aws-sdk/client-s3';
import { SEED_CERTIFICATE_ARN, SEED_SUBNETS, SEED_VPC_ID } from 'rails-sandbox';
import type { PassReport } from '../../src/lib/sync/report.js';
import { runCli } from '../helpers/cli.js';
import { layRail, type RailFixture } from '../helpers/rail-fixture.js';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';
import type { SdkClients } from '../helpers/sdk.js';

export interface SyncFixture extends RailFixture {
  bucket: string;
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

/** An untagged rail without services whose NLB target groups are empty, its state bucket and rail.yaml. */
export async function laySyncRail(sdk: SdkClients, stage: string): Promise<SyncFixture> {
  const rail = await layRail(sdk, {
    stage,
    nlbTls: true,
    drainSeconds: DRAIN_SECONDS,
    registerAlbIps: false,
  });
  const bucket = `${stage}-sync-state`;
  await sdk.s3.send(new CreateBucketCommand({ Bucket: bucket }));
  await sdk.s3.send(
    new PutBucketVersioningCommand({ Bucket: bucket, VersioningConfiguration: { Status: 'Enabled' } }),
  );
  const { dir, file } = writeRailYaml(stage, bucket);
  return { ...rail, bucket, dir, configFile: file };
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
