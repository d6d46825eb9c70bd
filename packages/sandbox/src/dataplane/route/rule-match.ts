/**
 * The ALB's rule conditions as AWS evaluates them (route/README.md "Rules"), compiled once per
 * routing table into predicates so each request only runs regexes: conditions ANDed, the values of
 * one condition ORed; host, header and query values case-insensitive, path and method
 * case-sensitive; `*` any run of characters, `?` exactly one.
 */
import { ipInCidr } from '../../services/ec2/network.js';
import type { Condition } from '../../services/elbv2/state.js';

/** What a condition looks at: the request as the ALB sees it. */
export interface MatchInput {
  host: string;
  /** The path without the query string. */
  path: string;
  method: string;
  /** Lowercase names. */
  headers: Record<string, string>;
  /** Decoded `key=value` pairs in order (a bare `key` has value ''). */
  query: { key: string; value: string }[];
  /** The address the ALB sees the request come from. */
  sourceIp: string;
}

export type RuleMatcher = (input: MatchInput) => boolean;

/** A glob of `*` and `?` as an anchored regex; everything else literal. */
export function globRegex(glob: string, caseInsensitive: boolean): RegExp {
  let body = '';
  for (const ch of glob) {
    if (ch === '*') body += '.*';
    else if (ch === '?') body += '.';
    else body += ch.replace(/[.+^${}()|[\]\\/-]/g, '\\$&');
  }
  return new RegExp(`^${body}$`, caseInsensitive ? 'is' : 's');
}

function anyGlob(values: string[], caseInsensitive: boolean): (s: string) => boolean {
  const res = values.map((v) => globRegex(v, caseInsensitive));
  return (s) => res.some((re) => re.test(s));
}

function valuesOf(c: Condition, config: { Values?: string[] } | undefined): string[] {
  return config?.Values?.length ? config.Values : (c.Values ?? []);
}

/** Query condition values are URL-encoded in the rule; the request's are decoded before comparing. */
function decode(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    return s;
  }
}

function compileCondition(c: Condition): RuleMatcher {
  switch (c.Field) {
    case 'host-header': {
      const test = anyGlob(valuesOf(c, c.HostHeaderConfig), true);
      return (r) => test(r.host);
    }
    case 'path-pattern': {
      const test = anyGlob(valuesOf(c, c.PathPatternConfig), false);
      return (r) => test(r.path);
    }
    case 'http-request-method': {
      const methods = new Set(c.HttpRequestMethodConfig?.Values ?? []);
      return (r) => methods.has(r.method);
    }
    case 'source-ip': {
      const cidrs = c.SourceIpConfig?.Values ?? [];
      return (r) => cidrs.some((cidr) => ipInCidr(r.sourceIp, cidr));
    }
    case 'http-header': {
      const name = (c.HttpHeaderConfig?.HttpHeaderName ?? '').toLowerCase();
      const test = anyGlob(c.HttpHeaderConfig?.Values ?? [], true);
      return (r) => {
        const v = r.headers[name];
        return v !== undefined && test(v);
      };
    }
    case 'query-string': {
      const pairs = (c.QueryStringConfig?.Values ?? []).map((p) => ({
        key: p.Key === undefined ? undefined : globRegex(decode(p.Key), true),
        value: globRegex(decode(p.Value), true),
      }));
      return (r) =>
        pairs.some((p) =>
          r.query.some((q) => (p.key === undefined || p.key.test(q.key)) && p.value.test(q.value)),
        );
    }
    default:
      // A field the sandbox does not store cannot match (the API refuses it before this).
      return () => false;
  }
}

/** One predicate for a rule's conditions (all must hold). */
export function compileRule(conditions: Condition[]): RuleMatcher {
  const parts = conditions.map(compileCondition);
  return (input) => parts.every((p) => p(input));
}

/** The request's query string as the pairs query-string conditions compare. */
export function parseQuery(query: string): { key: string; value: string }[] {
  if (!query) return [];
  return query.split('&').map((part) => {
    const i = part.indexOf('=');
    return i < 0
      ? { key: decode(part), value: '' }
      : { key: decode(part.slice(0, i)), value: decode(part.slice(i + 1)) };
  });
}
