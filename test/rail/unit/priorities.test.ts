import { describe, expect, it } from 'vitest';
import { choosePriorities, compareRoutes, routeKey } from '../../../src/lib/rail/priorities.js';

const r = (path: string, host = 'api.abq.com') => ({ host, path });
const keyed = (entries: [string, number][]) => new Map(entries.map(([p, n]) => [routeKey(r(p)), n]));

describe('compareRoutes: most specific first', () => {
  it.each([
    ['/a/b/*', '/a/*', -1],
    ['/a/*', '/a/b/*', 1],
    ['/exact', '/exa*', -1],
    ['/a/*/c', '/a/*/*', -1],
  ])('%s vs %s', (a, b, sign) => {
    expect(Math.sign(compareRoutes(r(a), r(b)))).toBe(sign);
  });
  it('exact hosts before wildcard hosts', () => {
    expect(compareRoutes(r('/x', '*.abq.com'), r('/x', 'api.abq.com'))).toBeGreaterThan(0);
  });
  it('hosts compare case-insensitively in the key', () => {
    expect(routeKey(r('/x', 'API.abq.com'))).toBe(routeKey(r('/x', 'api.abq.com')));
  });
});

describe('choosePriorities', () => {
  const cases: {
    name: string;
    routes: string[];
    existing: [string, number][];
    occupied?: number[];
    want: Record<string, number>;
    moved?: string[];
  }[] = [
    {
      name: 'fresh rail: steps of 100 in specificity order',
      routes: ['/a/*', '/a/b/*'],
      existing: [],
      want: { '/a/b/*': 100, '/a/*': 200 },
    },
    {
      name: 'second run: same numbers',
      routes: ['/a/*', '/a/b/*'],
      existing: [
        ['/a/b/*', 100],
        ['/a/*', 200],
      ],
      want: { '/a/b/*': 100, '/a/*': 200 },
    },
    {
      name: 'a new broader route goes after the others, nothing moves',
      routes: ['/a/*', '/a/b/*', '/*'],
      existing: [
        ['/a/b/*', 100],
        ['/a/*', 200],
      ],
      want: { '/a/b/*': 100, '/a/*': 200, '/*': 300 },
    },
    {
      name: 'a new more specific route is slotted into the gap before its broader neighbour',
      routes: ['/a/*', '/b/*', '/a/b/c/*'],
      existing: [
        ['/a/*', 100],
        ['/b/*', 200],
      ],
      want: { '/a/b/c/*': 50, '/a/*': 100, '/b/*': 200 },
    },
    {
      name: 'foreign rules keep their numbers',
      routes: ['/a/*', '/b/*'],
      existing: [],
      occupied: [100, 200],
      want: { '/a/*': 101, '/b/*': 201 },
    },
    {
      name: 'no room in the gap: renumber and report the moves',
      routes: ['/a/*', '/b/*', '/a/b/*'],
      existing: [
        ['/a/*', 1],
        ['/b/*', 2],
      ],
      want: { '/a/b/*': 100, '/a/*': 200, '/b/*': 300 },
      moved: ['/a/*', '/b/*'],
    },
    {
      name: 'an existing rule out of order is moved, the others stay',
      routes: ['/a/*', '/a/b/*', '/z/*'],
      existing: [
        ['/a/*', 100],
        ['/a/b/*', 300],
        ['/z/*', 200],
      ],
      want: { '/a/b/*': 50, '/a/*': 100, '/z/*': 200 },
      moved: ['/a/b/*'],
    },
  ];
  it.each(cases)('$name', ({ routes, existing, occupied, want, moved }) => {
    const plan = choosePriorities(
      routes.map((p) => r(p)),
      keyed(existing),
      new Set(occupied ?? []),
    );
    const got = Object.fromEntries(routes.map((p) => [p, plan.priorities.get(routeKey(r(p)))]));
    expect(got).toEqual(want);
    expect([...plan.moved.keys()].map((k) => k.split(' ')[1]).sort()).toEqual((moved ?? []).sort());
  });

  it('is deterministic whatever the order of the config', () => {
    const a = choosePriorities([r('/x/*'), r('/y/*'), r('/x/y/*')], new Map());
    const b = choosePriorities([r('/x/y/*'), r('/y/*'), r('/x/*')], new Map());
    expect([...a.priorities.entries()].sort()).toEqual([...b.priorities.entries()].sort());
  });
});
