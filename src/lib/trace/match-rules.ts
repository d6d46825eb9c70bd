/**
 * Evaluates an ALB listener's rules against one request exactly as the ALB does: rules in ascending
 * priority, all conditions of a rule must match (the values of one condition are alternatives), the
 * default rule last. Pure: no AWS calls, so it is table-tested against AWS's documented examples.
 */
import type { Rule, RuleCondition } from '@aws-sdk/client-elastic-load-balancing-v2';
import { conditionValues, sortRules } from '../observe/alb-rules.js';
import { ipInCidr } from './cidr.js';
import { wildcardMatch } from './wildcard.js';

/** The request being traced. */
export interface TraceRequest {
  protocol: 'http' | 'https';
  /** Host name without the port. */
  host: string;
  port: number;
  /** Path only, starting with `/` (never the query string). */
  path: string;
  /** Raw query string without the `?` ('' when none). */
  query: string;
  method: string;
  /** Client IP; source-ip conditions cannot match without it. */
  sourceIp?: string;
  /** Header names lowercase. */
  headers: Record<string, string>;
}

export interface ConditionResult {
  /** `host-header`, `path-pattern`, `http-request-method`, `source-ip`, `http-header`, `query-string`. */
  field: string;
  /** The rule's values, as shown to the user (`key=value` for query strings, `Name: value` for headers). */
  values: string[];
  /** What the request had for this field. */
  actual: string;
  matched: boolean;
}

export interface RuleEvaluation {
  ruleArn: string;
  /** AWS's string priority: `"10"`, or `"default"`. */
  priority: string;
  isDefault: boolean;
  matched: boolean;
  conditions: ConditionResult[];
}

export interface MatchResult {
  /** The rule that takes the request (the default rule when nothing else matches); undefined only when the listener has no rules at all. */
  matched?: RuleEvaluation;
  /** Every rule evaluated before (and including) the matching one, in evaluation order. */
  evaluated: RuleEvaluation[];
  /** Rules evaluated before the match whose host matched (or had no host condition) but which still failed on another condition. */
  nearMisses: RuleEvaluation[];
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}

function queryPairs(query: string): { key: string; value: string }[] {
  if (!query) return [];
  return query.split('&').map((part) => {
    const i = part.indexOf('=');
    return i < 0
      ? { key: decode(part), value: '' }
      : { key: decode(part.slice(0, i)), value: decode(part.slice(i + 1)) };
  });
}

/** One condition against the request. */
export function evaluateCondition(c: RuleCondition, req: TraceRequest): ConditionResult {
  const field = c.Field ?? 'unknown';
  const values = conditionValues(c);
  const result = (actual: string, matched: boolean): ConditionResult => ({ field, values, actual, matched });
  switch (field) {
    case 'host-header': {
      // Host matching ignores case; the header's port (if any) is not part of the name.
      const host = req.host.replace(/:\d+$/, '');
      return result(
        host,
        values.some((v) => wildcardMatch(v, host, true)),
      );
    }
    case 'path-pattern':
      // Case-sensitive, and the query string is never part of the path.
      return result(
        req.path,
        values.some((v) => wildcardMatch(v, req.path, false)),
      );
    case 'http-request-method':
      // Methods are compared exactly (case-sensitive), no wildcards.
      return result(req.method, values.includes(req.method));
    case 'source-ip':
      if (!req.sourceIp) return result('(unknown: give --source-ip)', false);
      return result(
        req.sourceIp,
        values.some((cidr) => ipInCidr(req.sourceIp!, cidr)),
      );
    case 'http-header': {
      const name = (c.HttpHeaderConfig?.HttpHeaderName ?? '').toLowerCase();
      const actual = req.headers[name];
      const raw = c.HttpHeaderConfig?.Values ?? c.Values ?? [];
      return result(
        actual === undefined ? `(no ${name} header)` : `${name}: ${actual}`,
        actual !== undefined && raw.some((v) => wildcardMatch(v, actual, true)),
      );
    }
    case 'query-string': {
      const pairs = queryPairs(req.query);
      const wanted = c.QueryStringConfig?.Values ?? [];
      const matched = wanted.some((kv) =>
        pairs.some(
          (p) =>
            (kv.Key === undefined || wildcardMatch(kv.Key, p.key, true)) &&
            wildcardMatch(kv.Value ?? '', p.value, true),
        ),
      );
      return result(req.query || '(no query string)', matched);
    }
    default:
      return result('(condition not understood)', false);
  }
}

/** One rule against the request: matched when every condition matches (the default rule always does). */
export function evaluateRule(rule: Rule, req: TraceRequest): RuleEvaluation {
  const conditions = (rule.Conditions ?? []).map((c) => evaluateCondition(c, req));
  const isDefault = rule.IsDefault === true || rule.Priority === 'default';
  return {
    ruleArn: rule.RuleArn ?? '',
    priority: rule.Priority ?? (isDefault ? 'default' : ''),
    isDefault,
    matched: isDefault || conditions.every((c) => c.matched),
    conditions,
  };
}

/** A near miss: the host matched (or the rule has no host condition) and some other condition matched too, yet the rule failed. */
function isNearMiss(e: RuleEvaluation): boolean {
  if (e.matched || e.isDefault) return false;
  const host = e.conditions.find((c) => c.field === 'host-header');
  if (host) return host.matched;
  return e.conditions.some((c) => c.matched);
}

/** Evaluates the listener's rules in ALB order and stops at the first match, as the ALB does. */
export function matchRules(rules: Rule[], req: TraceRequest): MatchResult {
  const evaluated: RuleEvaluation[] = [];
  for (const rule of sortRules(rules)) {
    const e = evaluateRule(rule, req);
    evaluated.push(e);
    if (e.matched) return { matched: e, evaluated, nearMisses: evaluated.filter(isNearMiss) };
  }
  return { matched: undefined, evaluated, nearMisses: evaluated.filter(isNearMiss) };
}
