/** Listener and rule actions as the status model and the trace describe them. */
import type { Action, RedirectActionConfig, Rule } from '@aws-sdk/client-elastic-load-balancing-v2';
import { targetGroupNameOf } from './build-targets.js';
import type { ActionSummary, RuleStatus } from './model.js';

/** The terminal action of a list (forward, redirect or fixed-response are always last; authenticate-* come first). */
export function terminalAction(actions: Action[] | undefined): Action | undefined {
  const sorted = [...(actions ?? [])].sort((a, b) => (a.Order ?? 0) - (b.Order ?? 0));
  return sorted.at(-1);
}

/** The target groups a forward action sends to, with weights when it uses ForwardConfig. */
export function forwardTargets(action: Action | undefined): { arn: string; weight?: number }[] {
  if (action?.Type !== 'forward') return [];
  const weighted = action.ForwardConfig?.TargetGroups ?? [];
  // AWS describes a plain forward as a ForwardConfig of one group with weight 1: a weight only means
  // something when there are several groups.
  if (weighted.length > 1)
    return weighted.map((t) => ({ arn: t.TargetGroupArn!, weight: t.Weight ?? 1 })).filter((t) => t.arn);
  if (weighted.length === 1 && weighted[0]!.TargetGroupArn) return [{ arn: weighted[0]!.TargetGroupArn }];
  return action.TargetGroupArn ? [{ arn: action.TargetGroupArn }] : [];
}

/** A redirect's Location as a template, e.g. `HTTPS://#{host}:443/#{path}?#{query}`. */
export function redirectTemplate(action: Action): string {
  const r: RedirectActionConfig = action.RedirectConfig ?? { StatusCode: undefined };
  const path = r.Path ?? '/#{path}';
  const query = r.Query ?? '#{query}';
  return `${r.Protocol ?? '#{protocol}'}://${r.Host ?? '#{host}'}:${r.Port ?? '#{port}'}${path}${query ? `?${query}` : ''}`;
}

export function summarizeAction(
  actions: Action[] | undefined,
  names: (arn: string) => string,
): ActionSummary {
  const a = terminalAction(actions);
  if (!a) return { type: 'none' };
  switch (a.Type) {
    case 'forward':
      return {
        type: 'forward',
        targetGroups: forwardTargets(a).map((t) => ({
          name: names(t.arn),
          arn: t.arn,
          ...(t.weight === undefined ? {} : { weight: t.weight }),
        })),
      };
    case 'redirect':
      return {
        type: 'redirect',
        statusCode: a.RedirectConfig?.StatusCode ?? '',
        location: redirectTemplate(a),
      };
    case 'fixed-response':
      return {
        type: 'fixed-response',
        statusCode: a.FixedResponseConfig?.StatusCode ?? '',
        ...(a.FixedResponseConfig?.ContentType ? { contentType: a.FixedResponseConfig.ContentType } : {}),
      };
    default:
      return { type: a.Type ?? 'unknown' };
  }
}

/** A rule for display: hosts, paths, the other conditions as text, and its action. */
export function summarizeRule(rule: Rule, names: (arn: string) => string): RuleStatus {
  const hosts: string[] = [];
  const paths: string[] = [];
  const otherConditions: string[] = [];
  for (const c of rule.Conditions ?? []) {
    if (c.Field === 'host-header') hosts.push(...(c.HostHeaderConfig?.Values ?? c.Values ?? []));
    else if (c.Field === 'path-pattern') paths.push(...(c.PathPatternConfig?.Values ?? c.Values ?? []));
    else if (c.Field === 'http-header')
      otherConditions.push(
        `header ${c.HttpHeaderConfig?.HttpHeaderName}: ${(c.HttpHeaderConfig?.Values ?? []).join(' | ')}`,
      );
    else if (c.Field === 'query-string')
      otherConditions.push(
        `query ${(c.QueryStringConfig?.Values ?? []).map((kv) => (kv.Key ? `${kv.Key}=${kv.Value}` : kv.Value)).join(' | ')}`,
      );
    else if (c.Field === 'http-request-method')
      otherConditions.push(`method ${(c.HttpRequestMethodConfig?.Values ?? c.Values ?? []).join(' | ')}`);
    else if (c.Field === 'source-ip')
      otherConditions.push(`source-ip ${(c.SourceIpConfig?.Values ?? c.Values ?? []).join(' | ')}`);
  }
  const isDefault = rule.IsDefault === true || rule.Priority === 'default';
  return {
    priority: rule.Priority ?? (isDefault ? 'default' : ''),
    isDefault,
    hosts,
    paths,
    otherConditions,
    action: summarizeAction(rule.Actions, names),
  };
}

export function targetGroupNamer(
  groups: Record<string, { TargetGroupName?: string }>,
): (arn: string) => string {
  return (arn) => groups[arn]?.TargetGroupName ?? targetGroupNameOf(arn);
}
