// The sync planner, one behaviour per case.
import { describe, expect, it } from 'vitest';
import { type PlanInput, planMatches, planPass } from '../../src/lib/sync/plan-pass.js';

const A = '10.0.1.10';
const B = '10.0.2.20';
const C = '10.0.1.30';
const D = '10.0.2.40';

function input(over: Partial<PlanInput>): PlanInput {
  return { resolved: [A, B], targets: [], pending: {}, port: 80, missesBeforeDeregister: 3, ...over };
}
const healthy = (ip: string, port = 80) => ({ ip, port, state: 'healthy' });
const draining = (ip: string) => ({ ip, port: 80, state: 'draining' });

interface Case {
  name: string;
  in: Partial<PlanInput>;
  register: string[];
  deregister: string[];
  pending: Record<string, number>;
  ok?: boolean;
  matches?: boolean;
  statuses?: Record<string, string>;
}

const cases: Case[] = [
  {
    name: 'empty group: every resolved IP is registered',
    in: { targets: [] },
    register: [A, B],
    deregister: [],
    pending: {},
    matches: true,
  },
  {
    name: 'in sync: nothing to do',
    in: { targets: [healthy(A), healthy(B)] },
    register: [],
    deregister: [],
    pending: {},
    matches: true,
  },
  {
    name: 'failed resolution changes nothing and keeps the counters',
    in: { resolved: undefined, resolveError: 'timeout', targets: [healthy(C)], pending: { C: 2 } },
    register: [],
    deregister: [],
    pending: { C: 2 },
    ok: false,
    matches: false,
  },
  {
    name: 'empty resolution changes nothing, even with counters at the limit',
    in: { resolved: [], targets: [healthy(C), healthy(D)], pending: { [C]: 5, [D]: 5 } },
    register: [],
    deregister: [],
    pending: { [C]: 5, [D]: 5 },
    ok: false,
  },
  {
    name: 'rotation: new IPs registered, old ones start counting',
    in: { resolved: [C, D], targets: [healthy(A), healthy(B)] },
    register: [C, D],
    deregister: [],
    pending: { [A]: 1, [B]: 1 },
    matches: false,
    statuses: { [A]: 'pending', [C]: 'register' },
  },
  {
    name: 'a missing IP counts up by one per pass',
    in: { resolved: [A], targets: [healthy(A), healthy(B)], pending: { [B]: 1 } },
    register: [],
    deregister: [],
    pending: { [B]: 2 },
  },
  {
    name: 'an IP leaves once missing for missesBeforeDeregister passes',
    in: { resolved: [A], targets: [healthy(A), healthy(B)], pending: { [B]: 2 } },
    register: [],
    deregister: [B],
    pending: {},
    matches: true,
  },
  {
    name: '--misses 1: an IP leaves on the first pass without it',
    in: { resolved: [A], targets: [healthy(A), healthy(B)], missesBeforeDeregister: 1 },
    register: [],
    deregister: [B],
    pending: {},
  },
  {
    name: 'an IP that comes back drops out of the pending list',
    in: { resolved: [A, B], targets: [healthy(A), healthy(B)], pending: { [B]: 2 } },
    register: [],
    deregister: [],
    pending: {},
    matches: true,
  },
  {
    name: 'the last healthy target is never deregistered',
    in: {
      resolved: [C],
      targets: [healthy(A), { ip: C, port: 80, state: 'initial' }],
      pending: { [A]: 2 },
    },
    register: [],
    deregister: [],
    pending: { [A]: 3 },
    statuses: { [A]: 'held' },
    matches: false,
  },
  {
    name: 'of several healthy leavers, exactly one is held',
    in: {
      resolved: [C],
      targets: [healthy(A), healthy(B), { ip: C, port: 80, state: 'unhealthy' }],
      pending: { [A]: 2, [B]: 2 },
    },
    register: [],
    deregister: [B],
    pending: { [A]: 3 },
    statuses: { [A]: 'held', [B]: 'deregister' },
  },
  {
    name: 'healthy leavers go when a healthy target remains',
    in: { resolved: [C], targets: [healthy(A), healthy(C)], pending: { [A]: 2 } },
    register: [],
    deregister: [A],
    pending: {},
  },
  {
    name: 'unhealthy leavers go when nothing is healthy',
    in: {
      resolved: [C],
      targets: [
        { ip: A, port: 80, state: 'unhealthy' },
        { ip: C, port: 80, state: 'initial' },
      ],
      pending: { [A]: 2 },
    },
    register: [],
    deregister: [A],
    pending: {},
  },
  {
    name: 'draining targets are not deregistered again and drop their counter',
    in: { resolved: [A], targets: [healthy(A), draining(B)], pending: { [B]: 3 } },
    register: [],
    deregister: [],
    pending: {},
    statuses: { [B]: 'draining' },
    matches: true,
  },
  {
    name: 'an IP back while its target drains is registered again at once',
    in: { resolved: [A, B], targets: [healthy(A), draining(B)] },
    register: [B],
    deregister: [],
    pending: {},
    statuses: { [B]: 'register' },
    matches: true,
  },
  {
    name: 'a leaver stays while the group would keep no live target',
    in: {
      resolved: [C],
      targets: [
        { ip: A, port: 80, state: 'initial' },
        { ip: B, port: 80, state: 'unhealthy' },
        { ip: C, port: 80, state: 'unhealthy' },
      ],
      pending: { [A]: 2, [B]: 2 },
    },
    register: [],
    deregister: [B],
    pending: { [A]: 3 },
    statuses: { [A]: 'held', [B]: 'deregister' },
  },
  {
    name: 'no leaver goes when none of them and nothing kept is live',
    in: {
      resolved: [C],
      targets: [
        { ip: A, port: 80, state: 'unhealthy' },
        { ip: C, port: 80, state: 'unhealthy' },
      ],
      pending: { [A]: 2 },
    },
    register: [],
    deregister: [],
    pending: { [A]: 3 },
    statuses: { [A]: 'held' },
  },
  {
    name: 'leavers go when the only live targets are the ones registered now',
    in: {
      resolved: [C],
      targets: [{ ip: A, port: 80, state: 'unhealthy' }, draining(C)],
      pending: { [A]: 2 },
    },
    register: [C],
    deregister: [A],
    pending: {},
  },
  {
    name: 'once the drain has ended, the returning IP is registered',
    in: { resolved: [A, B], targets: [healthy(A)] },
    register: [B],
    deregister: [],
    pending: {},
    matches: true,
  },
  {
    name: 'NLB unhealthy.draining counts as draining',
    in: { resolved: [A], targets: [healthy(A), { ip: B, port: 80, state: 'unhealthy.draining' }] },
    register: [],
    deregister: [],
    pending: {},
  },
  {
    name: 'counters of IPs no longer registered are dropped',
    in: { resolved: [A], targets: [healthy(A)], pending: { [D]: 4 } },
    register: [],
    deregister: [],
    pending: {},
  },
  {
    name: 'a target at another port is left alone and reported',
    in: { resolved: [A], targets: [healthy(A), healthy(B, 8080)] },
    register: [],
    deregister: [],
    pending: {},
    matches: false,
  },
  {
    name: 'duplicates in the resolution are registered once',
    in: { resolved: [A, A, B], targets: [] },
    register: [A, B],
    deregister: [],
    pending: {},
  },
];

describe('planPass', () => {
  for (const c of cases) {
    it(c.name, () => {
      const plan = planPass(input(c.in));
      expect(plan.ok).toBe(c.ok ?? true);
      expect(plan.register).toEqual(c.register);
      expect(plan.deregister).toEqual(c.deregister);
      expect(plan.pending).toEqual(c.pending);
      if (c.matches !== undefined) expect(planMatches(plan)).toBe(c.matches);
      for (const [ip, status] of Object.entries(c.statuses ?? {}))
        expect(plan.ips.find((e) => e.ip === ip)?.status).toBe(status);
    });
  }

  it('is pure: the input is not changed and the same input gives the same plan', () => {
    const i = input({ resolved: [C], targets: [healthy(A), healthy(C)], pending: { [A]: 1 } });
    const copy = structuredClone(i);
    expect(planPass(i)).toEqual(planPass(i));
    expect(i).toEqual(copy);
  });

  it('a failed resolution reports why', () => {
    expect(planPass(input({ resolved: undefined, resolveError: 'SERVFAIL' })).error).toBe('SERVFAIL');
    expect(planPass(input({ resolved: [] })).error).toMatch(/no IP/);
  });
});
