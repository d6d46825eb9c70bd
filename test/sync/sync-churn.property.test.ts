// The sync under churn, as a property: random sequences of ALB IP rotations (the sandbox reuses freed
// IPs), drains that end, and passes by one or two runners at once (two processes' clients, one state).
// After every step each NLB target group keeps a target that is not draining; after every pass it has
// a live target on a current ALB IP; at no moment during a pass are all of its targets draining; and
// every pending counter equals the passes that have seen its IP missing: no counter is lost.
import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { AwsClients } from '../../src/lib/aws/clients.js';
import { discoverSyncRail, type SyncRail } from '../../src/lib/sync/discover.js';
import { isDraining, isLive } from '../../src/lib/sync/plan-pass.js';
import { readTargetGroupState } from '../../src/lib/sync/state-store.js';
import { runSyncPass } from '../../src/lib/sync/sync-pass.js';
import { albIps, targets } from '../helpers/rail-fixture.js';
import { sandboxPerFile } from '../helpers/sandbox.js';
import { DRAIN_SECONDS, laySyncRail, type SyncFixture, startSyncSandbox } from './sync-fixture.js';

const MISSES = 3;
const sb = sandboxPerFile(startSyncSandbox);
let f: SyncFixture;
let rail: SyncRail;
const runners: AwsClients[] = [];
/** Per target group and IP: passes since the IP was last one of the ALB's, while it stayed registered. */
const missing = new Map<string, Map<string, number>>();

type Step =
  | { kind: 'rotate'; replace: 1 | 'all'; add: 0 | 1 }
  | { kind: 'pass'; runners: 1 | 2 }
  | { kind: 'drain-ends' };

// Whole rotations and two runners at once are what empties a group, so they come up most often.
const step: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('rotate' as const),
      replace: fc.constantFrom(1 as const, 'all' as const, 'all' as const),
      add: fc.constantFrom(0 as const, 0 as const, 1 as const),
    }),
  },
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant('pass' as const),
      runners: fc.constantFrom(1 as const, 2 as const, 2 as const),
    }),
  },
  { weight: 1, arbitrary: fc.constant({ kind: 'drain-ends' as const }) },
);

async function pass(clients: AwsClients[]): Promise<void> {
  const reports = await Promise.all(
    clients.map((aws) =>
      runSyncPass(aws, rail, {
        bucket: f.bucket,
        source: 'eni',
        maxLookups: 1,
        missesBeforeDeregister: MISSES,
        dryRun: false,
        metrics: false,
      }),
    ),
  );
  for (const r of reports) expect(r.targetGroups.flatMap((t) => t.errors)).toEqual([]);
}

/** Watches every target group while `work` runs; returns the moments all its targets were draining. */
async function watchDuringPass(work: Promise<void>): Promise<string[]> {
  const holes: string[] = [];
  let done = false;
  const watcher = (async () => {
    while (!done) {
      for (const tg of [f.tg80, f.tg443]) {
        const states = await targets(sb.sdk, tg);
        if (Object.values(states).every(isDraining)) holes.push(`${tg}: ${JSON.stringify(states)}`);
      }
      await new Promise((r) => setTimeout(r, 5));
    }
  })();
  try {
    await work;
  } finally {
    done = true;
    await watcher;
  }
  return holes;
}

/** Counts, per target group, one more miss per pass for each live registered IP the ALB no longer has. */
async function countMisses(passes: number): Promise<void> {
  const current = new Set(await albIps(sb.sdk, f));
  for (const tg of [f.tg80, f.tg443]) {
    const before = missing.get(tg) ?? new Map<string, number>();
    const after = new Map<string, number>();
    for (const [ip, state] of Object.entries(await targets(sb.sdk, tg))) {
      if (!current.has(ip) && !isDraining(state)) after.set(ip, (before.get(ip) ?? 0) + passes);
    }
    missing.set(tg, after);
  }
}

async function expectInvariants(afterPass: boolean): Promise<void> {
  const current = new Set(await albIps(sb.sdk, f));
  for (const tg of [f.tg80, f.tg443]) {
    const states = await targets(sb.sdk, tg);
    expect(
      Object.values(states).some((s) => !isDraining(s)),
      `${tg}: ${JSON.stringify(states)}`,
    ).toBe(true);
    if (!afterPass) continue;
    const liveCurrent = Object.entries(states).filter(([ip, s]) => current.has(ip) && isLive(s));
    expect(liveCurrent.length, `${tg}: ${JSON.stringify(states)}`).toBeGreaterThan(0);
    const state = await readTargetGroupState(runners[0]!, f.bucket, tg, f.albDns);
    // Every IP still registered and missing has the count of passes that saw it missing: none lost,
    // none counted twice.
    expect(state.pending).toEqual(Object.fromEntries(missing.get(tg) ?? new Map()));
  }
}

beforeAll(async () => {
  f = await laySyncRail(sb.sdk, 'churn');
  for (let i = 0; i < 2; i++) {
    runners.push(
      new AwsClients({
        region: 'us-east-1',
        endpoint: sb.endpoint,
        credentials: { accessKeyId: `runner${i}`, secretAccessKey: 'test' },
        userAgent: `rails-test-runner-${i}`,
      }),
    );
  }
  rail = await discoverSyncRail(runners[0]!, f.stage);
  await pass([runners[0]!]);
}, 60_000);

afterAll(async () => {
  for (const r of runners) await r.destroy();
});

it('rotations, reused IPs and two runners never leave a target group without a live target', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(step, { minLength: 4, maxLength: 14 }), async (steps) => {
      for (const s of steps) {
        if (s.kind === 'rotate') {
          await sb.control.rotateIps(f.albName, { replace: s.replace, add: s.add });
          await expectInvariants(false);
        } else if (s.kind === 'drain-ends') {
          await sb.control.advanceClock((DRAIN_SECONDS + 1) * 1000);
          await expectInvariants(false);
        } else {
          const holes = await watchDuringPass(pass(runners.slice(0, s.runners)));
          expect(holes).toEqual([]);
          await countMisses(s.runners);
          await expectInvariants(true);
        }
      }
    }),
    { numRuns: 30, endOnFailure: true },
  );
}, 240_000);
