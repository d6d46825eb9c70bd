// Two processes running 50 sync passes each at the same time on the same state lose no counter: every
// write is conditional on what was read, and the loser re-reads and re-plans.
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RegisterTargetsCommand } from '@aws-sdk/client-elastic-load-balancing-v2';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { build } from 'esbuild';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { stateKeys } from '../../src/lib/sync/state-format.js';
import { ROOT } from '../helpers/cli.js';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';
import { laySyncRail, type SyncFixture } from './sync-fixture.js';

const PASSES = 50;
const STALE = '10.0.2.200';
let sb: TestSandbox;
let f: SyncFixture;
let runner: string;

function runPasses(): Promise<{ failed: number; writeRetries: number; errors: string[] }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [runner, sb.endpoint, f.stage, f.bucket, String(PASSES), '1000'], {
      env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('close', (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(err))));
  });
}

beforeAll(async () => {
  runner = join(mkdtempSync(join(tmpdir(), 'rails-pass-runner-')), 'pass-runner.cjs');
  await build({
    entryPoints: [join(ROOT, 'test/sync/helpers/pass-runner.ts')],
    outfile: runner,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    logLevel: 'warning',
  });
  sb = await startTestSandbox({ settings: { provisionMs: 20, healthCheckMs: 50 } });
  f = await laySyncRail(sb.sdk, 'syncrace');
  // An IP the ALB does not have: every pass counts one more miss for it (never reaching 1000).
  for (const TargetGroupArn of [f.tg80, f.tg443])
    await sb.sdk.elbv2.send(new RegisterTargetsCommand({ TargetGroupArn, Targets: [{ Id: STALE }] }));
}, 120_000);
afterAll(async () => {
  await sb?.stop();
});

it(`two processes, ${PASSES} passes each, concurrently: every pass counted`, async () => {
  const results = await Promise.all([runPasses(), runPasses()]);
  for (const r of results) expect(r).toMatchObject({ failed: 0, errors: [] });
  for (const tg of [f.tg80, f.tg443]) {
    const obj = await sb.sdk.s3.send(
      new GetObjectCommand({ Bucket: f.bucket, Key: stateKeys(tg, f.albDns).pending }),
    );
    expect(JSON.parse(await obj.Body!.transformToString())).toEqual({ [STALE]: 2 * PASSES });
  }
  // Every re-plan followed a lost conditional write (the active list's rewrites can lose races too, and
  // are retried on their own).
  const lost = (await sb.requests({ operation: 'PutObject' })).filter(
    (r) => r.status === 412 || r.status === 409,
  );
  expect(lost.length).toBeGreaterThanOrEqual(results[0]!.writeRetries + results[1]!.writeRetries);
}, 300_000);
