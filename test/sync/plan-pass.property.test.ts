// The sync planner's safety rules as properties over generated inputs: any ALB resolution, any mix of
// target states and ports, any counters. The table in plan-pass.test.ts pins single behaviours; this
// checks that no combination breaks the rules.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  isDraining,
  isLive,
  type ObservedTarget,
  type PlanInput,
  planPass,
} from '../../src/lib/sync/plan-pass.js';

const PORT = 80;
const ip = fc.constantFrom(...Array.from({ length: 8 }, (_, i) => `10.0.${1 + (i % 2)}.${10 + i}`));
const state = fc.constantFrom(
  'initial',
  'healthy',
  'unhealthy',
  'unused',
  'draining',
  'unhealthy.draining',
  'unavailable',
);
const target: fc.Arbitrary<ObservedTarget> = fc.record({
  ip,
  port: fc.constantFrom(PORT, PORT, PORT, 8080),
  state,
});

const input: fc.Arbitrary<PlanInput> = fc.record({
  resolved: fc.option(fc.array(ip, { maxLength: 6 }), { nil: undefined, freq: 8 }),
  // DescribeTargetHealth lists a target (IP and port) once.
  targets: fc.uniqueArray(target, { selector: (t) => `${t.ip}:${t.port}`, maxLength: 8 }),
  pending: fc.dictionary(ip, fc.integer({ min: 1, max: 12 })),
  port: fc.constant(PORT),
  missesBeforeDeregister: fc.integer({ min: 1, max: 5 }),
});

/** The group's own targets once the plan is applied: deregistered ones drain, registered ones start. */
function applied(i: PlanInput, register: string[], deregister: string[]): ObservedTarget[] {
  const own = i.targets.filter((t) => t.port === PORT);
  const after = own.map((t) =>
    deregister.includes(t.ip)
      ? { ...t, state: 'draining' }
      : register.includes(t.ip)
        ? { ...t, state: 'initial' }
        : t,
  );
  for (const r of register)
    if (!own.some((t) => t.ip === r)) after.push({ ip: r, port: PORT, state: 'initial' });
  return after;
}

describe('planPass properties', () => {
  it('a failed or empty resolution changes nothing and keeps every counter', () => {
    fc.assert(
      fc.property(input, (i) => {
        if (i.resolved && i.resolved.length > 0) return;
        const plan = planPass(i);
        expect(plan.ok).toBe(false);
        expect(plan.register).toEqual([]);
        expect(plan.deregister).toEqual([]);
        expect(plan.pending).toEqual(i.pending);
      }),
      { numRuns: 300 },
    );
  });

  it('every ALB IP ends on a target that is not draining', () => {
    fc.assert(
      fc.property(input, (i) => {
        if (!i.resolved?.length) return;
        const plan = planPass(i);
        const after = applied(i, plan.register, plan.deregister);
        for (const r of i.resolved) expect(after.some((t) => t.ip === r && !isDraining(t.state))).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });

  it('only targets missing long enough leave, never a draining one, an ALB IP or another port', () => {
    fc.assert(
      fc.property(input, (i) => {
        const plan = planPass(i);
        for (const d of plan.deregister) {
          const t = i.targets.find((x) => x.ip === d && x.port === PORT);
          expect(t).toBeDefined();
          expect(isDraining(t!.state)).toBe(false);
          expect(i.resolved).not.toContain(d);
          expect((i.pending[d] ?? 0) + 1).toBeGreaterThanOrEqual(i.missesBeforeDeregister);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('a group with a live target keeps one, and a group with a healthy target keeps one', () => {
    fc.assert(
      fc.property(input, (i) => {
        const plan = planPass(i);
        const own = i.targets.filter((t) => t.port === PORT);
        const after = applied(i, plan.register, plan.deregister);
        if (own.some((t) => isLive(t.state)) || plan.register.length > 0)
          expect(after.some((t) => isLive(t.state))).toBe(true);
        if (own.some((t) => t.state === 'healthy'))
          expect(after.some((t) => t.state === 'healthy')).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });

  it('counters: one more miss for each registered, live-or-unhealthy IP the ALB lacks; none for others', () => {
    fc.assert(
      fc.property(input, (i) => {
        if (!i.resolved?.length) return;
        const plan = planPass(i);
        const missing = i.targets.filter(
          (t) => t.port === PORT && !isDraining(t.state) && !i.resolved!.includes(t.ip),
        );
        const expected = Object.fromEntries(
          missing
            .filter((t) => !plan.deregister.includes(t.ip))
            .map((t) => [t.ip, (i.pending[t.ip] ?? 0) + 1]),
        );
        expect(plan.pending).toEqual(expected);
      }),
      { numRuns: 1000 },
    );
  });
});
