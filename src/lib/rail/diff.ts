/**
 * Compares desired specs with what AWS describes. Pure. Each function returns the changes AWS can
 * make in place (`update`) and the ones it cannot (`blocked`, with what to do instead).
 */
import type { Action, Listener, Rule, TargetGroup } from '@aws-sdk/client-elastic-load-balancing-v2';
import type { FieldChange } from '../common/plan.js';
import { forwardTargetArns } from '../observe/alb-actions.js';
import { ruleFieldValues } from '../observe/alb-rules.js';
import { DEFAULT_FIXED_RESPONSE, type ListenerSpec, type TargetGroupSpec } from './spec.js';

export interface Diff {
  update: FieldChange[];
  blocked: FieldChange[];
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Adds a change when the values differ. */
function cmp(out: FieldChange[], field: string, from: unknown, to: unknown): void {
  if (!same(from, to)) out.push({ field, from, to });
}

/** Settings of a target group: protocol, port, type and VPC are fixed for life; health checks are not. */
export function diffTargetGroup(spec: Omit<TargetGroupSpec, 'name'>, tg: TargetGroup): Diff {
  const blocked: FieldChange[] = [];
  cmp(blocked, 'protocol', tg.Protocol, spec.protocol);
  cmp(blocked, 'port', tg.Port, spec.port);
  cmp(blocked, 'targetType', tg.TargetType, spec.targetType);
  cmp(blocked, 'vpc', tg.VpcId, spec.vpcId);
  const update: FieldChange[] = [];
  const hc = spec.healthCheck;
  cmp(update, 'healthCheck.protocol', tg.HealthCheckProtocol, hc.protocol);
  cmp(update, 'healthCheck.port', tg.HealthCheckPort, hc.port);
  if (hc.path !== undefined) cmp(update, 'healthCheck.path', tg.HealthCheckPath, hc.path);
  cmp(update, 'healthCheck.interval', tg.HealthCheckIntervalSeconds, hc.interval);
  cmp(update, 'healthCheck.timeout', tg.HealthCheckTimeoutSeconds, hc.timeout);
  cmp(update, 'healthCheck.healthyThreshold', tg.HealthyThresholdCount, hc.healthy);
  cmp(update, 'healthCheck.unhealthyThreshold', tg.UnhealthyThresholdCount, hc.unhealthy);
  if (hc.matcher !== undefined) cmp(update, 'healthCheck.matcher', tg.Matcher?.HttpCode, hc.matcher);
  return { update, blocked };
}

/** Attributes rails sets that differ from AWS's (others are left alone). */
export function diffAttributes(
  wanted: Record<string, string>,
  actual: Record<string, string>,
  prefix = 'attribute ',
): FieldChange[] {
  const out: FieldChange[] = [];
  for (const [key, value] of Object.entries(wanted)) {
    // AWS reports an unset prefix as '' and a disabled bucket as '': compare only what we set.
    if ((actual[key] ?? '') !== value) out.push({ field: `${prefix}${key}`, from: actual[key], to: value });
  }
  return out;
}

/** The fixed 404 in a form that compares. */
function fixedResponseOf(actions: Action[] | undefined): unknown {
  const a = actions?.find((x) => x.Type === 'fixed-response');
  return a
    ? {
        StatusCode: a.FixedResponseConfig?.StatusCode,
        ContentType: a.FixedResponseConfig?.ContentType,
        MessageBody: a.FixedResponseConfig?.MessageBody,
      }
    : undefined;
}

/** Target group ARNs an action list forwards to, sorted: the order does not change what a rule does. */
export function forwardTargets(actions: Action[] | undefined): string[] {
  return forwardTargetArns(actions).sort();
}

function describeAction(actions: Action[] | undefined): string {
  if (!actions?.length) return 'none';
  return actions
    .map((a) =>
      a.Type === 'forward'
        ? `forward ${forwardTargets([a]).join(',')}`
        : a.Type === 'fixed-response'
          ? `fixed-response ${a.FixedResponseConfig?.StatusCode}`
          : `${a.Type}`,
    )
    .join(' + ');
}

/**
 * A listener against its spec. The protocol may change in place (ModifyListener) within the load
 * balancer's family; `forwardArn` is the target group the default action should forward to.
 */
export function diffListener(spec: ListenerSpec, listener: Listener, forwardArn?: string): Diff {
  const update: FieldChange[] = [];
  cmp(update, 'protocol', listener.Protocol, spec.protocol);
  const certs = (listener.Certificates ?? []).map((c) => c.CertificateArn).filter(Boolean);
  cmp(update, 'certificate', certs[0], spec.certificate);
  cmp(update, 'sslPolicy', listener.SslPolicy, spec.sslPolicy);
  if (spec.defaultAction.type === 'fixed-404') {
    if (
      !same(fixedResponseOf(listener.DefaultActions), DEFAULT_FIXED_RESPONSE) ||
      listener.DefaultActions?.length !== 1
    )
      update.push({
        field: 'defaultAction',
        from: describeAction(listener.DefaultActions),
        to: 'fixed-response 404',
      });
  } else {
    const targets = forwardTargets(listener.DefaultActions);
    if (!forwardArn || !same(targets, [forwardArn]) || listener.DefaultActions?.length !== 1)
      update.push({
        field: 'defaultAction',
        from: describeAction(listener.DefaultActions),
        to: `forward ${forwardArn ?? '(new target group)'}`,
      });
  }
  return { update, blocked: [] };
}

export interface RuleSpec {
  host: string;
  path: string;
  priority: number;
  /** `redirect` to HTTPS:443 keeping host, path and query, or `forward` to these target groups. */
  action: { type: 'redirect' } | { type: 'forward'; targetGroupArns: string[] };
}

/** The 301 that keeps host, path and query (placeholders are AWS's). */
export const HTTPS_REDIRECT = {
  Protocol: 'HTTPS',
  Port: '443',
  Host: '#{host}',
  Path: '/#{path}',
  Query: '#{query}',
  StatusCode: 'HTTP_301',
};

function isHttpsRedirect(actions: Action[] | undefined): boolean {
  if (actions?.length !== 1 || actions[0]!.Type !== 'redirect') return false;
  const r = actions[0]!.RedirectConfig ?? {};
  return (Object.keys(HTTPS_REDIRECT) as (keyof typeof HTTPS_REDIRECT)[]).every(
    (k) => (r as Record<string, unknown>)[k] === HTTPS_REDIRECT[k],
  );
}

/**
 * A listener rule against its spec. Forward weights are not compared as long as the same target
 * groups are there: shifting weight between blue and green is a deployment's business, not drift.
 */
export function diffRule(spec: RuleSpec, rule: Rule): Diff {
  const update: FieldChange[] = [];
  cmp(update, 'host', ruleFieldValues(rule, 'host-header'), [spec.host]);
  cmp(update, 'path', ruleFieldValues(rule, 'path-pattern'), [spec.path]);
  const extra = (rule.Conditions ?? []).filter(
    (c) => c.Field !== 'host-header' && c.Field !== 'path-pattern',
  );
  if (extra.length) update.push({ field: 'conditions', from: extra.map((c) => c.Field), to: [] });
  if (spec.action.type === 'redirect') {
    if (!isHttpsRedirect(rule.Actions))
      update.push({ field: 'action', from: describeAction(rule.Actions), to: 'redirect 301 https:443' });
  } else {
    const want = [...spec.action.targetGroupArns].sort();
    if (rule.Actions?.length !== 1 || !same(forwardTargets(rule.Actions), want))
      update.push({ field: 'action', from: describeAction(rule.Actions), to: `forward ${want.join(',')}` });
  }
  cmp(update, 'priority', Number(rule.Priority), spec.priority);
  return { update, blocked: [] };
}

/**
 * The forward action for a service's target groups. With blue/green, weights already on the rule are
 * kept; a new set puts all weight on the first group.
 */
export function forwardAction(targetGroupArns: string[], current?: Action[]): Action {
  const weights = new Map<string, number>();
  for (const a of current ?? [])
    for (const t of a.ForwardConfig?.TargetGroups ?? [])
      if (t.TargetGroupArn) weights.set(t.TargetGroupArn, t.Weight ?? 1);
  const keep = targetGroupArns.some((arn) => (weights.get(arn) ?? 0) > 0);
  return {
    Type: 'forward',
    ForwardConfig: {
      TargetGroups: targetGroupArns.map((arn, i) => ({
        TargetGroupArn: arn,
        Weight: keep ? (weights.get(arn) ?? 0) : i === 0 ? 1 : 0,
      })),
      TargetGroupStickinessConfig: { Enabled: false },
    },
  };
}
