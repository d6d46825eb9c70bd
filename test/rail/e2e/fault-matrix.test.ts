/**
 * Convergence after failures. For each k, the k-th mutating call of a fresh `up` fails; the next `up`
 * lays exactly the desired rail (no duplicates, no orphans) and a third makes no change. The same when
 * the k-th call takes effect but its reply is lost. Throttling on 30 % of calls and Ctrl-C in the
 * middle of `up` converge too.
 */
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, isolatedEnv } from '../../helpers/cli.js';
import { startTestSandbox, type TestSandbox } from '../../helpers/sandbox.js';
import { exampleRail, FAST, mutatingCalls, railDir, railInventory, rails } from '../helpers.js';

let sb: TestSandbox;
let dir: string;
let baseline: Awaited<ReturnType<typeof railInventory>>;
let mutating = 0;

async function fresh(): Promise<void> {
  await sb.control.clearFaults();
  await sb.control.resetState();
  await sb.resetRequests();
}

/** The converging run, then a run that must change nothing, then the inventory. */
async function expectConverged(): Promise<void> {
  const again = await rails(sb, dir, ['up', '--no-wait']);
  expect(again.code, again.stderr).toBe(0);
  await sb.resetRequests();
  const third = await rails(sb, dir, ['up', '--no-wait']);
  expect(third.code, third.stderr).toBe(0);
  expect(await mutatingCalls(sb)).toEqual([]);
  expect(await railInventory(sb)).toEqual(baseline);
}

beforeAll(async () => {
  sb = await startTestSandbox({ settings: FAST });
  dir = railDir(exampleRail());
  const r = await rails(sb, dir, ['up', '--no-wait']);
  expect(r.code, r.stderr).toBe(0);
  mutating = (await mutatingCalls(sb)).length;
  baseline = await railInventory(sb);
});
afterAll(() => sb?.stop());

describe('fault matrix', () => {
  it('the baseline is the example rail, each resource once', () => {
    expect(baseline).toEqual({
      loadBalancers: ['dev-alb', 'dev-nlb'],
      targetGroups: ['dev-nlb-443', 'dev-nlb-80', 'ice-station-zebra-<hex>', 'ice-station-zebra-<hex>'],
      listeners: ['HTTP:80', 'HTTPS:443', 'TCP:80', 'TLS:443'],
      rules: ['100', '100'],
      securityGroups: ['dev-alb', 'dev-ice-station-zebra-tasks'],
      services: ['dev-ice-station-zebra'],
    });
    expect(mutating).toBeGreaterThan(10);
  });

  it('fails the k-th mutating call for every k; the next up converges', { timeout: 3_600_000 }, async () => {
    for (let k = 1; k <= mutating; k++) {
      await fresh();
      await sb.control.injectFault({
        mutatingOnly: true,
        nth: k,
        code: 'InjectedFailure',
        status: 400,
        times: 1,
      });
      const failed = await rails(sb, dir, ['up', '--no-wait']);
      expect(failed.code, `k=${k}: ${failed.stderr}`).toBe(1);
      expect(failed.stderr, `k=${k}`).toMatch(/InjectedFailure/);
      await sb.control.clearFaults();
      await expectConverged();
    }
  });

  it('the k-th mutating call takes effect but its reply is lost, for every k; the next up converges', {
    timeout: 3_600_000,
  }, async () => {
    for (let k = 1; k <= mutating; k++) {
      await fresh();
      // A 500 after the effect: the SDK retries, as it would after a lost reply, and the retry meets
      // the first attempt's work (a duplicate name, a priority in use, or AWS's idempotent answer).
      await sb.control.injectFault({
        mutatingOnly: true,
        nth: k,
        code: 'InternalError',
        status: 500,
        afterEffect: true,
        times: 1,
      });
      const first = await rails(sb, dir, ['up', '--no-wait']);
      expect([0, 1], `k=${k}: ${first.stderr}`).toContain(first.code);
      expect(
        (await sb.requests()).some((r) => r.injected),
        `k=${k}`,
      ).toBe(true);
      await sb.control.clearFaults();
      await expectConverged();
    }
  });

  // The SDK backs off up to seconds per throttled call, and adaptive mode slows the whole client down:
  // this run takes tens of seconds by design.
  it('throttling on 30 % of calls: up still converges', { timeout: 300_000 }, async () => {
    await fresh();
    await sb.control.throttle(0.3);
    const r = await rails(sb, dir, ['up', '--no-wait']);
    expect(r.code, r.stderr).toBe(0);
    expect((await sb.requests()).some((x) => x.injected)).toBe(true);
    await sb.control.clearFaults();
    await expectConverged();
  });

  it('Ctrl-C during up, then up again: converges', async () => {
    await fresh();
    // Slow every call down a little so the interrupt lands in the middle of applying.
    await sb.control.latency({ ms: 40 });
    const code = await new Promise<number>((resolve) => {
      const child = spawn(process.execPath, [BIN, 'up', '--no-wait'], {
        cwd: dir,
        env: isolatedEnv({}, sb.endpoint),
      });
      let sent = false;
      child.stderr.on('data', (d: Buffer) => {
        if (!sent && /done: create/.test(d.toString())) {
          sent = true;
          child.kill('SIGINT');
        }
      });
      child.on('close', (c) => resolve(c ?? 1));
    });
    expect(code).toBe(130);
    const partial = await mutatingCalls(sb);
    expect(partial.length).toBeGreaterThan(0);
    expect(partial.length).toBeLessThan(mutating);
    await sb.control.clearFaults();
    await expectConverged();
  });
});
