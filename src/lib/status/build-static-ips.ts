/** The static-IP hop: the NLB's targets against the ALB's current IPs, and the sync state's age and counters. */

import { compareText } from '../common/compare.js';
import type { RailSnapshot } from '../observe/snapshot.js';
import { albIps, targetsUnread } from '../observe/snapshot-lookups.js';
import { targetStatus, targetsNotRead } from './build-targets.js';
import type { NlbStatus, Reason, StaticIpsStatus, StaticIpTargetGroup } from './model.js';
import { judge } from './verdict.js';

/** How many sync intervals may pass before the sync counts as behind. */
export const SYNC_STALE_INTERVALS = 3;

function syncAge(snap: RailSnapshot, reasons: Reason[]): StaticIpsStatus['sync'] {
  const intervalSeconds = snap.selector.syncIntervalSeconds;
  if (snap.sync === null) return { source: 'unavailable', ...(intervalSeconds ? { intervalSeconds } : {}) };
  if (!snap.sync?.lastSuccessAt) {
    reasons.push({
      level: 'warning',
      code: 'Sync.NoState',
      message:
        snap.selector.discoveredBy === 'names'
          ? 'sync state not read (it is found through rail.yaml): nothing shows that the NLB targets are kept on the ALB IPs'
          : 'no sync state: nothing shows that the NLB targets are being kept on the ALB IPs',
      hint:
        snap.selector.discoveredBy === 'names'
          ? 'run status with the rail.yaml of this rail to see its sync state'
          : 'run `rails sync-ips` (or `rails up` with sync.runner: lambda and sync.bucket)',
    });
    return { source: 'none', ...(intervalSeconds ? { intervalSeconds } : {}) };
  }
  const ageSeconds = Math.max(0, Math.round((snap.readAt - Date.parse(snap.sync.lastSuccessAt)) / 1000));
  const interval = intervalSeconds ?? 60;
  if (ageSeconds > SYNC_STALE_INTERVALS * interval)
    reasons.push({
      level: 'warning',
      code: 'Sync.Behind',
      message: `the last successful sync was ${ageSeconds} s ago (more than ${SYNC_STALE_INTERVALS} intervals of ${interval} s)`,
      hint: "check the sync runner: the scheduled Lambda's errors, or whether `rails sync-ips` still runs",
    });
  return { source: 'state', lastSuccessAt: snap.sync.lastSuccessAt, ageSeconds, intervalSeconds: interval };
}

/** The sync state's counters of one group, with the threshold rail.yaml gives, by IP. */
function pendingDeregistrationOf(snap: RailSnapshot, pending: Record<string, number>) {
  return Object.entries(pending)
    .map(([ip, count]) => ({
      ip,
      count,
      ...(snap.selector.missesBeforeDeregister ? { threshold: snap.selector.missesBeforeDeregister } : {}),
    }))
    .sort((a, b) => compareText(a.ip, b.ip));
}

function pendingOf(snap: RailSnapshot, arn: string, name: string): Record<string, number> {
  const groups = snap.sync?.targetGroups ?? {};
  return groups[arn]?.pending ?? groups[name]?.pending ?? {};
}

