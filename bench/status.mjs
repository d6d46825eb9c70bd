// `rails status`: AWS calls and wall time for rails of 1, 10 and 50 services in the sandbox, with 50 ms
// of latency injected per call, and the example rail without latency.
// Floors: the 50-service status takes at most 2x the 1-service one; per operation, calls grow no faster
// than AWS's batch limits force (one DescribeTargetHealth per target group, 10 services per
// DescribeServices, 20 ARNs per DescribeTags, 100 tasks per DescribeTasks); the example rail's status
// finishes in under 1 s wall, process start included. Signals: the 50-service rail's GetMetricData
// takes at most 2 calls, and reading them adds no sequential round (compared with --no-signals).
// API Gateway: the example rail with `apiGateway` (REST over a v1 link, a custom domain) takes no
// more sequential rounds than the same rail read without it, at 400 ms per call.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SandboxControl, startSandbox } from 'rails-sandbox';
import { callChain, median } from './lib/call-chain.mjs';
import { importTs, root } from './lib/import-ts.mjs';

// The rail, rail.yaml and CLI runner of the status tests (TypeScript), bundled for this process.
const m = await importTs('status-bench-entry', {
  'test/helpers/rail-fixture.ts': ['layRail', 'waitHealthy'],
  'test/status/status-cli.ts': ['railYaml', 'runStatusJson'],
  'test/helpers/cli.ts': ['runCli'],
  'test/helpers/sdk.ts': ['sdkClients'],
});

const LATENCY_MS = 50;
const RUNS = Number(process.env.BENCH_RUNS ?? 3);

const running = await startSandbox({
  port: 0,
  settings: { healthCheckMs: 50, taskStepMs: 20, provisionMs: 50, vpcLinkProvisionMs: 200 },
});
const endpoint = running.endpoint;
const sdk = m.sdkClients(endpoint);
const control = new SandboxControl(endpoint, running.controlToken);

/** Lays a tagged rail with these services (one target group each) in its own cluster; waits until healthy. */
async function layRail(stage, services, cluster) {
  const rail = await m.layRail(sdk, {
    stage,
    tagged: true,
    cluster,
    services: services.map((name) => ({ name })),
  });
  // Every target healthy, so each status run sees the same steady rail.
  await m.waitHealthy(sdk, [...rail.nlbTargetGroups, ...Object.values(rail.serviceGroups).flat()], 60_000);
}

/** `rails status --json` with rail.yaml at `configFile`: wall time, exit code and the parsed report. */
async function runStatus(configFile, extra = []) {
  const started = performance.now();
  const r = await m.runStatusJson(endpoint, ['--config', configFile, ...extra]);
  const ms = performance.now() - started;
  if (!r.report) throw new Error(`status printed no JSON (exit ${r.code}): ${r.stderr}`);
  return { ms, code: r.code, report: r.report };
}

async function measure(configFile, latency, extra = []) {
  const times = [];
  const depths = [];
  let calls;
  let last;
  for (let i = 0; i < RUNS; i++) {
    await control.clearFaults();
    await control.resetRequests();
    if (latency) await control.latency({ ms: latency });
    const r = await runStatus(configFile, extra);
    times.push(r.ms);
    last = r;
    calls = await control.requests();
    depths.push(callChain(calls));
  }
  await control.clearFaults();
  const byOp = {};
  for (const c of calls) byOp[c.operation] = (byOp[c.operation] ?? 0) + 1;
  return {
    ms: median(times),
    rounds: median(depths),
    calls: calls.length,
    byOp,
    verdict: last.report.verdict,
    code: last.code,
    report: last.report,
  };
}

const sizes = [1, 10, 50];
const results = {};
const files = {};
for (const n of sizes) {
  const stage = `bench${n}`;
  const cluster = `bench-${n}`;
  const services = Array.from({ length: n }, (_, i) => `s${n}x${i}`);
  await layRail(stage, services, cluster);
  const file = join(m.railYaml(stage, services, [], cluster), 'rail.yaml');
  files[n] = file;
  results[n] = await measure(file, LATENCY_MS);
  const r = results[n];
  console.log(
    `status ${String(n).padStart(2)} services: ${r.ms.toFixed(0)} ms wall (median of ${RUNS}), ${r.calls} AWS calls, verdict ${r.verdict} (exit ${r.code}), ${LATENCY_MS} ms latency per call`,
  );
}
const ops = [...new Set(sizes.flatMap((n) => Object.keys(results[n].byOp)))].sort();
console.log(`calls per operation (1 / 10 / 50 services):`);
for (const op of ops)
  console.log(
    `  ${op.padEnd(26)} ${sizes.map((n) => String(results[n].byOp[op] ?? 0).padStart(3)).join(' / ')}`,
  );

// Signals: GetMetricData calls for 50 services, and the rounds and wall time they add (none expected:
// the batch starts with the target group ARNs, alongside the rules and target health).
const withSignals = results[50];
const withoutSignals = await measure(files[50], LATENCY_MS, ['--no-signals']);
const metricCalls = withSignals.byOp.GetMetricData ?? 0;
const signalRatio = withSignals.ms / withoutSignals.ms;
console.log(
  `signals, 50 services: ${metricCalls} GetMetricData call(s) for ${withSignals.report.signals?.queries ?? 0} metrics (floor <= 2); ` +
    `rounds ${withSignals.rounds} with signals, ${withoutSignals.rounds} with --no-signals (floor: no more); ` +
    `wall ${withSignals.ms.toFixed(0)} ms vs ${withoutSignals.ms.toFixed(0)} ms: ratio ${signalRatio.toFixed(2)}`,
);
const signalFailures = [];
if (metricCalls > 2 || metricCalls < 1) signalFailures.push(`${metricCalls} GetMetricData calls`);
if (withSignals.rounds > withoutSignals.rounds)
  signalFailures.push(`signals add ${withSignals.rounds - withoutSignals.rounds} sequential round(s)`);

