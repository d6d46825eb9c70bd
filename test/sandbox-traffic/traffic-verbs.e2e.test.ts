/**
 * `rails sandbox traffic` (the real binary) against an in-process sandbox with a laid rail: start,
 * list, stop; bad input is exit 2 and starts nothing. Traffic runs on the sandbox clock and is
 * routed by the sandbox's data plane, so this suite needs routing (dataplane/route) in the tree.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli, stdoutJson } from '../helpers/cli.js';
import { layRail, startRailSandbox, waitHealthy } from '../helpers/rail-fixture.js';
import { sandboxPerFile } from '../helpers/sandbox.js';

const t = sandboxPerFile(startRailSandbox);
let port: string;
const ORDERS = 'https://api.abq.com/orders/v1/x';

const traffic = (args: string[]) =>
  runCli(['sandbox', 'traffic', ...args, '--port', port], { env: { RAILS_SANDBOX_TOKEN: t.controlToken } });

interface Source {
  id: string;
  sent: number;
  rps: number;
  urls: string[];
}

beforeAll(async () => {
  port = new URL(t.endpoint).port;
  const rail = await layRail(t.sdk, { stage: 'tr', services: [{ name: 'orders', desiredCount: 2 }] });
  await waitHealthy(t.sdk, [...rail.nlbTargetGroups, ...rail.serviceGroups.orders!]);
});

describe('rails sandbox traffic', () => {
  it('starts a source, lists what it sent, and stops it', async () => {
    const started = await traffic([
      'start',
      '--url',
      ORDERS,
      '--entry',
      'tr-nlb',
      '--rps',
      '20',
      '--duration',
      '1m',
      '--json',
    ]);
    expect(started.code, started.stderr).toBe(0);
    const { source } = stdoutJson<{ source: Source }>(started.stdout)!;
    expect(source).toMatchObject({ rps: 20, urls: [ORDERS], sent: 0, durationMs: 60_000, entry: 'tr-nlb' });
    await t.control.advanceClock(10_000);
    // The generator catches up with the advanced clock on its own tick, so the listing may trail it
    // by a tick: list again (for at most a few seconds) until it has.
    let running: Source[] = [];
    for (let i = 0; i < 20; i++) {
      const listed = await traffic(['--json']);
      running = stdoutJson<{ traffic: Source[] }>(listed.stdout)!.traffic;
      if ((running[0]?.sent ?? 0) >= 200) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    expect(running.map((s) => s.id)).toEqual([source.id]);
    // 20 req/s over the 10 s advanced, and whatever real time added.
    expect(running[0]!.sent).toBeGreaterThanOrEqual(200);
    const text = await traffic([]);
    expect(text.stdout).toMatch(new RegExp(`${source.id}\\s+20\\s+GET`));
    expect(text.stdout).toMatch(/simulated until \d{4}-\d\d-\d\dT/);
    const stopped = await traffic(['stop', source.id]);
    expect(stopped.code).toBe(0);
    expect(stopped.stdout).toMatch(new RegExp(`traffic ${source.id} stopped after \\d+ requests`));
    expect((await t.control.traffic()).traffic).toEqual([]);
  });

  it('a source stops by itself after its duration', async () => {
    const started = await traffic([
      'start',
      '--url',
      ORDERS,
      '--entry',
      'tr-nlb',
      '--rps',
      '5',
      '--duration',
      '30s',
      '--json',
    ]);
    const { source } = stdoutJson<{ source: Source }>(started.stdout)!;
    await t.control.advanceClock(60_000);
    expect((await t.control.traffic()).traffic.map((s) => s.id)).not.toContain(source.id);
  });

  it('refuses bad input with exit 2 and starts nothing', async () => {
    const cases: Array<[string[], RegExp]> = [
      [['start'], /traffic start needs at least one --url/],
      [['start', '--url', ORDERS, '--rps', '0'], /--rps must be a number above 0 and at most 10000/],
      [['start', '--url', ORDERS, '--rps', '20000'], /--rps must be/],
      [['start', '--url', ORDERS, '--duration', 'soon'], /--duration must be a sandbox duration/],
      [['start', '--url', ORDERS, '--header', 'no colon'], /--header must be 'name: value'/],
      [['start', '--url', ORDERS, '--entry', 'no-such-lb'], /no-such-lb/],
      [['start', '--url', 'ftp://x/'], /ftp/],
      [['stop', 't-999'], /no traffic source 't-999'/],
    ];
    for (const [args, message] of cases) {
      const r = await traffic(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(message);
    }
    expect((await t.control.traffic()).traffic).toEqual([]);
  });
});
