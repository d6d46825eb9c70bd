/**
 * The sync planner: a pure function from what one pass observed (the ALB's IPs, the NLB target group's
 * targets with their states, the counters kept from earlier passes) to what the pass does. No I/O here,
 * so every safety rule is table-tested case by case (test/sync/plan-pass.test.ts).
 *
 * Rules (each fixes a weakness of the original Lambda, docs/aws-behaviour.md §13):
 *  - a failed or empty resolution changes nothing;
 *  - new IPs are registered (the I/O layer registers before it deregisters);
 *  - an IP leaves only after `missesBeforeDeregister` consecutive passes without it;
 *  - the last healthy target is never deregistered;
 *  - nothing is deregistered that would leave the group without a live target (healthy, initial, or
 *    with health checks unavailable, and not draining): nowhere to send a new connection is an outage;
 *  - draining targets are not deregistered again; an IP that comes back while its target drains is
 *    registered again at once (RegisterTargets returns a draining target to service).
 */

/** Target states DescribeTargetHealth reports (`unhealthy.draining` is an NLB's draining too). */
export type TargetState =
  | 'initial'
  | 'healthy'
  | 'unhealthy'
  | 'unused'
  | 'draining'
  | 'unhealthy.draining'
  | 'unavailable';

export interface ObservedTarget {
  ip: string;
  port: number;
  state: TargetState | string;
}

export interface PlanInput {
  /** The ALB's IPs this pass; undefined when resolution failed. */
  resolved: string[] | undefined;
  /** Why resolution failed (shown when `resolved` is undefined). */
  resolveError?: string;
  /** Every target of the NLB target group, as DescribeTargetHealth lists it. */
  targets: ObservedTarget[];
  /** Counters of earlier passes: IP -> consecutive passes it was missing. */
  pending: Record<string, number>;
  /** The port targets are registered at (the NLB listener's port). */
  port: number;
  missesBeforeDeregister: number;
}

/** What happens to one IP in this pass. */
export type IpStatus =
  | 'in-sync'
  | 'register'
  | 'pending'
  | 'deregister'
  /** Missing long enough, but kept: it is the last healthy (or live) target. */
  | 'held'
  /** Not resolved and already draining: nothing to do. */
  | 'draining';

export interface IpPlan {
  ip: string;
  status: IpStatus;
  /** Target state before the pass (absent for an IP that was not registered). */
  state?: string;
  /** Consecutive passes missing, counting this one (pending, deregister, held). */
  misses?: number;
}

export interface PassPlan {
  ok: boolean;
  /** Why nothing was done (failed or empty resolution). */
  error?: string;
  register: string[];
  deregister: string[];
  /**
   * Counters to keep after this pass: IPs still registered and missing. IPs to deregister are not in
   * it; the I/O layer puts back (with their count) those whose deregistration failed, so they are
   * retried next pass rather than counted again from one.
   */
  pending: Record<string, number>;
  ips: IpPlan[];
  /** Targets at another port than the listener's: left alone, reported. */
  foreign: ObservedTarget[];
}

const DRAINING = new Set(['draining', 'unhealthy.draining']);
/** States in which a target takes new connections (or will, once its first checks pass). */
const LIVE = new Set(['healthy', 'initial', 'unavailable']);

export function isDraining(state: string): boolean {
  return DRAINING.has(state);
}

export function isLive(state: string): boolean {
  return LIVE.has(state);
}

function byIp(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < 4; i++) if ((pa[i] ?? 0) !== (pb[i] ?? 0)) return (pa[i] ?? 0) - (pb[i] ?? 0);
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Plans one pass for one NLB target group. Pure: same input, same plan. */
export function planPass(input: PlanInput): PassPlan {
  const foreign = input.targets.filter((t) => t.port !== input.port);
  const own = new Map(input.targets.filter((t) => t.port === input.port).map((t) => [t.ip, t]));

  if (!input.resolved || input.resolved.length === 0) {
    return {
      ok: false,
      error: input.resolved
        ? 'the ALB resolved to no IP at all'
        : (input.resolveError ?? 'resolution failed'),
      register: [],
      deregister: [],
      pending: { ...input.pending },
      ips: [],
      foreign,
    };
  }

  const resolved = new Set(input.resolved);
  const ips: IpPlan[] = [];
  const register: string[] = [];
  const pending: Record<string, number> = {};
  const candidates: IpPlan[] = [];

  for (const ip of [...resolved].sort(byIp)) {
    const target = own.get(ip);
    if (!target) {
      register.push(ip);
      ips.push({ ip, status: 'register' });
    } else if (isDraining(target.state)) {
      // A current IP left draining is a hole the NLB cannot send new connections through.
      register.push(ip);
      ips.push({ ip, status: 'register', state: target.state });
    } else {
      ips.push({ ip, status: 'in-sync', state: target.state });
    }
  }

  for (const target of [...own.values()].sort((a, b) => byIp(a.ip, b.ip))) {
    if (resolved.has(target.ip)) continue;
    if (isDraining(target.state)) {
      ips.push({ ip: target.ip, status: 'draining', state: target.state });
      continue;
    }
    const misses = (input.pending[target.ip] ?? 0) + 1;
    const entry: IpPlan = { ip: target.ip, status: 'pending', state: target.state, misses };
    if (misses >= input.missesBeforeDeregister) {
      entry.status = 'deregister';
      candidates.push(entry);
    }
    ips.push(entry);
  }

  holdLastLiveTargets(candidates, own, register);

  const deregister: string[] = [];
  for (const entry of ips) {
    if (entry.status === 'deregister') deregister.push(entry.ip);
    if (entry.status === 'pending' || entry.status === 'held') pending[entry.ip] = entry.misses!;
  }

  return { ok: true, register, deregister, pending, ips, foreign };
}

/**
 * Marks as `held` the candidates whose deregistration would leave the group with nowhere to send new
 * connections: one healthy leaver when every healthy target would go; and while the group would keep
 * no live target (targets registered now count: they start `initial`), one live leaver, or every
 * leaver when none of them is live.
 */
function holdLastLiveTargets(
  candidates: IpPlan[],
  own: Map<string, ObservedTarget>,
  register: string[],
): void {
  if (candidates.length === 0) return;
  const leaving = new Set(candidates.map((c) => c.ip));
  const healthy = [...own.values()].filter((t) => t.state === 'healthy');
  if (healthy.length > 0 && healthy.every((t) => leaving.has(t.ip))) {
    const keep = candidates.find((c) => c.state === 'healthy');
    if (keep) keep.status = 'held';
  }
  const liveKept = [...own.values()].filter(
    (t) =>
      isLive(t.state) && (!leaving.has(t.ip) || candidates.some((c) => c.ip === t.ip && c.status === 'held')),
  );
  if (liveKept.length > 0 || register.length > 0) return;
  const live = candidates.find((c) => c.state !== undefined && isLive(c.state));
  if (live) live.status = 'held';
  else for (const c of candidates) c.status = 'held';
}

const SETTLED: ReadonlySet<IpStatus> = new Set(['in-sync', 'register', 'deregister', 'draining']);

/** True when, once the plan is applied, the group's live targets are exactly the ALB's IPs. */
export function planMatches(plan: PassPlan): boolean {
  return plan.ok && plan.foreign.length === 0 && plan.ips.every((e) => SETTLED.has(e.status));
}
