/**
 * The traffic generator on stand-in routing and signals: requests evenly spaced at rps over the URLs
 * in turn, in time order, reproducible; sources that stop by themselves; signals' time moved on with
 * and without traffic; catch-up bounded to the last hour; the control API's validation.
 */
import { describe, expect, it } from 'vitest';
import { dataplaneModule } from '../../src/dataplane/index.js';
import { services } from '../../src/services/index.js';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';
import { type Recorder, standInParts } from './stand-in-parts.js';

const LB = 'http://dev-nlb-0123456789abcdef.elb.us-east-1.amazonaws.com';

async function start(): Promise<{ t: TestSandbox; r: Recorder }> {
  const r = standInParts();
  // A long background tick: the test moves time itself.
  const t = await startTestSandbox({
    services: [...services, dataplaneModule(r.parts)],
    tickIntervalMs: 60_000,
  });
  await t.control.tick();
  return { t, r };
}

async function refused(p: Promise<unknown>): Promise<{ status: number; message: string }> {
  const err = (await p.then(
    () => undefined,
    (e) => e,
  )) as { status: number; message: string } | undefined;
  if (!err) throw new Error('the call was accepted');
  return err;
}

describe('the traffic generator', () => {
  it('sends rps requests per sandbox second, evenly spaced over the URLs in turn, in time order', async () => {
    const { t, r } = await start();
    try {
      const source = await t.control.startTraffic({
        urls: [`${LB}/a`, `${LB}/b?x=1`],
        rps: 10,
        durationMs: 60_000,
      });
      expect(source).toMatchObject({ id: 't-1', rps: 10, method: 'GET', sent: 0, durationMs: 60_000 });
      await t.control.advanceClock(30_000);
      const listed = await t.control.traffic();
      expect(listed.traffic[0]!.sent).toBe(r.outcomes.length);
      expect(r.outcomes.length).toBeGreaterThanOrEqual(300);
      expect(r.outcomes.length).toBeLessThanOrEqual(310);
      const ats = r.outcomes.map((o) => o.request.at);
      expect(ats.slice(0, 3).map((a) => a - source.startedAt)).toEqual([0, 100, 200]);
      expect(ats).toEqual([...ats].sort((a, b) => a - b));
      expect(r.outcomes.slice(0, 4).map((o) => `${o.request.path}?${o.request.query}`)).toEqual([
        '/a?',
        '/b?x=1',
        '/a?',
        '/b?x=1',
      ]);
      for (const o of r.outcomes) {
        expect(o.request.clientIp).toMatch(/^10\.0\.\d+\.\d+$/);
        expect(o.request.clientPort).toBeGreaterThanOrEqual(32768);
      }
      // Signals' time moves on in contiguous whole seconds, at most a minute per slice.
      for (let i = 1; i < r.spans.length; i++) expect(r.spans[i]![0]).toBe(r.spans[i - 1]![1]);
      for (const [a, b] of r.spans) expect(b - a).toBeGreaterThan(0);
      expect(Math.max(...r.spans.map(([a, b]) => b - a))).toBeLessThanOrEqual(60_000);
      // After its duration the source stops by itself, having sent 600 requests.
      await t.control.advanceClock(60_000);
      const after = await t.control.traffic();
      expect(after.traffic).toEqual([]);
      expect(r.outcomes.length).toBe(600);
      expect(new Date(after.simulatedUntil!).getTime()).toBeGreaterThan(source.startedAt + 89_000);
    } finally {
      await t.stop();
    }
  });

  it('draws the same client addresses and router draws on every run', async () => {
    const runs: string[][] = [];
    for (let i = 0; i < 2; i++) {
      const { t, r } = await start();
      try {
        await t.control.startTraffic({ urls: [`${LB}/`], rps: 5 });
        await t.control.advanceClock(10_000);
        runs.push(
          r.outcomes
            .slice(0, 40)
            .map(
              (o) =>
                `${o.request.clientIp}:${o.request.clientPort}:${(o.client as { status: number }).status}`,
            ),
        );
      } finally {
        await t.stop();
      }
    }
    expect(runs[0]!.length).toBe(40);
    expect(runs[1]).toEqual(runs[0]);
    expect(new Set(runs[0]!.map((x) => x.split(':')[2])).size).toBe(2);
  });

  it('moves the signals on without traffic, and catches up at most the last hour', async () => {
    const { t, r } = await start();
    try {
      await t.control.startTraffic({ urls: [`${LB}/`], rps: 1 });
      const before = r.spans.length ? r.spans[r.spans.length - 1]![1] : undefined;
      await t.control.advanceClock(3 * 60 * 60_000);
      const listed = await t.control.traffic();
      expect(listed.skipped).not.toBeNull();
      const simulated = r.spans.filter(([a]) => before === undefined || a >= before);
      const total = simulated.reduce((n, [a, b]) => n + (b - a), 0);
      expect(total).toBeLessThanOrEqual(60 * 60_000 + 2000);
      expect(total).toBeGreaterThanOrEqual(60 * 60_000 - 2000);
      // An hour at 1 rps, give or take the seconds on either side.
      expect(Math.abs(r.outcomes.length - 3600)).toBeLessThanOrEqual(3);
      const info = await t.control.info();
      expect(info.traffic).toMatchObject({ sources: 1, skipped: listed.skipped });
      // No source: signals' time still moves.
      await t.control.stopTraffic();
      const spans = r.spans.length;
      await t.control.advanceClock(5000);
      expect(r.spans.length).toBeGreaterThan(spans);
    } finally {
      await t.stop();
    }
  });

  it('refuses bad sources and changes nothing', async () => {
    const { t } = await start();
    try {
      const cases: Array<[object, RegExp]> = [
        [
          { urls: ['http://nowhere.example/'] },
          /nowhere\.example\/: no load balancer has the name nowhere\.example/,
        ],
        [{ urls: [] }, /urls must be a non-empty list/],
        [{ urls: ['not a url'] }, /not a url: 'not a url' is not a URL/],
        [{ urls: [`${LB}/`], rps: 0 }, /rps must be a number above 0 and at most 10000/],
        [{ urls: [`${LB}/`], rps: 10_001 }, /rps must be/],
        [{ urls: [`${LB}/`], durationMs: -5 }, /durationMs must be/],
        [{ urls: [`${LB}/`], method: 'GET /' }, /method must be/],
        [{ urls: [`${LB}/`], headers: { 'a b': 'x' } }, /not a header name/],
      ];
      for (const [body, message] of cases) {
        const err = await refused(t.control.startTraffic(body as never));
        expect(err.status).toBe(400);
        expect(err.message).toMatch(message);
      }
      expect((await t.control.traffic()).traffic).toEqual([]);
      expect((await refused(t.control.stopTraffic('t-99'))).status).toBe(404);
    } finally {
      await t.stop();
    }
  });
});
