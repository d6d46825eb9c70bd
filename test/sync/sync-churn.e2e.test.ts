// The churn that once emptied both NLB target groups, end to end: two `rails sync-ips --once --misses 3`
// loops against one sandbox while the ALB's IPs rotate every few hundred ms (one IP, every 6th time
// all of them, every 11th time one more node; the sandbox hands freed IPs out again). A monitor reads
// target health throughout: no group may ever have only draining targets, and once the churn stops
// one more pass leaves every group on exactly the ALB's IPs.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { isDraining } from '../../src/lib/sync/plan-pass.js';
import { albIps, liveTargets, targets } from '../helpers/rail-fixture.js';
import { sandboxPerFile } from '../helpers/sandbox.js';
import { laySyncRail, type SyncFixture, sleep, startSyncSandbox, syncOnce } from './sync-fixture.js';

const PASSES = 12;
const ROTATE_EVERY_MS = 400;
const sb = sandboxPerFile(startSyncSandbox);
let f: SyncFixture;

beforeAll(async () => {
  f = await laySyncRail(sb.sdk, 'churn');
  await sleep(60);
  expect((await syncOnce(sb.endpoint, f.dir)).code).toBe(0);
}, 60_000);

let stop = false;
afterAll(() => {
  stop = true;
});

async function loop(): Promise<number[]> {
  const codes: number[] = [];
  for (let i = 0; i < PASSES && !stop; i++)
    codes.push((await syncOnce(sb.endpoint, f.dir, ['--misses', '3'])).code);
  return codes;
}

async function rotate(until: () => boolean): Promise<number> {
  let n = 0;
  while (!until()) {
    n++;
    const options = n % 11 === 0 ? { add: 1 } : n % 6 === 0 ? { replace: 'all' as const } : { replace: 1 };
    await sb.control.rotateIps(f.albName, options);
    await sleep(ROTATE_EVERY_MS);
  }
  return n;
}

async function monitor(until: () => boolean): Promise<{ reads: number; holes: string[] }> {
  let reads = 0;
  const holes: string[] = [];
  while (!until()) {
    for (const tg of [f.tg80, f.tg443]) {
      const states = await targets(sb.sdk, tg);
      reads++;
      if (Object.values(states).every(isDraining)) holes.push(JSON.stringify(states));
    }
    await sleep(100);
  }
  return { reads, holes };
}

it('two sync loops under IP churn never leave a target group with only draining targets', async () => {
  let done = false;
  const loops = Promise.all([loop(), loop()]).finally(() => {
    done = true;
  });
  const [codes, rotations, watched] = await Promise.all([loops, rotate(() => done), monitor(() => done)]);
  expect(codes.flat()).toEqual(Array(2 * PASSES).fill(0));
  expect(rotations).toBeGreaterThan(5);
  expect(watched.reads).toBeGreaterThan(20);
  expect(watched.holes).toEqual([]);

  // The churn is over: one pass registers what the last rotation brought.
  expect((await syncOnce(sb.endpoint, f.dir, ['--misses', '3'])).code).toBe(0);
  const ips = await albIps(sb.sdk, f);
  for (const tg of [f.tg80, f.tg443]) {
    const live = await liveTargets(sb.sdk, tg);
    expect(
      ips.every((ip) => live.includes(ip)),
      `${tg}: ${live} vs ${ips}`,
    ).toBe(true);
  }
}, 180_000);