// What the batch limits force between 1 and 50 services (one target group per service).
const ceil = Math.ceil;
const allowedGrowth = {
  DescribeTargetHealth: 50 - 1,
  DescribeServices: ceil(50 / 10) - ceil(1 / 10),
  DescribeTags: ceil((50 + 2) / 20) - ceil((1 + 2) / 20),
  DescribeTasks: ceil(50 / 100) - ceil(1 / 100),
  // 500 queries per call: 50 services' ~10 metrics each fit one call, two at most.
  GetMetricData: 1,
};
const failures = [];
for (const op of ops) {
  const growth = (results[50].byOp[op] ?? 0) - (results[1].byOp[op] ?? 0);
  if (growth > (allowedGrowth[op] ?? 0))
    failures.push(`${op} grew by ${growth} (allowed ${allowedGrowth[op] ?? 0})`);
}
const ratio = results[50].ms / results[1].ms;
console.log(
  `ratio 50/1 services: ${ratio.toFixed(2)} (floor <= 2.00); call growth ${failures.length ? `too fast: ${failures.join('; ')}` : 'within batch limits'}`,
);

// The example rail (examples/rail.yaml: stage dev, ice-station-zebra blue/green, two tasks), laid by
// `rails up` and synced once by `rails sync-ips --once`; then status with no injected latency.
for (const args of [
  ['up', '--yes', '--config', join(root, 'examples/rail.yaml')],
  ['sync-ips', '--once', '--config', join(root, 'examples/rail.yaml')],
]) {
  const r = await m.runCli(args, { endpoint, timeoutMs: 200_000 });
  if (r.code !== 0) throw new Error(`rails ${args[0]} exited ${r.code}: ${r.stderr}`);
}
const example = await measure(join(root, 'examples/rail.yaml'), 0);
console.log(
  `status of the example rail, no injected latency: ${example.ms.toFixed(0)} ms wall including process start (floor < 1000), ${example.calls} AWS calls, verdict ${example.verdict}`,
);

console.log(
  `signals floors: ${signalFailures.length ? `not met: ${signalFailures.join('; ')}` : 'met (<= 2 GetMetricData calls, no added round)'}`,
);

// The API Gateway hop: one rail laid with apiGateway, read through a rail.yaml with it and one without.
const API_LATENCY_MS = 400;
const exampleYaml = readFileSync(join(root, 'examples/rail.yaml'), 'utf8')
  .replace(/^stage: dev$/m, 'stage: gate')
  .replace(/^ {2}runner: lambda$/m, '  runner: none');
const railFile = (text) => {
  const file = join(mkdtempSync(join(tmpdir(), 'rails-bench-api-')), 'rail.yaml');
  writeFileSync(file, text);
  return file;
};
const withApi = railFile(`${exampleYaml}apiGateway:\n  vpcLink: v1\n  domainName: api.abq.com\n`);
const withoutApi = railFile(exampleYaml);
const laid = await m.runCli(['up', '--yes', '--config', withApi], { endpoint, timeoutMs: 200_000 });
if (laid.code !== 0) throw new Error(`rails up (apiGateway) exited ${laid.code}: ${laid.stderr}`);
const apiRuns = {};
for (const [name, file] of [
  ['with apiGateway', withApi],
  ['without', withoutApi],
])
  apiRuns[name] = {
    fast: await measure(file, 0),
    slow: await measure(file, API_LATENCY_MS),
  };
const apiOps = Object.entries(apiRuns['with apiGateway'].slow.byOp).filter(
  ([op]) =>
    !(op in apiRuns.without.slow.byOp) ||
    apiRuns.without.slow.byOp[op] !== apiRuns['with apiGateway'].slow.byOp[op],
);
console.log(
  `API hop: ${apiOps.map(([op, n]) => `${op} ${n - (apiRuns.without.slow.byOp[op] ?? 0)}`).join(', ')} ` +
    `(verdict ${apiRuns['with apiGateway'].slow.report.api?.verdict}, metrics ${apiRuns['with apiGateway'].slow.report.signals?.queries} vs ${apiRuns.without.slow.report.signals?.queries} in ${apiRuns['with apiGateway'].slow.byOp.GetMetricData} GetMetricData call)`,
);
const apiRounds = {};
for (const [name, r] of Object.entries(apiRuns)) {
  apiRounds[name] = (r.slow.ms - r.fast.ms) / API_LATENCY_MS;
  console.log(
    `status ${name.padEnd(15)}: ${r.slow.calls} calls, wall ${r.fast.ms.toFixed(0)} ms at 0 ms, ${r.slow.ms.toFixed(0)} ms at ${API_LATENCY_MS} ms per call: ` +
      `rounds ${apiRounds[name].toFixed(2)} by wall, ${r.slow.rounds} in the request log`,
  );
}
const apiAdds = apiRuns['with apiGateway'].slow.rounds - apiRuns.without.slow.rounds;
console.log(
  `API hop floor: ${apiAdds > 0 ? `not met: ${apiAdds} added round(s)` : 'met (no added sequential round)'}`,
);

if (ratio > 2 || failures.length || signalFailures.length || example.ms >= 1000 || apiAdds > 0)
  process.exitCode = 1;
for (const c of Object.values(sdk)) c.destroy();
await running.stop();
