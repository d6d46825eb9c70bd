// `rails up` in the sandbox: AWS calls by operation and in total, and wall time (process included),
// for a fresh up of the example, a second up, and rails of 10 and 50 services (fresh and second).
// Floors: a second up makes 0 mutating calls; its read calls grow with services no faster than AWS's
// batch limits force (one DescribeTargetGroupAttributes per target group, 20 ARNs per DescribeTags,
// 10 services per DescribeServices); a fresh `up --no-wait` of the example takes under 5 s.
// With the front door (apiGateway: REST over v1 and v2 → ALB, HTTP API), the API hop's calls are
// printed apart, and its second up too makes 0 mutating calls.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SandboxControl, startSandbox } from 'rails-sandbox';
import { parse } from 'yaml';
import { importTs, root } from './lib/import-ts.mjs';

// The rail tests' CLI runner, rail.yaml writer and sandbox speeds (TypeScript), bundled for this process.
const m = await importTs('up-bench-entry', {
  'test/helpers/cli.ts': ['runCli'],
  'test/rail/helpers.ts': ['FAST', 'railDir'],
});
const sandbox = await startSandbox({ port: 0, settings: m.FAST });
const control = new SandboxControl(sandbox.endpoint, sandbox.controlToken);

const example = parse(readFileSync(join(root, 'examples/rail.yaml'), 'utf8'));
delete example.$schema;

function railOf(n) {
  const r = structuredClone(example);
  r.sync.runner = 'none';
  r.services = Array.from({ length: n }, (_, i) => ({
    ...structuredClone(example.services[0]),
    name: `svc-${String(i).padStart(2, '0')}`,
    paths: [`/svc-${i}/*`],
    blueGreen: false,
    desiredCount: 1,
  }));
  return r;
}

function up(raw) {
  const dir = m.railDir(raw);
  return async () => {
    await control.resetRequests();
    const started = performance.now();
    // Asynchronous: the sandbox answers from this very process.
    const r = await m.runCli(['up', '--no-wait', '--quiet'], {
      cwd: dir,
      endpoint: sandbox.endpoint,
      timeoutMs: 600_000,
    });
    const ms = Math.round(performance.now() - started);
    if (r.code !== 0) throw new Error(`rails up failed (${r.code}):\n${r.stderr}`);
    const requests = await control.requests();
    const byOp = {};
    for (const q of requests) byOp[q.operation] = (byOp[q.operation] ?? 0) + 1;
    const api = requests.filter((q) => /^apigateway/i.test(q.service));
    const apiOps = {};
    for (const q of api) apiOps[q.operation] = (apiOps[q.operation] ?? 0) + 1;
    return {
      ms,
      total: requests.length,
      mutating: requests.filter((q) => q.mutating).length,
      reads: requests.filter((q) => !q.mutating).length,
      byOp,
      api: { total: api.length, mutating: api.filter((q) => q.mutating).length, byOp: apiOps },
    };
  };
}

function show(label, m) {
  console.log(`${label}: ${m.total} calls (${m.reads} reads, ${m.mutating} mutating), ${m.ms} ms wall`);
  const ops = Object.entries(m.byOp).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  console.log(`  ${ops.map(([op, n]) => `${op} ${n}`).join(', ')}`);
  if (m.api.total) {
    const apiOps = Object.entries(m.api.byOp).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
    console.log(
      `  the API hop: ${m.api.total} calls (${m.api.mutating} mutating): ${apiOps.map(([op, n]) => `${op} ${n}`).join(', ')}`,
    );
  }
}

function withApi(apiGateway, staticIps) {
  const r = structuredClone(example);
  r.sync.runner = 'none';
  r.apiGateway = apiGateway;
  if (staticIps) r.staticIps = staticIps;
  return r;
}

const results = {};
const scenarios = [
  ['example', example],
  ['10 services', railOf(10)],
  ['50 services', railOf(50)],
  ['example + REST API, v1 link', withApi({ vpcLink: 'v1', domainName: 'api.abq.com' })],
  [
    'example + REST API, v2 link to the ALB',
    withApi({ vpcLink: 'v2', target: 'alb', domainName: 'api.abq.com' }, 'none'),
  ],
  ['example + HTTP API', withApi({ type: 'http', target: 'alb', domainName: 'api.abq.com' }, 'none')],
];
for (const [name, raw] of scenarios) {
  await control.resetState();
  const run = up(raw);
  const fresh = await run();
  const second = await run();
  show(`${name}, fresh up --no-wait`, fresh);
  show(`${name}, second up`, second);
  results[name] = { fresh, second };
}
await sandbox.stop();

const problems = [];
for (const [name, r] of Object.entries(results))
  if (r.second.mutating !== 0)
    problems.push(`${name}: the second up made ${r.second.mutating} mutating calls`);
// Growth from 10 to 50 services that AWS forces: one attribute read per target group, DescribeTags in
// twenties (target groups and the 2 rules per service), DescribeServices in tens.
for (const [name, r] of Object.entries(results))
  if (r.fresh.api.total)
    console.log(`${name}: the API hop's second up makes ${r.second.api.mutating} mutating calls`);
const batches = (n, size) => Math.ceil(n / size);
const forced = (n) => n + batches(n + 4, 20) + batches(2 * n, 20) + batches(n, 10);
const grew = results['50 services'].second.reads - results['10 services'].second.reads;
const allowed = forced(50) - forced(10);
console.log(`second-up read calls, 10 -> 50 services: +${grew} (batch limits force +${allowed})`);
if (grew > allowed)
  problems.push(`read calls grew by ${grew}, more than the ${allowed} AWS's batch limits force`);
const freshMs = results.example.fresh.ms;
console.log(`fresh up --no-wait of the example: ${freshMs} ms (floor 5000 ms)`);
if (freshMs >= 5000) problems.push(`fresh up of the example took ${freshMs} ms (floor 5000 ms)`);
if (problems.length) {
  console.log(`below the floor:\n  ${problems.join('\n  ')}`);
  process.exitCode = 1;
} else console.log('floors met');
