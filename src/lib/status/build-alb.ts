/** The ALB hop: state, listeners, and rules in evaluation order. */
import { forwardTargets, terminalAction } from '../observe/alb-actions.js';
import { sortRules } from '../observe/alb-rules.js';
import type { RailSnapshot } from '../observe/snapshot.js';
import { summarizeRule, targetGroupNamer } from './actions.js';
import { loadBalancerReasons } from './build-nlb.js';
import type { AlbStatus, Reason } from './model.js';
import { judge } from './verdict.js';

/** Target group ARN -> the largest weight any forward action gives it (absent for plain forwards). */
export function forwardWeights(snap: RailSnapshot): Map<string, number | undefined> {
  const weights = new Map<string, number | undefined>();
  for (const rules of Object.values(snap.albRules))
    for (const rule of rules)
      for (const t of forwardTargets(terminalAction(rule.Actions))) {
        const prev = weights.get(t.arn);
        weights.set(t.arn, t.weight === undefined ? prev : Math.max(prev ?? 0, t.weight));
      }
  return weights;
}

export function buildAlb(snap: RailSnapshot): AlbStatus {
  const lb = snap.alb;
  const name = snap.selector.albName;
  const reasons: Reason[] = loadBalancerReasons('ALB', name, lb, snap);
  const names = targetGroupNamer(snap.targetGroups);
  const listeners = [...snap.albListeners]
    .sort((a, b) => (a.Port ?? 0) - (b.Port ?? 0))
    .map((l) => ({
      port: l.Port ?? 0,
      protocol: l.Protocol ?? '',
      rules: sortRules(snap.albRules[l.ListenerArn!] ?? []).map((r) => summarizeRule(r, names)),
    }));
  if (lb && listeners.length === 0)
    reasons.push({
      level: 'broken',
      code: 'Alb.NoListeners',
      message: `${name} has no listeners`,
      hint: 'run `rails up`',
    });
  // Target groups that rules forward to but that no ECS service of the rail feeds.
  const fed = new Set(snap.services.flatMap((s) => (s.loadBalancers ?? []).map((b) => b.targetGroupArn)));
  for (const [arn, weight] of forwardWeights(snap)) {
    if (fed.has(arn) || weight === 0) continue;
    const healthy = (snap.targetHealth[arn] ?? []).filter((h) => h.TargetHealth?.State === 'healthy').length;
    if (healthy > 0 || snap.selector.service) continue;
    reasons.push({
      level: 'warning',
      code: 'Alb.TargetGroupWithoutService',
      message: `rules forward to ${names(arn)}, which has no healthy targets and no ECS service of the rail`,
      hint: 'attach a service to it (`rails add-service`) or remove the route',
    });
  }
  return {
    name,
    arn: lb?.LoadBalancerArn,
    state: lb ? (lb.State?.Code ?? 'unknown') : 'not-found',
    scheme: lb?.Scheme,
    availabilityZones: (lb?.AvailabilityZones ?? []).map((z) => z.ZoneName ?? '').sort(),
    securityGroups: lb?.SecurityGroups ?? [],
    listeners,
    ...judge(reasons),
  };
}
