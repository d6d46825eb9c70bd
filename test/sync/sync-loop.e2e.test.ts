// `rails sync-ips` as a loop: follows a rotation on its own, one JSON object per pass, and SIGINT lets
// the pass under way finish, then exits 0.
import { spawn } from 'node:child_process';
import { beforeAll, expect, it } from 'vitest';
import { BIN, isolatedEnv } from '../helpers/cli.js';
import { liveTargets } from '../helpers/rail-fixture.js';
import { sandboxPerFile } from '../helpers/sandbox.js';
import { laySyncRail, type SyncFixture, sleep, startSyncSandbox } from './sync-fixture.js';

const sb = sandboxPerFile(startSyncSandbox);
let f: SyncFixture;

beforeAll(async () => {
  f = await laySyncRail(sb.sdk, 'syncloop');
});

it('loops every --interval, follows a rotation, and stops cleanly on SIGINT', async () => {
  const child = spawn(process.execPath, [BIN, 'sync-ips', '--interval', '1', '--json'], {
    cwd: f.dir,
    env: isolatedEnv({}, sb.endpoint),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const exited = new Promise<number | null>((r) => child.on('close', (code) => r(code)));
  const passes = () => stdout.split('\n').filter(Boolean).length;
  const waitFor = async (cond: () => boolean | Promise<boolean>, ms: number) => {
    const until = Date.now() + ms;
    while (Date.now() < until && !(await cond())) await sleep(100);
    return cond();
  };
  try {
    expect(await waitFor(() => passes() >= 1, 60_000)).toBe(true);
    const { after } = await sb.control.rotateIps<{ after: string[] }>(f.albName, { replace: 'all' });
    const followed = await waitFor(async () => {
      const live = await liveTargets(sb.sdk, f.tg80);
      return after.every((ip) => live.includes(ip));
    }, 30_000);
    expect(followed).toBe(true);
  } finally {
    child.kill('SIGINT');
  }
  expect(await exited).toBe(0);
  const reports = stdout
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l));
  expect(reports.length).toBeGreaterThanOrEqual(2);
  expect(reports.every((r) => r.ok && r.targetGroups.length === 2)).toBe(true);
  expect(stderr).toMatch(/stopped/);
}, 120_000);
