// Sandbox throughput and start time. Run after `npm run build`.
// The sandbox runs in its own process (one thread, so one core at most); the client drives it over
// keep-alive from this process. Figures: calls/s of wall time, and calls per CPU-second the sandbox
// process used — the one-core figure that holds when other work shares the machine's cores.
// Floors: DescribeLoadBalancers and DescribeTargetHealth >= 1,000 calls/s on one core;
// in-process start (seeded, no state file) <= 300 ms median.
import { spawn, spawnSync } from 'node:child_process';
import { Agent, request } from 'node:http';
import { fileURLToPath } from 'node:url';

const dist = fileURLToPath(new URL('../dist/index.js', import.meta.url));
const seconds = Number(process.env.BENCH_SECONDS ?? 3);
const inFlight = Number(process.env.BENCH_CONCURRENCY ?? 8);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

// In-process start as `--sandbox` pays it: a fresh process imports the sandbox and starts it (seeded,
// no state file). Warm restarts in one process are reported apart. A bare `node -e 0` is timed too,
// interleaved, so a loaded machine shows up in the figures instead of hiding in them.
function freshStart() {
  const code = `const t = performance.now(); const m = await import(${JSON.stringify(dist)});
    const sb = await m.startSandbox({ port: 0 }); const ms = performance.now() - t;
    const w = []; for (let i = 0; i < 5; i++) { const t2 = performance.now(); const s2 = await m.startSandbox({ port: 0 }); w.push(performance.now() - t2); await s2.stop(); }
    await sb.stop(); console.log(JSON.stringify({ ms, warm: w }));`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', code], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`sandbox start failed: ${r.stderr}`);
  return JSON.parse(r.stdout);
}
function bareNode() {
  const t = performance.now();
  spawnSync(process.execPath, ['-e', '0']);
  return performance.now() - t;
}
const fresh = [];
const warm = [];
const bare = [];
for (let i = 0; i < 7; i++) {
  const f = freshStart();
  fresh.push(f.ms);
  warm.push(...f.warm);
  bare.push(bareNode());
}

const server = spawn(
  process.execPath,
  [
    '--input-type=module',
    '-e',
    `const { startSandbox } = await import(${JSON.stringify(dist)});
     const sb = await startSandbox({ port: 0, settings: { provisionMs: 0, healthCheckMs: 0 } });
     console.log(JSON.stringify({ endpoint: sb.endpoint, token: sb.controlToken }));
     process.stdin.on('end', () => sb.stop().then(() => process.exit(0)));
     process.stdin.resume();`,
  ],
  { stdio: ['pipe', 'pipe', 'inherit'] },
);
const { endpoint, token } = await new Promise((resolve) =>
  server.stdout.once('data', (d) => resolve(JSON.parse(String(d)))),
);
const { port } = new URL(endpoint);
const info = async () => JSON.parse(await get('/_sandbox/info'));
function get(path) {
  return new Promise((resolve, reject) => {
    // The control API needs the sandbox's token.
    request({ host: '127.0.0.1', port, path, headers: { 'x-rails-sandbox-token': token } }, (res) => {
      let text = '';
      res.on('data', (c) => {
        text += c;
      });
      res.on('end', () => resolve(text));
    })
      .on('error', reject)
      .end();
  });
}
const agent = new Agent({ keepAlive: true, maxSockets: inFlight });
const auth =
  'AWS4-HMAC-SHA256 Credential=bench/20260101/us-east-1/elasticloadbalancing/aws4_request, SignedHeaders=host, Signature=0';

function call(params) {
  const body = new URLSearchParams({ Version: '2015-12-01', ...params }).toString();
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: '/',
        agent,
        headers: {
          'content-type': 'application/x-www-form-urlencoded; charset=utf-8',
          'content-length': Buffer.byteLength(body),
          authorization: auth,
        },
      },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString();
          if (res.statusCode !== 200) reject(new Error(`${params.Action}: ${res.statusCode} ${text}`));
          else resolve(text);
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const pick = (xml, tag) => new RegExp(`<${tag}>([^<]+)</${tag}>`).exec(xml)?.[1];

// A load balancer and a target group with targets, as rails would make them.
const state = JSON.parse(await get('/_sandbox/state')).state;
const subnets = state.ec2.subnets.map((s) => s.subnetId);
const vpcId = state.ec2.vpcs[0].vpcId;
const lbXml = await call({
  Action: 'CreateLoadBalancer',
  Name: 'bench-alb',
  Type: 'application',
  Scheme: 'internal',
  ...Object.fromEntries(subnets.map((s, i) => [`Subnets.member.${i + 1}`, s])),
});
const lbArn = pick(lbXml, 'LoadBalancerArn');
const tgArn = pick(
  await call({
    Action: 'CreateTargetGroup',
    Name: 'bench-tg',
    Protocol: 'HTTP',
    Port: '8080',
    VpcId: vpcId,
    TargetType: 'ip',
  }),
  'TargetGroupArn',
);
await call({
  Action: 'CreateListener',
  LoadBalancerArn: lbArn,
  Protocol: 'HTTP',
  Port: '80',
  'DefaultActions.member.1.Type': 'forward',
  'DefaultActions.member.1.TargetGroupArn': tgArn,
});
await call({
  Action: 'RegisterTargets',
  TargetGroupArn: tgArn,
  ...Object.fromEntries(
    [10, 11, 12, 13].flatMap((h, i) => [
      [`Targets.member.${i + 1}.Id`, `10.0.1.${h}`],
      [`Targets.member.${i + 1}.Port`, '8080'],
    ]),
  ),
});

async function measure(params) {
  for (let i = 0; i < 200; i++) await call(params); // warm up
  let count = 0;
  const before = (await info()).process;
  const end = performance.now() + seconds * 1000;
  const worker = async () => {
    while (performance.now() < end) {
      await call(params);
      count++;
    }
  };
  const t = performance.now();
  await Promise.all(Array.from({ length: inFlight }, worker));
  const elapsed = (performance.now() - t) / 1000;
  const after = (await info()).process;
  const cpuSeconds = (after.cpuUserMs + after.cpuSystemMs - before.cpuUserMs - before.cpuSystemMs) / 1000;
  return {
    count,
    perSecond: count / elapsed,
    perCpuSecond: count / cpuSeconds,
    cpuShare: cpuSeconds / elapsed,
  };
}

const results = [];
for (const [name, params] of [
  ['DescribeLoadBalancers', { Action: 'DescribeLoadBalancers' }],
  ['DescribeTargetHealth', { Action: 'DescribeTargetHealth', TargetGroupArn: tgArn }],
]) {
  const r = await measure(params);
  results.push({ name, ...r });
  console.log(
    `sandbox: ${name} ${Math.round(r.perSecond)} calls/s wall, ${Math.round(r.perCpuSecond)} calls per CPU-second ` +
      `(${r.count} calls in ${seconds} s, ${inFlight} in flight, keep-alive, sandbox process got ${(r.cpuShare * 100).toFixed(0)}% of a core; floor >= 1000 per core)`,
  );
}
agent.destroy();
server.stdin.end();
await new Promise((resolve) => server.once('exit', resolve));
const startMedian = median(fresh);
console.log(
  `sandbox: in-process start (fresh process: import + seeded start) median ${startMedian.toFixed(1)} ms over ${fresh.length} runs; ` +
    `warm restart median ${median(warm).toFixed(1)} ms; bare \`node -e 0\` process median ${median(bare).toFixed(1)} ms for scale (floor <= 300)`,
);
if (results.some((r) => r.perCpuSecond < 1000) || startMedian > 300) process.exitCode = 1;
