// `rails route trace` through API Gateway: sequential rounds and AWS calls of a trace that starts at
// the custom domain (REST API over a VPC link v1, the example rail), next to the same URL traced from
// the NLB (`--from nlb`, the trace without the API hop). Rounds are measured the way a user would feel
// them against real AWS: wall time with 400 ms injected per call, less wall time with none, over 400;
// and, independently, as the longest chain of calls in the sandbox's request log.
// Floor: the API hop adds no round (its reads run beside the load balancers').
import { SandboxControl, startSandbox } from 'rails-sandbox';
import { callChain, median } from './lib/call-chain.mjs';
import { importTs } from './lib/import-ts.mjs';

const m = await importTs('trace-bench-entry', {
  'test/rail/helpers.ts': ['exampleRail', 'railDir'],
  'test/helpers/cli.ts': ['runCli'],
});

const LATENCY_MS = 400;
const RUNS = Number(process.env.BENCH_RUNS ?? 3);

const running = await startSandbox({
  port: 0,
  settings: { provisionMs: 50, healthCheckMs: 50, taskStepMs: 50, vpcLinkProvisionMs: 200 },
});
const endpoint = running.endpoint;
const control = new SandboxControl(endpoint, running.controlToken);

const dir = m.railDir(m.exampleRail((r) => (r.apiGateway = { vpcLink: 'v1', domainName: 'api.abq.com' })));
const up = await m.runCli(['up'], { cwd: dir, endpoint, timeoutMs: 200_000 });
if (up.code !== 0) throw new Error(`rails up exited ${up.code}: ${up.stderr}`);

async function traceOnce(args, latency) {
  await control.resetRequests();
  await control.latency({ ms: latency });
  const started = performance.now();
  const r = await m.runCli(['route', 'trace', ...args, '--json'], { cwd: dir, endpoint, timeoutMs: 120_000 });
  const ms = performance.now() - started;
  if (r.code !== 0) throw new Error(`route trace exited ${r.code}: ${r.stdout}\n${r.stderr}`);
  // The CLI's calls only: the scheduled sync Lambda signs with its role's session keys (ASIA…).
  const calls = (await control.requests()).filter((q) => !q.accessKeyId?.startsWith('ASIA'));
  await control.latency({ ms: 0 });
  return { ms, calls };
}

async function measure(label, args) {
  const at0 = [];
  const atLatency = [];
  const chains = [];
  let calls = [];
  for (let i = 0; i < RUNS; i++) {
    at0.push((await traceOnce(args, 0)).ms);
    const slow = await traceOnce(args, LATENCY_MS);
    atLatency.push(slow.ms);
    chains.push(callChain(slow.calls));
    calls = slow.calls;
  }
  const rounds = (median(atLatency) - median(at0)) / LATENCY_MS;
  const byOp = {};
  for (const c of calls) byOp[c.operation] = (byOp[c.operation] ?? 0) + 1;
  console.log(
    `${label}: ${median(at0).toFixed(0)} ms wall at 0 ms, ${median(atLatency).toFixed(0)} ms at ${LATENCY_MS} ms per call: ${rounds.toFixed(2)} rounds (request log: ${median(chains)}), ${calls.length} AWS calls`,
  );
  return { rounds, chain: median(chains), byOp };
}

const url = 'https://api.abq.com/ice-station-zebra/hello';
const fromNlb = await measure('trace --from nlb (no API hop)', [url, '--from', 'nlb']);
const fromApi = await measure('trace via the custom domain   ', [url]);
const apiOps = Object.keys(fromApi.byOp).filter((op) => fromApi.byOp[op] > (fromNlb.byOp[op] ?? 0));
console.log(
  `calls of trace --from nlb: ${Object.entries(fromNlb.byOp)
    .map(([op, n]) => `${op} ${n}`)
    .join(', ')}`,
);
console.log(
  `API Gateway calls of the API hop: ${apiOps.map((op) => `${op} ${fromApi.byOp[op] - (fromNlb.byOp[op] ?? 0)}`).join(', ')}`,
);
const added = Math.round(fromApi.rounds - fromNlb.rounds);
console.log(
  `rounds added by the API hop: ${added} by wall time, ${fromApi.chain - fromNlb.chain} by the request log (floor: 0)`,
);
if (added > 0 || fromApi.chain > fromNlb.chain) process.exitCode = 1;
await running.stop();
