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

/**
 * Which load balancers forward to each target group, worked out once from the listeners and rules and
 * kept until they change: the scheduler asks it for every task of every service on each pass, and
 * walking every rule each time made a sandbox of 50 services spend most of its time here. Dropped by
 * syncTargetGroupUsage, which every listener, rule and load balancer change calls, and whenever the
 * listener or rule list is another array or another length (a reset, a reload, a delete).
 */
interface UsageIndex {
  listeners: Listener[];
  rules: Rule[];
  listenerCount: number;
  ruleCount: number;
  lbsByGroup: Map<string, string[]>;
}
const usageIndexes = new WeakMap<object, UsageIndex>();

function usageIndex(sb: Sandbox): UsageIndex {
  const state = elbv2State(sb);
  const { listeners, rules } = state;
  const cached = usageIndexes.get(state);
  if (
    cached &&
    cached.listeners === listeners &&
    cached.rules === rules &&
    cached.listenerCount === listeners.length &&
    cached.ruleCount === rules.length
  )
    return cached;
  const sets = new Map<string, Set<string>>();
  const add = (tgArn: string, lbArn: string) => {
    const lbs = sets.get(tgArn) ?? new Set<string>();
    sets.set(tgArn, lbs.add(lbArn));
  };
  for (const l of listeners)
    for (const tg of actionTargetGroupArns(l.defaultActions)) add(tg, l.loadBalancerArn);
  const listenerLb = new Map(listeners.map((l) => [l.arn, l.loadBalancerArn]));
  for (const r of rules) {
    const lb = listenerLb.get(r.listenerArn);
    if (lb) for (const tg of actionTargetGroupArns(r.actions)) add(tg, lb);
  }
  const index: UsageIndex = {
    listeners,
    rules,
    listenerCount: listeners.length,
    ruleCount: rules.length,
    lbsByGroup: new Map([...sets].map(([tg, lbs]) => [tg, [...lbs]])),
  };
  usageIndexes.set(state, index);
  return index;
}

/** The load balancers whose listeners or rules forward to the target group (its LoadBalancerArns). */
export function targetGroupLoadBalancerArns(sb: Sandbox, tgArn: string): string[] {
  return [...(usageIndex(sb).lbsByGroup.get(tgArn) ?? [])];
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
  usageIndexes.delete(elbv2State(sb));
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
