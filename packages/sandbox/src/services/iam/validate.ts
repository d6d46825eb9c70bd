/** IAM input validation, with the codes and wording IAM uses. */
import { AwsError } from '../../core/aws-error.js';

/** IAM's `[\w+=,.@-]+` name pattern (roles, policies). */
const NAME_PATTERN = /^[\w+=,.@-]+$/;
const PATH_PATTERN = /^(\/|\/[\u0021-\u007f]+\/)$/;

/** The Coral-style validation message IAM returns for a constraint failure. */
export function constraintError(value: unknown, field: string, constraint: string): AwsError {
  const shown = value === undefined ? 'null' : `'${String(value)}'`;
  return new AwsError(
    'ValidationError',
    `1 validation error detected: Value ${shown} at '${field}' failed to satisfy constraint: ${constraint}`,
  );
}

export function requireString(value: unknown, field: string): string {
  if (typeof value !== 'string' || value === '') {
    if (value === '')
      throw constraintError(value, field, 'Member must have length greater than or equal to 1');
    throw constraintError(undefined, field, 'Member must not be null');
  }
  return value;
}

/** Role and policy names: 1..max characters of `[\w+=,.@-]`. */
export function checkName(value: unknown, field: string, max: number): string {
  const name = requireString(value, field);
  if (name.length > max)
    throw constraintError(name, field, `Member must have length less than or equal to ${max}`);
  if (!NAME_PATTERN.test(name))
    throw constraintError(name, field, 'Member must satisfy regular expression pattern: [\\w+=,.@-]+');
  return name;
}

export function checkPath(value: unknown): string {
  if (value === undefined) return '/';
  const path = String(value);
  if (path.length < 1 || path.length > 512 || !PATH_PATTERN.test(path))
    throw constraintError(
      path,
      'path',
      'Member must satisfy regular expression pattern: (\\u002F)|(\\u002F[\\u0021-\\u007E]+\\u002F)',
    );
  return path;
}

/** What a policy document is for: a role's trust policy names principals, an identity policy resources. */
export type PolicyKind = 'trust' | 'identity';

function malformed(message: string): AwsError {
  return new AwsError('MalformedPolicyDocument', message);
}

/**
 * A policy document must be a JSON object whose statements carry an Effect and actions; a trust policy
 * names a Principal and no Resource, an identity policy the reverse. Messages are IAM's own.
 */
export function checkPolicyDocument(value: unknown, field: string, kind: PolicyKind): string {
  const text = requireString(value, field);
  if (text.length > 131072)
    throw constraintError(text, field, 'Member must have length less than or equal to 131072');
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    throw malformed('This policy contains invalid Json');
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc))
    throw malformed('This policy contains invalid Json');
  const raw = (doc as Record<string, unknown>).Statement;
  const statements = Array.isArray(raw) ? raw : [raw];
  if (raw === undefined || statements.some((s) => typeof s !== 'object' || s === null || Array.isArray(s)))
    throw malformed('Syntax errors in policy.');
  for (const statement of statements as Array<Record<string, unknown>>) {
    if (statement.Effect !== 'Allow' && statement.Effect !== 'Deny')
      throw malformed('Syntax errors in policy.');
    if (statement.Action === undefined && statement.NotAction === undefined)
      throw malformed('Policy statement must contain actions.');
    const hasResource = statement.Resource !== undefined || statement.NotResource !== undefined;
    const hasPrincipal = statement.Principal !== undefined || statement.NotPrincipal !== undefined;
    if (kind === 'trust') {
      if (hasResource) throw malformed('Has prohibited field Resource');
      if (!hasPrincipal) throw malformed('Missing required field Principal');
    } else {
      if (hasPrincipal) throw malformed('Policy document should not specify a principal.');
      if (!hasResource) throw malformed('Policy statement must contain resources.');
    }
  }
  return text;
}

/** Size of a policy as IAM counts it against quotas: whitespace outside strings is free. */
export function policySize(text: string): number {
  return JSON.stringify(JSON.parse(text)).length;
}

/** Query-protocol integer input (arrives as a string), within [min, max]. */
export function optionalInt(value: unknown, field: string, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n)) throw constraintError(value, field, 'Member must be an integer');
  if (n < min) throw constraintError(value, field, `Member must have value greater than or equal to ${min}`);
  if (n > max) throw constraintError(value, field, `Member must have value less than or equal to ${max}`);
  return n;
}

/** Tags as the query protocol delivers them (`Tags.member.N.Key/Value`), checked against IAM's limits. */
export function checkTags(value: unknown): Record<string, string> {
  const tags: Record<string, string> = {};
  if (value === undefined) return tags;
  const list = Array.isArray(value) ? value : [value];
  if (list.length > 50)
    throw constraintError('[...]', 'tags', 'Member must have length less than or equal to 50');
  for (const tag of list as Array<{ Key?: string; Value?: string }>) {
    const key = requireString(tag?.Key, 'tags.member.key');
    if (key.length > 128)
      throw constraintError(key, 'tags.member.key', 'Member must have length less than or equal to 128');
    const val = tag?.Value ?? '';
    if (val.length > 256)
      throw constraintError(val, 'tags.member.value', 'Member must have length less than or equal to 256');
    if (Object.keys(tags).some((k) => k.toLowerCase() === key.toLowerCase()))
      throw new AwsError(
        'InvalidInput',
        'Duplicate tag keys found. Please note that Tag keys are case insensitive.',
      );
    tags[key] = val;
  }
  return tags;
}

/** IAM-style paging over a sorted list: `Marker` in, `IsTruncated`/`Marker` out. */
export function pageOf<T>(
  items: T[],
  input: { Marker?: string; MaxItems?: string },
  maxPageSize: number | undefined,
): { page: T[]; IsTruncated: boolean; Marker?: string } {
  let size = optionalInt(input.MaxItems, 'maxItems', 1, 1000) ?? 100;
  // IAM always pages (default 100), so a sandbox page cap applies to every call.
  if (maxPageSize) size = Math.min(size, maxPageSize);
  let start = 0;
  if (input.Marker !== undefined) {
    start = Number(Buffer.from(String(input.Marker), 'base64url').toString());
    if (!Number.isInteger(start) || start < 0) throw new AwsError('ValidationError', 'Invalid Marker.');
  }
  const page = items.slice(start, start + size);
  const next = start + size;
  if (next >= items.length) return { page, IsTruncated: false };
  return { page, IsTruncated: true, Marker: Buffer.from(String(next)).toString('base64url') };
}
