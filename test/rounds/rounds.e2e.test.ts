/**
 * Sequential AWS rounds per command: what a user waits for against real AWS, where each round costs a
 * network round trip (docs: README "Benchmarks", bench/rounds.mjs). The real binary runs on the example
 * rail against a sandbox that adds ROUND_LATENCY_MS to every call, and the sandbox counts the rounds
 * from its request log (GET /_sandbox/requests/rounds): each call's round is 1 + the deepest round
 * that had ended when it started. The latency makes that exact without timing anything: calls of one
 * round overlap, a call that waited for another starts after it ended.
 *
 * A command whose round count grows beyond its budget fails here. When a change removes rounds, lower
 * its budget in ROUND_BUDGET below (the failure message prints the calls of each round).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RoundsSummary } from 'rails-sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../helpers/cli.js';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';
import { exampleRail, FRONT_DOOR, railDir } from '../rail/helpers.js';

/**
 * The budget: at most this many sequential rounds per command. Today's counts; the floors of issue #14
 * are up 5, sync-ips 4, status 3, route trace 3. Lower a number when its command gets faster; never
 * raise one to make a test pass.
 */
const ROUND_BUDGET = {
  /** `rails up --no-wait` on a rail that is already laid: reads only. */
  'up --no-wait (no-op)': 4,
  'sync-ips --once': 4,
  status: 3,
  'route trace <url>': 3,
  /** status of a rail with a REST API and VPC link v1 in front (its own stage). */
  'status (apiGateway)': 3,
} as const;

type Measured = keyof typeof ROUND_BUDGET;

/**
 * Per call, as in bench/rounds.mjs: long enough that calls of one round overlap even when the CLI, on
 * a machine busy with other suites, pauses over 100 ms between starting them (loading an SDK client's
 * module; at 100 ms a loaded machine counted a round too many now and then); four rounds still take
 * under 2 s.
 */
const ROUND_LATENCY_MS = 400;

const EXAMPLE = join(ROOT, 'examples/rail.yaml');
/** The CLI's key (test/helpers/cli.ts): the scheduled sync Lambda's calls (ASIA… keys) are not counted. */
const CLI_KEY = 'test';

let sb: TestSandbox;
let cwd: string;
let gatewayDir: string;

async function rails(args: string[], dir = cwd) {
  const r = await runCli(args, { cwd: dir, endpoint: sb.endpoint, timeoutMs: 120_000 });
  return r;
}

/** Runs the command with latency on every call; returns its exit code and the rounds the sandbox counted. */
async function roundsOf(
  args: string[],
  dir = cwd,
): Promise<{ code: number; stderr: string; rounds: RoundsSummary }> {
  await sb.resetRequests();
  await sb.control.latency({ ms: ROUND_LATENCY_MS });
  try {
    const r = await rails(args, dir);
    return { code: r.code, stderr: r.stderr, rounds: await sb.control.rounds({ accessKeyId: CLI_KEY }) };
  } finally {
    await sb.control.clearFaults();
  }
}

/** The calls of each round, for a failure message. */
function byRound(r: RoundsSummary): string {
  const lines: string[] = [];
  for (let n = 1; n <= r.rounds; n++) {
    const ops = r.requests.filter((q) => q.round === n).map((q) => `${q.service}:${q.operation}`);
    lines.push(`  r${n}: ${ops.join(' ')}`);
  }
  return lines.join('\n');
}

function expectWithinBudget(
  name: Measured,
  r: { code: number; stderr: string; rounds: RoundsSummary },
  okCodes = [0],
) {
  expect(okCodes, `rails ${name} exited ${r.code}: ${r.stderr}`).toContain(r.code);
  expect(r.rounds.calls, `rails ${name} made no AWS call`).toBeGreaterThan(0);
  const budget = ROUND_BUDGET[name];
  expect(
    r.rounds.rounds,
    `rails ${name}: ${r.rounds.rounds} rounds, budget ${budget} (${r.rounds.calls} calls)\n${byRound(r.rounds)}`,
  ).toBeLessThanOrEqual(budget);
}

