/**
 * Listener rule priorities, chosen by rails. An ALB evaluates rules lowest priority first, so a more
 * specific route (`/api/orders/*`) must come before a broader one (`/api/*`). Priorities are stable:
 * a rule that exists keeps its number as long as the order stays right, and new routes are slotted
 * into the gaps, so adding a route never renumbers the others unless no gap is left.
 * The :80 redirect and the :443 forward of one route share the same number.
 */

export const PRIORITY_STEP = 100;
export const PRIORITY_MAX = 50000;

export interface Route {
  host: string;
  path: string;
}

/** The identity of a route: the host is case-insensitive, the path is not. */
export function routeKey(r: Route): string {
  return `${r.host.toLowerCase()} ${r.path}`;
}

function literalPrefix(value: string): number {
  const i = value.search(/[*?]/);
  return i === -1 ? value.length : i;
}

function wildcards(value: string): number {
  return (value.match(/[*?]/g) ?? []).length;
}

/**
 * Most specific first: exact hosts before wildcard hosts, then the longer literal path prefix,
 * fewer wildcards, the longer pattern, and finally the text (so the order is total and stable).
 */
export function compareRoutes(a: Route, b: Route): number {
  return (
    wildcards(a.host) - wildcards(b.host) ||
    literalPrefix(b.host) - literalPrefix(a.host) ||
    literalPrefix(b.path) - literalPrefix(a.path) ||
    wildcards(a.path) - wildcards(b.path) ||
    b.path.length - a.path.length ||
    (routeKey(a) < routeKey(b) ? -1 : routeKey(a) > routeKey(b) ? 1 : 0)
  );
}

export interface PriorityPlan {
  /** Priority per route key, for every route given. */
  priorities: Map<string, number>;
  /** Existing routes whose priority changes (only when the order needed it). */
  moved: Map<string, { from: number; to: number }>;
}

/** Indexes of a longest strictly increasing subsequence of `values` (the rules that may stay put). */
function longestIncreasing(values: number[]): Set<number> {
  const tails: number[] = [];
  const prev: number[] = new Array(values.length).fill(-1);
  values.forEach((v, i) => {
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (values[tails[mid]!]! < v) lo = mid + 1;
      else hi = mid;
    }
    if (lo > 0) prev[i] = tails[lo - 1]!;
    tails[lo] = i;
  });
  const keep = new Set<number>();
  let i = tails.length ? tails[tails.length - 1]! : -1;
  while (i >= 0) {
    keep.add(i);
    i = prev[i]!;
  }
  return keep;
}

/** Picks `count` free numbers strictly between lo and hi, spread out; undefined when they do not fit. */
function fillGap(lo: number, hi: number, count: number, occupied: Set<number>): number[] | undefined {
  const out: number[] = [];
  const bounded = hi <= PRIORITY_MAX;
  const step = bounded ? Math.floor((hi - lo) / (count + 1)) : PRIORITY_STEP;
  let last = lo;
  for (let i = 0; i < count; i++) {
    let p = Math.max(last + 1, lo + step * (i + 1));
    while (occupied.has(p)) p++;
    if (p >= Math.min(hi, PRIORITY_MAX + 1)) return undefined;
    out.push(p);
    last = p;
  }
  return out;
}

/**
 * Chooses a priority for every route. `existing` holds the current priority of routes that already
 * have rules; `occupied` the priorities of rules that are not ours (never reused).
 */
export function choosePriorities(
  routes: Route[],
  existing: Map<string, number>,
  occupied: Set<number> = new Set(),
): PriorityPlan {
  const ordered = [...routes].sort(compareRoutes).map(routeKey);
  const withPriority = ordered
    .map((key, index) => ({ key, index, priority: existing.get(key) }))
    .filter((r): r is { key: string; index: number; priority: number } => r.priority !== undefined);
  const keptIdx = longestIncreasing(withPriority.map((r) => r.priority));
  const anchors = new Map<number, number>(); // index in `ordered` -> kept priority
  withPriority.forEach((r, i) => {
    if (keptIdx.has(i)) anchors.set(r.index, r.priority);
  });

  const priorities = new Map<string, number>();
  let ok = true;
  let runStart = 0;
  let lo = 0;
  for (let i = 0; i <= ordered.length && ok; i++) {
    const anchor = i < ordered.length ? anchors.get(i) : PRIORITY_MAX + 1 + PRIORITY_STEP;
    if (anchor === undefined) continue;
    const run = ordered.slice(runStart, i);
    const hi = i < ordered.length ? anchor : Number.POSITIVE_INFINITY;
    const picked = run.length ? fillGap(lo, hi, run.length, occupied) : [];
    if (!picked) ok = false;
    else for (const [j, key] of run.entries()) priorities.set(key, picked[j]!);
    if (i < ordered.length) priorities.set(ordered[i]!, anchor);
    lo = anchor;
    runStart = i + 1;
  }

  if (!ok) {
    // No room left between neighbours: renumber everything in steps.
    priorities.clear();
    const picked = fillGap(0, Number.POSITIVE_INFINITY, ordered.length, occupied);
    if (!picked) throw new Error('no free listener rule priorities left');
    for (const [j, key] of ordered.entries()) priorities.set(key, picked[j]!);
  }

  const moved = new Map<string, { from: number; to: number }>();
  for (const [key, from] of existing) {
    const to = priorities.get(key);
    if (to !== undefined && to !== from) moved.set(key, { from, to });
  }
  return { priorities, moved };
}
