/** Listener and rule actions as the status model describes them. */
import type { Action, RedirectActionConfig, Rule } from '@aws-sdk/client-elastic-load-balancing-v2';
import { forwardTargets, terminalAction } from '../observe/alb-actions.js';
import { conditionValues } from '../observe/alb-rules.js';
import { targetGroupNameOf } from '../observe/snapshot-lookups.js';
import type { ActionSummary, RuleStatus } from './model.js';

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
    if (c.Field === 'host-header') hosts.push(...conditionValues(c));
    else if (c.Field === 'path-pattern') paths.push(...conditionValues(c));
    else if (c.Field === 'http-header')
      otherConditions.push(
        `header ${c.HttpHeaderConfig?.HttpHeaderName}: ${(c.HttpHeaderConfig?.Values ?? []).join(' | ')}`,
      );
    else if (c.Field === 'query-string')
      otherConditions.push(
        `query ${(c.QueryStringConfig?.Values ?? []).map((kv) => (kv.Key ? `${kv.Key}=${kv.Value}` : kv.Value)).join(' | ')}`,
      );
    else if (c.Field === 'http-request-method')
      otherConditions.push(`method ${conditionValues(c).join(' | ')}`);
    else if (c.Field === 'source-ip') otherConditions.push(`source-ip ${conditionValues(c).join(' | ')}`);
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