beforeAll(async () => {
  sb = await startTestSandbox({ settings: FRONT_DOOR });
  cwd = mkdtempSync(join(tmpdir(), 'rails-rounds-'));
  // The example rail as a new user lays it (the scheduled sync Lambda included), synced once.
  for (const args of [
    ['up', '--yes', '--config', EXAMPLE],
    ['sync-ips', '--once', '--config', EXAMPLE],
  ]) {
    const r = await rails(args);
    expect(r.code, `rails ${args[0]}: ${r.stderr}`).toBe(0);
  }
  // A second rail (its own stage) with a REST API and VPC link v1 to its NLB.
  gatewayDir = railDir(
    exampleRail((raw) => {
      raw.stage = 'gw';
      raw.apiGateway = {};
    }),
  );
  const gw = await rails(['up', '--yes'], gatewayDir);
  expect(gw.code, `rails up (apiGateway): ${gw.stderr}`).toBe(0);
}, 240_000);
afterAll(() => sb?.stop());

describe('sequential AWS rounds stay within their budget', () => {
  it('up --no-wait on a laid rail', async () => {
    expectWithinBudget(
      'up --no-wait (no-op)',
      await roundsOf(['up', '--no-wait', '--yes', '--config', EXAMPLE]),
    );
  });

  it('sync-ips --once', async () => {
    expectWithinBudget('sync-ips --once', await roundsOf(['sync-ips', '--once', '--config', EXAMPLE]));
  });

  it('status', async () => {
    const r = await roundsOf(['status', '--config', EXAMPLE]);
    expectWithinBudget('status', r);
    // Each load balancer and its listeners are read once: the sync state (read from S3, one object per
    // NLB target group) is keyed by what those reads found, not by finding them again.
    const count = (operation: string) =>
      r.rounds.requests.filter((q) => q.service === 'elbv2' && q.operation === operation).length;
    expect(
      {
        DescribeLoadBalancers: count('DescribeLoadBalancers'),
        DescribeListeners: count('DescribeListeners'),
      },
      byRound(r.rounds),
    ).toEqual({ DescribeLoadBalancers: 2, DescribeListeners: 2 });
    expect(r.rounds.requests.filter((q) => q.operation === 'GetObject')).toHaveLength(2);
  });

  it('route trace <url>', async () => {
    expectWithinBudget(
      'route trace <url>',
      await roundsOf([
        'route',
        'trace',
        'https://api.abq.com/ice-station-zebra/v1/x?y=1',
        '--config',
        EXAMPLE,
      ]),
    );
  });

  it('status of a rail with API Gateway in front', async () => {
    // Exit 1 is a verdict (a hop not ok yet), not a failure to read: the rounds are what is measured.
    const r = await roundsOf(['status'], gatewayDir);
    expectWithinBudget('status (apiGateway)', r, [0, 1]);
    // The API and both kinds of VPC link are found by names rail.yaml gives: their reads go out in
    // the first round, beside the load balancers', so the API hop's later reads (resources and
    // stages, then the deployment) end with the load balancers' last round instead of after it.
    const known = r.rounds.requests.filter(
      (q) => q.service.startsWith('apigateway') && ['GetRestApis', 'GetVpcLinks'].includes(q.operation),
    );
    expect(known.map((q) => q.operation)).toContain('GetRestApis');
    expect(
      known.filter((q) => q.round !== 1).map((q) => `${q.service}:${q.operation} r${q.round}`),
      byRound(r.rounds),
    ).toEqual([]);
  });

  it('counts what the CLI itself measured (--verbose): same calls, no more rounds than the meter saw', async () => {
    const r = await roundsOf(['status', '--verbose', '--config', EXAMPLE]);
    const summary = /^aws: (\d+) calls?, (\d+) rounds?, wall \d+ms$/m.exec(r.stderr);
    expect(summary, r.stderr).not.toBeNull();
    expect(Number(summary![1])).toBe(r.rounds.calls);
    // The CLI sees a call end after the sandbox does (the answer travels back), so its depth is never
    // larger; with latency per call both see the same chains.
    expect(Number(summary![2])).toBeLessThanOrEqual(r.rounds.rounds);
    expect(Number(summary![2])).toBeGreaterThanOrEqual(r.rounds.rounds - 1);
  });
});
