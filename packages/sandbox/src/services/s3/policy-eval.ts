/**
 * A minimal bucket-policy evaluator: enough to answer "may this principal do this action on this
 * resource?" the way S3 would for the statements log delivery relies on. Conditions are not
 * evaluated (a statement with a Condition counts as matching); an explicit Deny beats any Allow.
 */

/** Who asks: a service principal (`delivery.logs.amazonaws.com`) or an AWS account/role ARN. */
export interface PolicyPrincipal {
  service?: string;
  aws?: string;
}

export interface PolicyRequest {
  principal: PolicyPrincipal;
  action: string;
  resource: string;
}

interface Statement {
  Effect?: unknown;
  Principal?: unknown;
  Action?: unknown;
  Resource?: unknown;
}

const asList = (v: unknown): string[] =>
  Array.isArray(v) ? v.map(String) : v === undefined || v === null ? [] : [String(v)];

/** IAM's wildcard match: `*` any run of characters, `?` one character; actions compare case-insensitively. */
export function wildcardMatch(pattern: string, value: string, ignoreCase = false): boolean {
  const escaped = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${escaped}$`, ignoreCase ? 'i' : '').test(value);
}

/** The account id of `arn:aws:iam::123456789012:root`, or a bare 12-digit id. */
function accountOf(principal: string): string | undefined {
  return /^\d{12}$/.test(principal) ? principal : /^arn:aws[\w-]*:iam::(\d{12}):root$/.exec(principal)?.[1];
}

function principalMatches(principal: unknown, who: PolicyPrincipal): boolean {
  if (principal === '*') return true;
  if (!principal || typeof principal !== 'object') return false;
  const p = principal as Record<string, unknown>;
  if (who.service && asList(p.Service).includes(who.service)) return true;
  if (who.aws) {
    const wanted = accountOf(who.aws) ?? who.aws;
    return asList(p.AWS).some((x) => x === '*' || x === who.aws || accountOf(x) === wanted);
  }
  return false;
}

function statementMatches(st: Statement, req: PolicyRequest): boolean {
  return (
    principalMatches(st.Principal, req.principal) &&
    asList(st.Action).some((a) => wildcardMatch(a, req.action, true)) &&
    asList(st.Resource).some((r) => wildcardMatch(r, req.resource))
  );
}

/** The policy's statements (one object or a list); empty for anything unparsable. */
export function policyStatements(policy: string | undefined): Statement[] {
  if (!policy) return [];
  try {
    const doc = JSON.parse(policy) as { Statement?: unknown };
    const list = Array.isArray(doc.Statement) ? doc.Statement : doc.Statement ? [doc.Statement] : [];
    return list.filter((s): s is Statement => !!s && typeof s === 'object');
  } catch {
    return [];
  }
}

/** True when some Allow statement grants the request and no Deny statement refuses it. */
export function policyAllows(policy: string | undefined, req: PolicyRequest): boolean {
  const matching = policyStatements(policy).filter((st) => statementMatches(st, req));
  if (matching.some((st) => st.Effect === 'Deny')) return false;
  return matching.some((st) => st.Effect === 'Allow');
}