export function buildStaticIps(snap: RailSnapshot, nlb: NlbStatus): StaticIpsStatus {
  const reasons: Reason[] = [];
  const ips = albIps(snap);
  const current = new Set(ips);
  const groupArns = [...new Set(nlb.listeners.flatMap((l) => l.targetGroups.map((t) => t.arn)))];
  const types = new Set(groupArns.map((arn) => snap.targetGroups[arn]?.TargetType));
  const mode: StaticIpsStatus['mode'] = types.has('alb')
    ? 'alb-target'
    : types.has('ip')
      ? 'sync'
      : 'unknown';
  const albArn = snap.alb?.LoadBalancerArn;
  const groups: StaticIpTargetGroup[] = groupArns.map((arn) => {
    const tg = snap.targetGroups[arn];
    const name = tg?.TargetGroupName ?? arn;
    const health = snap.targetHealth[arn] ?? [];
    if (targetsUnread(snap, arn)) {
      // What is registered is unknown: no ALB IP (or ALB target) is reported missing, and no sync is
      // advised on a guess. The sync state's counters stand: they are read from S3, not from here.
      reasons.push(targetsNotRead(name));
      const pendingDeregistration = pendingDeregistrationOf(snap, pendingOf(snap, arn, name));
      return {
        name,
        arn,
        port: tg?.Port,
        registered: [],
        missing: [],
        stale: [],
        draining: [],
        pendingDeregistration,
      };
    }
    if (tg?.TargetType === 'alb') {
      const d = health.find((h) => h.Target?.Id === albArn) ?? health[0];
      const albTarget = d ? targetStatus(d, { targetKind: 'alb', targetGroup: tg }) : undefined;
      if (!albTarget)
        reasons.push({
          level: 'broken',
          code: 'StaticIps.AlbNotRegistered',
          message: `${name} has no ALB target`,
          hint: 'register the ALB in the NLB target group',
        });
      else if (albTarget.id !== albArn && albArn)
        reasons.push({
          level: 'broken',
          code: 'StaticIps.WrongAlb',
          message: `${name} targets ${albTarget.id}, not ${snap.selector.albName}`,
        });
      else if (albTarget.state !== 'healthy')
        reasons.push({
          level: albTarget.state === 'initial' ? 'degraded' : 'broken',
          code: albTarget.reason ?? `Target.${albTarget.state}`,
          message: `the ALB as target of ${name} is ${albTarget.state}`,
          ...(albTarget.hint ? { hint: albTarget.hint } : {}),
        });
      return {
        name,
        arn,
        port: tg.Port,
        registered: [],
        missing: [],
        stale: [],
        draining: [],
        pendingDeregistration: [],
        ...(albTarget ? { albTarget } : {}),
      };
    }
    const pending = pendingOf(snap, arn, name);
    const pendingDeregistration = pendingDeregistrationOf(snap, pending);
    const draining = health
      .filter((h) => h.TargetHealth?.State === 'draining')
      .map((h) => h.Target!.Id!)
      .sort();
    const registered = health
      .filter((h) => h.TargetHealth?.State !== 'draining')
      .map((h) => h.Target!.Id!)
      .sort();
    const all = new Set([...registered, ...draining]);
    const missing = ips.filter((ip) => !all.has(ip));
    const notCurrent = registered.filter((ip) => !current.has(ip));
    const stale = notCurrent.filter((ip) => pending[ip] === undefined);
    const live = registered.filter((ip) => current.has(ip));
    if (ips.length > 0 && live.length === 0)
      reasons.push({
        level: 'broken',
        code: 'StaticIps.NoCurrentAlbIp',
        message:
          registered.length === 0
            ? `${name}: no ALB IP is registered (the ALB's IPs: ${ips.join(', ')})`
            : `${name}: none of the registered IPs (${registered.join(', ')}) is a current ALB IP (${ips.join(', ')})`,
        hint: 'run `rails sync-ips --once` now, then check why the sync is not running',
      });
    else if (missing.length > 0)
      reasons.push({
        level: 'degraded',
        code: 'StaticIps.Missing',
        message: `${name}: ALB IPs not registered: ${missing.join(', ')}`,
        hint: 'run `rails sync-ips --once` (the next sync pass registers them)',
      });
    if (stale.length > 0 && live.length > 0)
      reasons.push({
        level: 'degraded',
        code: 'StaticIps.Stale',
        message: `${name}: registered IPs that are no longer the ALB's: ${stale.join(', ')}`,
        hint: 'the sync deregisters them after sync.missesBeforeDeregister passes; `rails sync-ips --once` counts one',
      });
    if (pendingDeregistration.length > 0)
      reasons.push({
        level: 'warning',
        code: 'StaticIps.PendingDeregistration',
        message: `${name}: pending deregistration: ${pendingDeregistration.map((p) => `${p.ip} (${p.count}${p.threshold ? `/${p.threshold}` : ''})`).join(', ')}`,
      });
    return { name, arn, port: tg?.Port, registered, missing, stale, draining, pendingDeregistration };
  });
  if (snap.nlb && groupArns.length === 0)
    reasons.push({
      level: 'broken',
      code: 'StaticIps.NoTargetGroups',
      message: 'the NLB forwards to no target group',
    });
  if (snap.alb && mode === 'sync' && ips.length === 0)
    reasons.push({
      level: 'broken',
      code: 'StaticIps.NoAlbIps',
      message: 'the ALB has no network interfaces (no IPs)',
    });
  const sync = mode === 'sync' ? syncAge(snap, reasons) : { source: 'none' as const };
  return { mode, albIps: ips, targetGroups: groups, sync, ...judge(reasons) };
}
