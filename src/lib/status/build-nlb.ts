/** The NLB hop and the static-IP hop (the NLB's targets against the ALB's current IPs). */
import { isIP } from 'node:net';
import type { LoadBalancer } from '@aws-sdk/client-elastic-load-balancing-v2';
import { isOurs } from '../rail/names.js';
import { forwardTargets, terminalAction } from './actions.js';
import { targetGroupStatus, targetStatus, unhealthyByReason } from './build-targets.js';
import type { NlbStatus, Reason, StaticIpsStatus, StaticIpTargetGroup, TargetStatus } from './model.js';
import type { RailSnapshot } from './snapshot.js';
import { judge } from './verdict.js';

/** How many sync intervals may pass before the sync counts as behind. */
export const SYNC_STALE_INTERVALS = 3;

/** Reasons about a load balancer's existence, state and tags, shared by the NLB and ALB hops. */
export function loadBalancerReasons(
  kind: 'NLB' | 'ALB',
  name: string,
  lb: LoadBalancer | undefined,
  snap: RailSnapshot,
): Reason[] {
  const code = kind === 'NLB' ? 'Nlb' : 'Alb';
  if (!lb)
    return [
      {
        level: 'broken',
        code: `${code}.NotFound`,
        message: `no load balancer named ${name}`,
        hint:
          snap.selector.discoveredBy === 'config'
            ? 'run `rails up` to lay the rail, or pass --nlb/--alb to inspect another one'
            : `check the name (--${kind.toLowerCase()}) and the region`,
      },
    ];
  const reasons: Reason[] = [];
  const state = lb.State?.Code ?? 'unknown';
  if (state === 'failed')
    reasons.push({
      level: 'broken',
      code: `${code}.Failed`,
      message: `${name} is failed: ${lb.State?.Reason ?? ''}`.trim(),
    });
  else if (state === 'provisioning')
    reasons.push({
      level: 'degraded',
      code: `${code}.Provisioning`,
      message: `${name} is still provisioning`,
    });
  else if (state === 'active_impaired')
    reasons.push({
      level: 'degraded',
      code: `${code}.Impaired`,
      message: `${name} is active_impaired: ${lb.State?.Reason ?? ''}`.trim(),
    });
  const stage = snap.selector.stage;
  if (snap.selector.discoveredBy === 'config' && stage && !isOurs(snap.tags[lb.LoadBalancerArn!], stage))
    reasons.push({
      level: 'warning',
      code: 'Rail.NotTagged',
      message: `${name} does not carry the rails tags of stage ${stage}`,
      hint: 'it was not made by `rails up` for this stage; `rails up` adopts nothing it did not tag',
    });
  return reasons;
}

export function buildNlb(snap: RailSnapshot): NlbStatus {
  const lb = snap.nlb;
  const name = snap.selector.nlbName;
  const reasons = loadBalancerReasons('NLB', name, lb, snap);
  const listeners = [...snap.nlbListeners]
    .sort((a, b) => (a.Port ?? 0) - (b.Port ?? 0))
    .map((l) => ({
      port: l.Port ?? 0,
      protocol: l.Protocol ?? '',
      targetGroups: forwardTargets(terminalAction(l.DefaultActions)).map((t) =>
        targetGroupStatus(t.arn, snap.targetGroups[t.arn], snap.targetHealth[t.arn] ?? [], {
          targetKind: 'alb',
        }),
      ),
    }));
  if (lb && listeners.length === 0)
    reasons.push({
      level: 'broken',
      code: 'Nlb.NoListeners',
      message: `${name} has no listeners`,
      hint: 'run `rails up`',
    });
  // Targets that are not (or no longer) ALB IPs are the static-IP hop's business, not the NLB's.
  const current = new Set(albIps(snap));
  const judged = (targets: TargetStatus[]) =>
    current.size === 0 ? targets : targets.filter((t) => current.has(t.id) || isIP(t.id) === 0);
  for (const l of listeners)
    for (const tg of l.targetGroups) {
      const total = tg.targets.length;
      const byReason = unhealthyByReason(judged(tg.targets));
      // An empty IP group in front of a known ALB is the static-IP hop's finding (IPs not synced).
      if (total === 0 && tg.targetType === 'ip' && current.size > 0) continue;
      if (total === 0) {
        reasons.push({
          level: 'broken',
          code: 'Nlb.NoTargets',
          message: `listener ${l.protocol}:${l.port} -> ${tg.name} has no targets`,
          hint:
            tg.targetType === 'alb'
              ? 'register the ALB as the target'
              : 'run `rails sync-ips --once` to register the ALB IPs',
        });
        continue;
      }
      for (const [code, targets] of byReason) {
        if (code === 'Target.DeregistrationInProgress' || targets[0]?.state === 'draining') continue;
        reasons.push({
          level: tg.healthy === 0 && targets[0]?.state !== 'initial' ? 'broken' : 'degraded',
          code,
          message: `listener ${l.protocol}:${l.port} -> ${tg.name}: ${targets.length} of ${total} targets ${targets[0]?.state} (${targets.map((t) => t.id).join(', ')})`,
          ...(targets[0]?.hint ? { hint: targets[0].hint } : {}),
        });
      }
    }
  return {
    name,
    arn: lb?.LoadBalancerArn,
    state: lb ? (lb.State?.Code ?? 'unknown') : 'not-found',
    scheme: lb?.Scheme,
    availabilityZones: (lb?.AvailabilityZones ?? []).map((z) => z.ZoneName ?? '').sort(),
    dnsName: lb?.DNSName,
    listeners,
    ...judge(reasons),
  };
}

/** The ALB's private IPs: every private address of every one of its network interfaces. */
export function albIps(snap: RailSnapshot): string[] {
  const ips = new Set<string>();
  for (const eni of snap.albInterfaces) {
    for (const a of eni.PrivateIpAddresses ?? []) if (a.PrivateIpAddress) ips.add(a.PrivateIpAddress);
    if (eni.PrivateIpAddress) ips.add(eni.PrivateIpAddress);
  }
  return [...ips].sort();
}

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
    const pendingDeregistration = Object.entries(pending)
      .map(([ip, count]) => ({
        ip,
        count,
        ...(snap.selector.missesBeforeDeregister ? { threshold: snap.selector.missesBeforeDeregister } : {}),
      }))
      .sort((a, b) => a.ip.localeCompare(b.ip));
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
