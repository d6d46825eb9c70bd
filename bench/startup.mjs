// Startup: `rails --help` against a bare `node -e 0`, interleaved so machine noise hits both alike.
// Floor: the median of `rails --help` is at most 1.5x the median of `node -e 0` (no AWS SDK loaded).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const bin = fileURLToPath(new URL('../bin/rails.js', import.meta.url));
const runs = Number(process.env.BENCH_RUNS ?? 21);

function time(args) {
  const started = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { stdio: 'ignore' });
  if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}`);
  return Number(process.hrtime.bigint() - started) / 1e6;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const bare = [];
const help = [];
time(['-e', '0']);
time([bin, '--help']);
for (let i = 0; i < runs; i++) {
  bare.push(time(['-e', '0']));
  help.push(time([bin, '--help']));
}
const ratio = median(help) / median(bare);
console.log(
  `startup: node -e 0 median ${median(bare).toFixed(1)} ms; rails --help median ${median(help).toFixed(1)} ms; ratio ${ratio.toFixed(2)} (floor <= 1.50) over ${runs} interleaved runs each`,
);
if (ratio > 1.5) process.exitCode = 1;
