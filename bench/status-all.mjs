// `rails status --all`: AWS calls and wall time for accounts of 1, 4 and 12 tagged rails (one service
// each) in the sandbox, with 50 ms of latency injected per call. The rails are read four at a time, so
// 12 rails cost about three one-rail reads, not twelve.
// Floors: 12 rails take at most 5x the wall time of 1; one GetResources page per 100 resources.
import { SandboxControl, startSandbox } from 'rails-sandbox';
import { importTs } from './lib/import-ts.mjs';

// The rail fixture and CLI runner of the status tests (TypeScript), bundled for this process.
const m = await importTs('status-all-bench-entry', {
  'test/helpers/rail-fixture.ts': ['layRail', 'waitHealthy'],
  'test/helpers/cli.ts': ['runCli', 'stdoutJson'],
  'test/helpers/sdk.ts': ['sdkClients'],
});

const LATENCY_MS = 50;
const RUNS = Number(process.env.BENCH_RUNS ?? 3);

const running = await startSandbox({
  port: 0,
  settings: { healthCheckMs: 50, taskStepMs: 20, provisionMs: 50 },
});
const endpoint = running.endpoint;
const sdk = m.sdkClients(endpoint);
const control = new SandboxControl(endpoint, running.controlToken);

let laid = 0;
/** Lays tagged rails until there are `n`, each with one service; waits until every target is healthy. */
async function layRails(n) {
  const rails = [];
  for (; laid < n; laid++) {
    const stage = `fleet${laid}`;
    rails.push(
      await m.layRail(sdk, {
        stage,
        tagged: true,
        services: [{ name: `svc${laid}`, paths: [`/svc${laid}/*`] }],
      }),
    );
  }
  await m.waitHealthy(
    sdk,
    rails.flatMap((r) => [...r.nlbTargetGroups, ...Object.values(r.serviceGroups).flat()]),
    60_000,
  );
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function measure() {
  const times = [];
  let calls;
  let rails;
  for (let i = 0; i < RUNS; i++) {
    await control.clearFaults();
    await control.resetRequests();
    await control.latency({ ms: LATENCY_MS });
    const started = performance.now();
    const r = await m.runCli(['status', '--all', '--json'], { endpoint });
    times.push(performance.now() - started);
    rails = m.stdoutJson(r.stdout);
    if (!rails) throw new Error(`status --all printed no JSON (exit ${r.code}): ${r.stderr}`);
    calls = await control.requests();
  }
  await control.clearFaults();
  const tagging = calls.filter((c) => c.operation === 'GetResources').length;
  return {
    ms: median(times),
    calls: calls.length,
    tagging,
    rails: rails.length,
    ok: rails.filter((r) => r.verdict === 'ok').length,
  };
}

const sizes = [1, 4, 12];
const results = {};
for (const n of sizes) {
  await layRails(n);
  const r = await measure();
  results[n] = r;
  console.log(
    `status --all, ${String(n).padStart(2)} rails: ${r.ms.toFixed(0)} ms wall (median of ${RUNS}), ${r.calls} AWS calls (${r.tagging} GetResources), ${r.ok}/${r.rails} ok, ${LATENCY_MS} ms latency per call`,
  );
}
const ratio = results[12].ms / results[1].ms;
const pagesOk = sizes.every((n) => results[n].tagging === 1 && results[n].rails === n);
console.log(`ratio 12/1 rails: ${ratio.toFixed(2)} (floor <= 5.00); one GetResources page each: ${pagesOk}`);
if (ratio > 5 || !pagesOk) process.exitCode = 1;
for (const c of Object.values(sdk)) c.destroy();
await running.stop();
