/**
 * How an ALB listener's rules read, for every part of rails that reads them: the order the ALB
 * evaluates them in and the values of their conditions. Pure, and below status, trace, the rail's diff
 * and the sync, so none of them keeps its own copy.
 */
import type { Rule, RuleCondition } from '@aws-sdk/client-elastic-load-balancing-v2';

/** Rules in the order the ALB evaluates them: numeric priority ascending, the default rule last. */
export function sortRules(rules: Rule[]): Rule[] {
  const rank = (r: Rule) =>
    r.IsDefault || r.Priority === 'default' ? Number.POSITIVE_INFINITY : Number(r.Priority);
  return [...rules].sort((a, b) => rank(a) - rank(b));
}

/**
 * The values of a condition, whichever of the config object or the legacy `Values` field carries them.
 * Header and query-string values carry their name (`Name: value`, `key=value`): they mean nothing without it.
 */
export function conditionValues(c: RuleCondition): string[] {
  switch (c.Field) {
    case 'host-header':
      return c.HostHeaderConfig?.Values ?? c.Values ?? [];
    case 'path-pattern':
      return c.PathPatternConfig?.Values ?? c.Values ?? [];
    case 'http-request-method':
      return c.HttpRequestMethodConfig?.Values ?? c.Values ?? [];
    case 'source-ip':
      return c.SourceIpConfig?.Values ?? c.Values ?? [];
    case 'http-header':
      return (c.HttpHeaderConfig?.Values ?? c.Values ?? []).map(
        (v) => `${c.HttpHeaderConfig?.HttpHeaderName}: ${v}`,
      );
    case 'query-string':
      return (c.QueryStringConfig?.Values ?? []).map((kv) =>
        kv.Key ? `${kv.Key}=${kv.Value}` : `${kv.Value}`,
      );
    default:
      return c.Values ?? [];
  }
}

/** The values of a rule's first condition on `field` (`host-header`, `path-pattern`...); [] when it has none. */
export function ruleFieldValues(rule: Rule, field: string): string[] {
  const c = rule.Conditions?.find((x) => x.Field === field);
  return c ? conditionValues(c) : [];
}
