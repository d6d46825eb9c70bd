/**
 * The move v1 → v2 (`target: alb`, `staticIps: none`) under failure: for each k, the k-th mutating
 * call of the moving `up` fails (then: takes effect but its reply is lost). Traffic through the custom
 * domain still reaches a task right after the failure (and `rails route trace` of the URL ends at a
 * healthy target through the link the request took), the next `up` finishes the move, and a third
 * changes nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TraceReport } from '../../../src/lib/trace/model.js';
import { stdoutJson } from '../../helpers/cli.js';
import { startTestSandbox, type TestSandbox } from '../../helpers/sandbox.js';
import { exampleRail, FRONT_DOOR, mutatingCalls, railDir, rails, writeRail } from '../helpers.js';

let sb: TestSandbox;
let dir: string;
let moveCalls = 0;

const v1 = () =>
  exampleRail((r) => {
    r.apiGateway = { vpcLink: 'v1', domainName: 'api.abq.com' };
  });
const v2 = () =>
  exampleRail((r) => {
    r.apiGateway = { vpcLink: 'v2', target: 'alb', domainName: 'api.abq.com' };
    r.staticIps = 'none';
  });

/** A fresh sandbox state with the rail laid over v1 and rail.yaml edited for the move. */
async function laidOverV1(): Promise<void> {
  await sb.control.clearFaults();
  await sb.control.resetState();
  writeRail(dir, v1());
  const r = await rails(sb, dir, ['up']);
  expect(r.code, r.stderr).toBe(0);
  writeRail(dir, v2());
  await sb.resetRequests();
}

const URL = 'https://api.abq.com/ice-station-zebra/hello';

/**
 * The sandbox's own data plane sends a request through to a task, and `rails route trace` of the
 * same URL, read from AWS's configuration alone, agrees: through API Gateway to a healthy target.
 */
async function reachesATask(what: string): Promise<void> {
  const o = await sb.control.route(URL, { seed: 3 });
  expect(o.client, what).toEqual({ kind: 'response', status: 200 });
  const t = await rails(sb, dir, ['route', 'trace', URL, '--json']);
  expect(t.code, `${what}: route trace: ${t.stdout}\n${t.stderr}`).toBe(0);
  const report = stdoutJson<TraceReport>(t.stdout)!;
  expect(report.outcome, what).toBe('forwarded');
  expect(report.api?.enteredBy, what).toBe('domain');
  // The link the trace names is the one the sandbox sent the request through.
  expect(report.api?.vpcLink?.version, what).toBe(o.apigw?.vpcLinkVersion === 'V2' ? 'v2' : 'v1');
  const groups = (report.action as { targetGroups?: { healthyTargets: string[] }[] }).targetGroups ?? [];
  expect(
    groups.some((g) => g.healthyTargets.length > 0),
    what,
  ).toBe(true);
}

async function expectMoved(what: string): Promise<void> {
  const again = await rails(sb, dir, ['up']);
  expect(again.code, `${what}: ${again.stderr}`).toBe(0);
  await sb.resetRequests();
  const third = await rails(sb, dir, ['up']);
  expect(third.code, third.stderr).toBe(0);
  expect(await mutatingCalls(sb), what).toEqual([]);
  await reachesATask(`${what}, moved`);
  const o = await sb.control.route(URL, { seed: 3 });
  expect(o.apigw?.vpcLinkVersion, what).toBe('V2');
  expect(o.nlb, what).toBeUndefined();
  expect(o.client, what).toEqual({ kind: 'response', status: 200 });
}

beforeAll(async () => {
  sb = await startTestSandbox({ settings: FRONT_DOOR });
  dir = railDir(v1());
  await laidOverV1();
  const r = await rails(sb, dir, ['up']);
  expect(r.code, r.stderr).toBe(0);
  moveCalls = (await mutatingCalls(sb)).length;
});
afterAll(() => sb?.stop());

describe('moving v1 → v2 under failure', () => {
  it('the move makes its changes in a handful of mutating calls', () => {
    expect(moveCalls).toBeGreaterThan(5);
  });

  it('fails the k-th mutating call for every k: traffic flows, the next up finishes the move', {
    timeout: 900_000,
  }, async () => {
    for (let k = 1; k <= moveCalls; k++) {
      await laidOverV1();
      await sb.control.injectFault({
        mutatingOnly: true,
        nth: k,
        code: 'InjectedFailure',
        status: 400,
        times: 1,
      });
      const failed = await rails(sb, dir, ['up']);
      expect(failed.code, `k=${k}: ${failed.stderr}`).toBe(1);
      await sb.control.clearFaults();
      await reachesATask(`k=${k}, right after the failure`);
      await expectMoved(`k=${k}`);
    }
  });

  it('the k-th mutating call takes effect but its reply is lost: the next up finishes the move', {
    timeout: 900_000,
  }, async () => {
    for (let k = 1; k <= moveCalls; k++) {
      await laidOverV1();
      await sb.control.injectFault({
        mutatingOnly: true,
        nth: k,
        code: 'InternalError',
        status: 500,
        afterEffect: true,
        times: 1,
      });
      const first = await rails(sb, dir, ['up']);
      expect([0, 1], `k=${k}: ${first.stderr}`).toContain(first.code);
      await sb.control.clearFaults();
      await reachesATask(`k=${k}, right after the lost reply`);
      await expectMoved(`k=${k}`);
    }
  });
});
