/** The NLB hop: state, scheme, AZs, and each listener's target groups with target health. */
import { isIP } from 'node:net';
import type { LoadBalancer } from '@aws-sdk/client-elastic-load-balancing-v2';
import { isOurs } from '../common/names.js';
import { forwardTargets, terminalAction } from '../observe/alb-actions.js';
import type { RailSnapshot } from '../observe/snapshot.js';
import { albIps, targetsUnread } from '../observe/snapshot-lookups.js';
import { listenerCertificateReasons } from './build-certificates.js';
import { targetGroupStatus, targetsNotRead, unhealthyByReason } from './build-targets.js';
import type { NlbStatus, Reason, TargetStatus } from './model.js';
import { judge } from './verdict.js';

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
  reasons.push(...listenerCertificateReasons(kind, snap));
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
      if (targetsUnread(snap, tg.arn)) {
        reasons.push(targetsNotRead(`listener ${l.protocol}:${l.port} -> ${tg.name}`));
        continue;
      }
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
