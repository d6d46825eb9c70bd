// `rails sync-ips` in the sandbox: AWS calls per pass per target group by operation, pass latency with
// 2 target groups and 8, 50 and 200 ALB IPs, and the time from a rotation to the new IPs registered
// (CLI loop; scheduled Lambda under time scale 60).
// Floor: per pass per target group <= 1 DescribeTargetHealth + <= 1 RegisterTargets + <= 1 DeregisterTargets
// + 1 state read + 1 state write, plus 1 source call (eni) and 1 PutMetricData per pass.
// Build first (`npm run build`): the Lambda runs dist/lambda/sync-lambda.js.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { SandboxControl, startSandbox } from 'rails-sandbox';
import { importTs, root } from './lib/import-ts.mjs';

const bin = join(root, 'bin/rails.js');

// The engine, the deploy and the test fixture are TypeScript: bundled once for this process.
const m = await importTs('sync-bench-entry', {
  'src/lib/aws/clients.ts': ['AwsClients'],
  'src/lib/sync/discover.ts': ['discoverSyncRail'],
  'src/lib/sync/sync-pass.ts': ['runSyncPass'],
  'src/lib/rail/sync-runner/deploy.ts': ['ensureSyncRunner'],
  'src/lib/config/load.ts': ['parseRailConfig'],
  'test/sync/sync-fixture.ts': ['laySyncRail'],
  'test/helpers/rail-fixture.ts': ['albIps', 'liveTargets'],
  'test/helpers/sdk.ts': ['sdkClients'],
});
const { readFileSync } = await import('node:fs');

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const sb = await startSandbox({ port: 0, settings: { provisionMs: 20, healthCheckMs: 50 } });
const sdk = m.sdkClients(sb.endpoint);
const control = new SandboxControl(sb.endpoint, sb.controlToken);

const f = await m.laySyncRail(sdk, 'bench');
await sleep(50);
const aws = new m.AwsClients({
  region: 'us-east-1',
  endpoint: sb.endpoint,
  credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' },
  userAgent: 'rails-bench',
});
const rail = await m.discoverSyncRail(aws, f.stage);
const settings = {
  bucket: f.bucket,
  source: 'eni',
  maxLookups: 50,
  missesBeforeDeregister: 3,
  dryRun: false,
};
let failedFloor = false;

async function measuredPass(label) {
  await control.resetRequests();
  const report = await m.runSyncPass(aws, rail, settings);
  const ops = {};
  for (const r of await control.requests()) ops[r.operation] = (ops[r.operation] ?? 0) + 1;
  if (!report.ok)
    throw new Error(`${label}: pass failed ${JSON.stringify(report.targetGroups.map((t) => t.errors))}`);
  return { report, ops };
}

function checkFloor(ops, tgs, ipsChanged) {
  const per = (op) => (ops[op] ?? 0) / tgs;
  const ok =
    per('DescribeTargetHealth') <= 1 &&
    per('RegisterTargets') <= 1 &&
    per('DeregisterTargets') <= 1 &&
    per('GetObject') <= 1 &&
    (ops.DescribeNetworkInterfaces ?? 0) <= 1 &&
    (ops.PutMetricData ?? 0) === 1;
  // State writes: 1 PutObject per target group (the counters); the active list is rewritten (+1
  // PutObject) only in a pass where the ALB's IPs changed.
  const stateWrites = per('PutObject') - (ipsChanged ? 1 : 0);
  return ok && per('HeadObject') === 0 && stateWrites <= 1;
}

// The first pass ever also looks for the original Lambda's files (2 more GetObject per target group).
const first = await measuredPass('first pass');
console.log(
  `first pass ever (state not yet written): ${Object.entries(first.ops)
    .sort()
    .map(([op, n]) => `${op} ${n}`)
    .join(', ')}`,
);
console.log('AWS calls per pass (2 NLB target groups), by operation:');
const rows = [];
for (const ips of [8, 50, 200]) {
  const now = (await m.albIps(sdk, f)).length;
  if (ips > now) await control.rotateIps(f.albName, { add: ips - now });
  const grow = await measuredPass(`${ips} IPs, registering`);
  await sleep(100);
  const steady = await measuredPass(`${ips} IPs, steady`);
  for (const [kind, { report, ops }] of [
    ['registering', grow],
    ['steady', steady],
  ]) {
    const floor = checkFloor(ops, rail.targetGroups.length, kind === 'registering');
    if (!floor) failedFloor = true;
    rows.push({ ips: report.ips.length, kind, ms: report.durationMs, ops, floor });
  }
}
console.log(
  '  (a pass after the ALB IPs changed also rewrites the active list: +1 PutObject per target group)',
);
for (const r of rows) {
  const ops = Object.entries(r.ops)
    .sort()
    .map(([op, n]) => `${op} ${n}`)
    .join(', ');
  console.log(
    `  ${String(r.ips).padStart(3)} ALB IPs, ${r.kind.padEnd(11)} pass ${String(r.ms).padStart(5)} ms  ${ops}  floor ${r.floor ? 'ok' : 'MISSED'}`,
  );
}

// Rotation -> new IPs registered, CLI loop (`rails sync-ips --interval 1`).
async function untilRegistered(after, limitMs) {
  const started = Date.now();
  while (Date.now() - started < limitMs) {
    const live = await m.liveTargets(sdk, f.tg443);
    if (after.every((ip) => live.includes(ip))) return Date.now() - started;
    await sleep(50);
  }
  return undefined;
}

const loop = spawn(process.execPath, [bin, 'sync-ips', '--interval', '1', '--json'], {
  cwd: f.dir,
  env: {
    ...process.env,
    AWS_ENDPOINT_URL: sb.endpoint,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'bench',
    AWS_SECRET_ACCESS_KEY: 'bench',
    AWS_CONFIG_FILE: '/dev/null',
    AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
  },
  stdio: ['ignore', 'pipe', 'pipe'],
});
let passes = 0;
loop.stdout.on('data', (d) => {
  passes += String(d).split('\n').filter(Boolean).length;
});
while (passes === 0) await sleep(50);
const rotated = await control.rotateIps(f.albName, { replace: 'all' });
const cliMs = await untilRegistered(rotated.after, 30_000);
loop.kill('SIGINT');
const loopExit = await new Promise((r) => loop.on('close', (code) => r(code)));
console.log(
  `rotation -> new IPs registered, CLI loop (--interval 1): ${cliMs ?? 'not within 30 s'} ms (loop exit on SIGINT: ${loopExit})`,
);

// Rotation -> new IPs registered, scheduled Lambda (rate(1 minute) at time scale 60: every real second).
const text = readFileSync(f.configFile, 'utf8').replace('sync:\n', 'sync:\n  runner: lambda\n');
await m.ensureSyncRunner(aws, m.parseRailConfig(text, f.configFile), { dryRun: false, report: () => {} });
await control.settings({ timeScale: 60 });
await sleep(3000); // the first scheduled runs (cold start) catch up with the earlier rotation
const rotated2 = await control.rotateIps(f.albName, { replace: 'all' });
const lambdaMs = await untilRegistered(rotated2.after, 60_000);
console.log(
  `rotation -> new IPs registered, scheduled Lambda (time scale 60, runs every real second): ${lambdaMs ?? 'not within 60 s'} ms`,
);
await control.settings({ timeScale: 1 });

await aws.destroy();
for (const c of Object.values(sdk)) c.destroy();
await sb.stop();
if (failedFloor || cliMs === undefined || lambdaMs === undefined) {
  console.log('sync bench: below its floor');
  process.exitCode = 1;
} else console.log('sync bench: floors met');
