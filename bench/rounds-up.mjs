// Rounds of a no-op `rails up --no-wait` and of `rails sync-ips --once` on the example rail: the
// sequential AWS calls a user waits for against real AWS. Rounds = (wall with L ms per AWS call −
// wall with 0 ms) ÷ L, L = 400 ms, median of 3 (the CLI's start-up cancels out). The calls of one run
// at L are then grouped into rounds from the sandbox's request log: a call is in round 1 + the
// highest round of the calls that had answered before it was sent.
// Floors: no-op up ≤ 5 rounds, sync-ips --once ≤ 4 rounds; the no-op up makes no mutating call.
// Rounds are whole; the timed figure carries tens of ms of the machine's noise, so it is compared
// rounded to the nearest round.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SandboxControl, startSandbox } from 'rails-sandbox';
import { parse } from 'yaml';
import { importTs, root } from './lib/import-ts.mjs';

const L = 400;
const RUNS = 3;

const m = await importTs('rounds-up-bench-entry', {
  'test/helpers/cli.ts': ['runCli'],
  'test/rail/helpers.ts': ['FAST', 'railDir'],
});
const sandbox = await startSandbox({ port: 0, settings: m.FAST });
const control = new SandboxControl(sandbox.endpoint, sandbox.controlToken);

const example = parse(readFileSync(join(root, 'examples/rail.yaml'), 'utf8'));
delete example.$schema;
const dir = m.railDir(example);

async function rails(args) {
  const started = performance.now();
  const r = await m.runCli(args, { cwd: dir, endpoint: sandbox.endpoint, timeoutMs: 600_000 });
  const ms = performance.now() - started;
  if (r.code !== 0) throw new Error(`rails ${args.join(' ')} failed (${r.code}):\n${r.stderr}`);
  return ms;
}

/** The CLI's calls only: the scheduled sync Lambda signs with its role's session keys (ASIA…). */
const cliCalls = (requests) => requests.filter((q) => !q.accessKeyId?.startsWith('ASIA'));

/** Each call's round: 1 + the highest round among the calls answered before it arrived. */
function rounds(requests) {
  const calls = cliCalls(requests)
    .map((q) => ({ q, start: Date.parse(q.at), end: Date.parse(q.at) + q.ms }))
    .sort((a, b) => a.start - b.start);
  // Calls answered within a few ms of another's arrival were sent after it answered.
  const slack = 5;
  for (const c of calls) {
    let before = 0;
    for (const d of calls)
      if (d !== c && d.end <= c.start + slack && d.start < c.start) before = Math.max(before, d.round ?? 0);
    c.round = before + 1;
  }
  const byRound = [];
  for (const c of calls) {
    byRound[c.round - 1] ??= [];
    byRound[c.round - 1].push(c.q);
  }
  return byRound;
}

function describeRounds(byRound) {
  return byRound
    .map((qs, i) => {
      const ops = {};
      for (const q of qs) ops[q.operation] = (ops[q.operation] ?? 0) + 1;
      const list = Object.entries(ops)
        .map(([op, n]) => (n > 1 ? `${op} ×${n}` : op))
        .join(', ');
      return `    ${String(i + 1).padStart(2)}: ${list}`;
    })
    .join('\n');
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function measure(label, args) {
  const samples = [];
  let last;
  for (let i = 0; i < RUNS; i++) {
    await control.clearFaults();
    const fast = await rails(args);
    await control.latency({ ms: L });
    await control.resetRequests();
    const slow = await rails(args);
    last = await control.requests();
    await control.clearFaults();
    samples.push((slow - fast) / L);
  }
  const value = median(samples);
  const byRound = rounds(last);
  const calls = cliCalls(last);
  console.log(
    `${label}: ${value.toFixed(1)} rounds (median of ${samples.map((s) => s.toFixed(1)).join(', ')}), ` +
      `${calls.length} calls (${calls.filter((q) => q.mutating).length} mutating) in ${byRound.length} rounds of the log:`,
  );
  console.log(describeRounds(byRound));
  return { rounds: value, mutating: calls.filter((q) => q.mutating).length };
}

// Lay the example rail; the second up then has nothing to change.
await rails(['up', '--no-wait', '--quiet']);
await rails(['up', '--no-wait', '--quiet']);

const up = await measure('no-op rails up --no-wait', ['up', '--no-wait', '--quiet']);
const sync = await measure('rails sync-ips --once', ['sync-ips', '--once', '--quiet']);
await sandbox.stop();

const problems = [];
if (up.mutating) problems.push(`the no-op up made ${up.mutating} mutating calls`);
if (Math.round(up.rounds) > 5) problems.push(`no-op up: ${up.rounds.toFixed(1)} rounds (floor 5)`);
if (Math.round(sync.rounds) > 4) problems.push(`sync-ips --once: ${sync.rounds.toFixed(1)} rounds (floor 4)`);
if (problems.length) {
  console.log(`below the floor:\n  ${problems.join('\n  ')}`);
  process.exitCode = 1;
} else console.log('floors met');
