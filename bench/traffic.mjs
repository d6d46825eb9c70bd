// The data plane's traffic generator: the example rail in an in-process sandbox, 100 req/s, the clock
// advanced one hour and simulated in one go (requests routed; metrics, access-log lines and container
// lines written); then the sandbox's API throughput (DescribeLoadBalancers calls/s) without traffic
// and with 100 req/s running at time scale 60.
// Floors: the simulated hour takes at most 5 s wall; throughput with traffic is at least 0.9 of it
// without.
import {
  DescribeLoadBalancersCommand,
  ElasticLoadBalancingV2Client,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { SandboxControl, startSandbox } from 'rails-sandbox';
import { importTs } from './lib/import-ts.mjs';
import { sandboxClientConfig } from './lib/sdk-config.mjs';

const m = await importTs('traffic-bench-entry', {
  'test/helpers/cli.ts': ['runCli'],
  'test/rail/helpers.ts': ['FAST', 'exampleRail', 'railDir'],
});
const sandbox = await startSandbox({ port: 0, settings: m.FAST });
const control = new SandboxControl(sandbox.endpoint, sandbox.controlToken);
const elbv2 = new ElasticLoadBalancingV2Client(sandboxClientConfig(sandbox.endpoint));
const RPS = 100;
const URL = 'https://api.abq.com/ice-station-zebra/orders';
const MEASURE_MS = Number(process.env.BENCH_MEASURE_MS ?? 3000);

const up = await m.runCli(['up', '--quiet'], {
  cwd: m.railDir(m.exampleRail()),
  endpoint: sandbox.endpoint,
  timeoutMs: 600_000,
});
if (up.code !== 0) throw new Error(`rails up failed (${up.code}):\n${up.stderr}`);

/** DescribeLoadBalancers calls per real second, 4 callers at a time, over MEASURE_MS. */
async function throughput() {
  let calls = 0;
  const until = performance.now() + MEASURE_MS;
  const caller = async () => {
    while (performance.now() < until) {
      await elbv2.send(new DescribeLoadBalancersCommand({}));
      calls++;
    }
  };
  const started = performance.now();
  await Promise.all([caller(), caller(), caller(), caller()]);
  return calls / ((performance.now() - started) / 1000);
}

// One hour of traffic simulated at once: the generator's catch-up bound.
const source = await control.startTraffic({ urls: [URL], entry: 'dev-nlb', rps: RPS });
const started = performance.now();
await control.advanceClock(60 * 60_000);
const wallS = (performance.now() - started) / 1000;
const sent = (await control.traffic()).traffic.find((t) => t.id === source.id)?.sent ?? 0;
await control.stopTraffic();

const quiet = await throughput();
await control.settings({ timeScale: 60 });
await control.startTraffic({ urls: [URL], entry: 'dev-nlb', rps: RPS });
await throughput(); // warm: the first catch-up after the scale change
const busy = await throughput();
await control.stopTraffic();
const errors = (await control.info()).errors ?? [];

const ratio = busy / quiet;
console.log(`one sandbox hour at ${RPS} req/s: ${sent} requests simulated in ${wallS.toFixed(2)} s wall`);
console.log(
  `DescribeLoadBalancers/s: ${quiet.toFixed(0)} without traffic, ${busy.toFixed(0)} with ${RPS} req/s at time scale 60 (ratio ${ratio.toFixed(2)})`,
);
if (errors.length) console.log(`sandbox errors: ${errors.length}; first: ${errors[0].split('\n')[0]}`);

elbv2.destroy();
await sandbox.stop();
const misses = [];
if (sent < RPS * 3600 * 0.99) misses.push(`only ${sent} of ${RPS * 3600} requests simulated`);
if (wallS > 5) misses.push(`the simulated hour took ${wallS.toFixed(2)} s (floor 5 s)`);
if (ratio < 0.9) misses.push(`throughput ratio ${ratio.toFixed(2)} (floor 0.9)`);
if (errors.length) misses.push('the sandbox recorded errors');
if (misses.length) {
  console.log(`below the floor: ${misses.join('; ')}`);
  process.exitCode = 1;
}
