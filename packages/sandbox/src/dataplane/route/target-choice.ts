/**
 * Which targets of a group a load balancer node may send to (route/README.md "Targets"): the healthy
 * ones in its zone, or in every zone with cross-zone load balancing; when no target of the group is
 * healthy anywhere, the load balancer fails open. Cached per group, zone and kind for the table's life.
 */
import type { GroupEntry, TargetEntry } from './routing-snapshot.js';

export interface Choice {
  targets: TargetEntry[];
  /** Chosen from while no target was healthy. */
  failOpen: boolean;
}

/** Per group: choices by kind, then by zone (`*` with cross-zone). */
const cache = new WeakMap<GroupEntry, { nlb: Map<string, Choice>; alb: Map<string, Choice> }>();

function inZone(t: TargetEntry, zone: string, crossZone: boolean): boolean {
  return crossZone || t.zone === undefined || t.zone === 'all' || t.zone === zone;
}

/**
 * NLB: fail open to every registered target that is not draining (nor unused: outside the enabled
 * zones). ALB: fail open to the unhealthy ones; initial and draining targets never get requests.
 */
function failOpenSet(group: GroupEntry, kind: 'nlb' | 'alb'): TargetEntry[] {
  return kind === 'nlb'
    ? group.targets.filter((t) => t.state !== 'draining' && t.state !== 'unused')
    : group.targets.filter((t) => t.state === 'unhealthy');
}

function compute(group: GroupEntry, zone: string, crossZone: boolean, kind: 'nlb' | 'alb'): Choice {
  const healthy = group.targets.filter((t) => t.state === 'healthy');
  if (healthy.length === 0) return { targets: failOpenSet(group, kind), failOpen: true };
  return { targets: healthy.filter((t) => inZone(t, zone, crossZone)), failOpen: false };
}

/** The targets a node in `zone` chooses among. */
export function routableTargets(
  group: GroupEntry,
  zone: string,
  crossZone: boolean,
  kind: 'nlb' | 'alb',
): Choice {
  let byKind = cache.get(group);
  if (!byKind) {
    byKind = { nlb: new Map(), alb: new Map() };
    cache.set(group, byKind);
  }
  const zoneKey = crossZone ? '*' : zone;
  let choice = byKind[kind].get(zoneKey);
  if (!choice) {
    choice = compute(group, zone, crossZone, kind);
    byKind[kind].set(zoneKey, choice);
  }
  return choice;
}

/** One of the list, uniformly. */
export function pick<T>(list: readonly T[], random: () => number): T {
  return list[Math.min(list.length - 1, Math.floor(random() * list.length))]!;
}
