/**
 * The sync state as status reads it. The sync keeps, per NLB target group, the time of its last
 * successful pass and the pending-deregistration counters; this file adapts whatever shape its reader
 * returns into SyncStateView, so status does not depend on the sync's storage format (and the reader
 * of a rail does not import the sync: the caller hands it the state to read).
 */
import type { SyncStateView, SyncTargetGroupState } from './snapshot.js';

const toIso = (v: unknown): string | undefined => {
  if (v === undefined || v === null || v === '') return undefined;
  const d = v instanceof Date ? v : new Date(typeof v === 'number' ? v : String(v));
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
};

function counters(v: unknown): Record<string, number> {
  if (!v || typeof v !== 'object') return {};
  return Object.fromEntries(
    Object.entries(v as Record<string, unknown>).filter(([, n]) => typeof n === 'number') as [
      string,
      number,
    ][],
  );
}

/**
 * Adapts a sync state: either `{ lastSuccessAt, targetGroups: { <arn>: { pending, lastSuccessAt } } }`
 * or a list of per-target-group entries `{ targetGroupArn, pending, lastSuccessAt }`. Returns undefined
 * when there is no state at all.
 */
export function adaptSyncState(raw: unknown): SyncStateView | undefined {
  if (!raw || typeof raw !== 'object') return undefined;
  const r = raw as Record<string, any>;
  const entries: [string, any][] = Array.isArray(r)
    ? r.map((e) => [String(e.targetGroupArn ?? e.targetGroup ?? e.name ?? ''), e])
    : Array.isArray(r.targetGroups)
      ? r.targetGroups.map((e: any) => [String(e.targetGroupArn ?? e.targetGroup ?? e.name ?? ''), e])
      : Object.entries(r.targetGroups ?? {});
  const targetGroups: Record<string, SyncTargetGroupState> = {};
  let last = toIso(
    Array.isArray(r) ? undefined : (r.lastSuccessAt ?? r.lastSuccessfulPassAt ?? r.lastSuccess),
  );
  for (const [key, e] of entries) {
    if (!key) continue;
    const at = toIso(e?.lastSuccessAt ?? e?.lastSuccessfulPassAt ?? e?.lastSuccess);
    targetGroups[key] = {
      pending: counters(e?.pending ?? e?.pendingDeregistration),
      ...(at ? { lastSuccessAt: at } : {}),
    };
    if (at && (!last || at > last)) last = at;
  }
  if (!last && Object.keys(targetGroups).length === 0) return undefined;
  return { ...(last ? { lastSuccessAt: last } : {}), targetGroups };
}
