/**
 * Finding ELBv2 resources by ARN, the *NotFound errors AWS gives when they are missing, and which
 * load balancers use a target group (through a listener's default actions or a rule).
 */
import { AwsError } from '../../core/aws-error.js';
import type { Sandbox } from '../../core/types.js';
import {
  type Action,
  elbv2State,
  type Listener,
  type LoadBalancer,
  type Rule,
  type TargetGroup,
} from './state.js';

/** The load balancer with this ARN, if any. */
export function findLoadBalancer(sb: Sandbox, arn: string): LoadBalancer | undefined {
  return elbv2State(sb).loadBalancers.find((lb) => lb.arn === arn);
}

/** The target group with this ARN, if any. */
export function findTargetGroup(sb: Sandbox, arn: string): TargetGroup | undefined {
  return elbv2State(sb).targetGroups.find((tg) => tg.arn === arn);
}

/** The listener with this ARN, if any. */
export function findListener(sb: Sandbox, arn: string): Listener | undefined {
  return elbv2State(sb).listeners.find((l) => l.arn === arn);
}

/** The (non-default) rule with this ARN, if any. */
export function findRule(sb: Sandbox, arn: string): Rule | undefined {
  return elbv2State(sb).rules.find((r) => r.arn === arn);
}

/** AWS's error for a missing load balancer. */
export function loadBalancerNotFound(): AwsError {
  return new AwsError('LoadBalancerNotFound', 'One or more load balancers not found');
}

/** AWS's error for a missing target group. */
export function targetGroupNotFound(): AwsError {
  return new AwsError('TargetGroupNotFound', 'One or more target groups not found');
}

/** AWS's error for a missing listener. */
export function listenerNotFound(): AwsError {
  return new AwsError('ListenerNotFound', 'One or more listeners not found');
}

/** AWS's error for a missing rule. */
export function ruleNotFound(): AwsError {
  return new AwsError('RuleNotFound', 'One or more rules not found');
}

/** The load balancer, or LoadBalancerNotFound. */
export function requireLoadBalancer(sb: Sandbox, arn: string | undefined): LoadBalancer {
  const lb = arn ? findLoadBalancer(sb, arn) : undefined;
  if (!lb) throw loadBalancerNotFound();
  return lb;
}

/** The target group, or TargetGroupNotFound. */
export function requireTargetGroup(sb: Sandbox, arn: string | undefined): TargetGroup {
  const tg = arn ? findTargetGroup(sb, arn) : undefined;
  if (!tg) throw targetGroupNotFound();
  return tg;
}

/** The listener, or ListenerNotFound. */
export function requireListener(sb: Sandbox, arn: string | undefined): Listener {
  const l = arn ? findListener(sb, arn) : undefined;
  if (!l) throw listenerNotFound();
  return l;
}

/** Every target group ARN an action list forwards to (TargetGroupArn and ForwardConfig). */
export function actionTargetGroupArns(actions: Action[]): string[] {
  const arns = new Set<string>();
  for (const a of actions) {
    if (a.TargetGroupArn) arns.add(a.TargetGroupArn);
    for (const t of a.ForwardConfig?.TargetGroups ?? []) arns.add(t.TargetGroupArn);
  }
  return [...arns];
}

/** The load balancers whose listeners or rules forward to the target group (its LoadBalancerArns). */
export function targetGroupLoadBalancerArns(sb: Sandbox, tgArn: string): string[] {
  const { listeners, rules } = elbv2State(sb);
  const lbs = new Set<string>();
  for (const l of listeners) {
    if (actionTargetGroupArns(l.defaultActions).includes(tgArn)) lbs.add(l.loadBalancerArn);
  }
  for (const r of rules) {
    if (!actionTargetGroupArns(r.actions).includes(tgArn)) continue;
    const l = findListener(sb, r.listenerArn);
    if (l) lbs.add(l.loadBalancerArn);
  }
  return [...lbs];
}

/** True while some listener or rule refers to the target group (DeleteTargetGroup -> ResourceInUse). */
export function targetGroupInUse(sb: Sandbox, tgArn: string): boolean {
  return targetGroupLoadBalancerArns(sb, tgArn).length > 0;
}

/**
 * Records when each target group started (or stopped) being used by a load balancer. Called after
 * every listener, rule and load balancer change: health checks of a group's targets start then.
 */
export function syncTargetGroupUsage(sb: Sandbox): void {
  for (const tg of elbv2State(sb).targetGroups) {
    const inUse = targetGroupInUse(sb, tg.arn);
    if (inUse && tg.inUseSinceReal === undefined) tg.inUseSinceReal = Date.now();
    if (!inUse && tg.inUseSinceReal !== undefined) {
      delete tg.inUseSinceReal;
      // Targets of a group no load balancer uses stop draining at once (nothing to drain from).
      tg.targets = tg.targets.filter((t) => t.drainingSince === undefined);
    }
  }
  sb.markDirty();
}
