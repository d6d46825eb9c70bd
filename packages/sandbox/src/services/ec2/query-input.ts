/**
 * EC2 query-input helpers: lists (`X.N`), filters (`Filter.N.Name/Value.M`, wildcards), paging
 * (`MaxResults` 5–1000, `NextToken`), tags (`TagSpecification.N`, `Tag.N`) and id-format checks, with
 * the error codes EC2 uses.
 */
import { AwsError } from '../../core/aws-error.js';
import type { Sandbox } from '../../core/types.js';

/**
 * A query list as an array. The core delivers `X.N` lists as arrays; a lone value or a numbered object
 * is tolerated so handlers never depend on the parser's shape for one-element lists.
 */
export function list<T = any>(value: unknown): T[] {
  if (value === undefined || value === null || value === '') return [];
  if (Array.isArray(value)) return value as T[];
  if (typeof value === 'object') {
    const keys = Object.keys(value as object);
    if (keys.length > 0 && keys.every((k) => /^\d+$/.test(k)))
      return keys.sort((a, b) => Number(a) - Number(b)).map((k) => (value as Record<string, T>)[k]!);
  }
  return [value as T];
}

export function missingParameter(name: string): AwsError {
  return new AwsError('MissingParameter', `The request must contain the parameter ${name}`);
}

export function invalidValue(value: unknown, parameter: string, why = ''): AwsError {
  return new AwsError(
    'InvalidParameterValue',
    `Value (${String(value)}) for parameter ${parameter} is invalid.${why ? ` ${why}` : ''}`,
  );
}

/** EC2 booleans arrive as `true`/`false` strings. */
export function bool(value: unknown): boolean | undefined {
  if (value === undefined) return undefined;
  return String(value).toLowerCase() === 'true';
}

/** Checks the shape of a resource id (`vpc-` + 8 or 17 hex digits); EC2 answers `<Kind>.Malformed`. */
export function checkIdFormat(id: string, prefix: string, malformedCode: string): void {
  if (!new RegExp(`^${prefix}-([0-9a-f]{8}|[0-9a-f]{17})$`).test(id))
    throw new AwsError(malformedCode, `Invalid id: "${id}" (expecting "${prefix}-...")`);
}

/** EC2's NotFound for one or several ids: "The vpc ID 'vpc-1' does not exist". */
export function notFound(code: string, noun: string, ids: string[]): AwsError {
  if (ids.length === 1) return new AwsError(code, `The ${noun} ID '${ids[0]}' does not exist`);
  return new AwsError(code, `The ${noun} IDs '${ids.join(', ')}' do not exist`);
}

/** An EC2 filter value: `*` any run of characters, `?` one character, `\` escapes. */
export function wildcardMatch(pattern: string, value: string): boolean {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i]!;
    if (ch === '\\' && i + 1 < pattern.length) re += escapeRegex(pattern[++i]!);
    else if (ch === '*') re += '[\\s\\S]*';
    else if (ch === '?') re += '[\\s\\S]';
    else re += escapeRegex(ch);
  }
  return new RegExp(`^${re}$`).test(value);
}

function escapeRegex(ch: string): string {
  return ch.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

export interface Filter {
  name: string;
  values: string[];
}

/** `Filter.N.Name` / `Filter.N.Value.M`, checked against the names a call supports. */
export function parseFilters(input: any, supported: string[]): Filter[] {
  const raw = list<any>(input.Filter);
  const total = raw.reduce((sum, f) => sum + list(f?.Value).length, 0);
  if (total > 200)
    throw new AwsError(
      'FilterLimitExceeded',
      'The maximum number of filter values specified on a single call is 200',
    );
  return raw.map((f) => {
    const name = String(f?.Name ?? '');
    const known = supported.includes(name) || name.startsWith('tag:') || name === 'tag-key';
    if (!known) throw new AwsError('InvalidParameterValue', `The filter '${name}' is invalid`);
    return { name, values: list<string>(f.Value).map(String) };
  });
}

/**
 * Applies filters to items: every filter must match (AND), any value within a filter may match (OR).
 * `field` returns the item's value(s) for a filter name; tag filters are handled here.
 */
export function applyFilters<T extends { tags?: Record<string, string> }>(
  items: T[],
  filters: Filter[],
  field: (item: T, name: string) => unknown,
): T[] {
  return items.filter((item) =>
    filters.every((filter) => {
      let actual: unknown;
      if (filter.name.startsWith('tag:')) actual = item.tags?.[filter.name.slice(4)];
      else if (filter.name === 'tag-key') actual = Object.keys(item.tags ?? {});
      else actual = field(item, filter.name);
      const values = (Array.isArray(actual) ? actual : [actual])
        .filter((v) => v !== undefined && v !== null)
        .map(String);
      return filter.values.some((pattern) => values.some((v) => wildcardMatch(pattern, v)));
    }),
  );
}

/**
 * EC2 paging. Without `MaxResults` every item is returned at once, as EC2 does; with it, pages hold
 * MaxResults items (5–1000), capped by the sandbox's maxPageSize so callers' paging is exercised.
 */
export function paginate<T>(items: T[], input: any, sb: Sandbox): { page: T[]; nextToken?: string } {
  let start = 0;
  if (input.NextToken !== undefined && input.NextToken !== '') {
    const decoded = Number(Buffer.from(String(input.NextToken), 'base64url').toString());
    if (!Number.isInteger(decoded) || decoded < 0)
      throw new AwsError(
        'InvalidParameterValue',
        `Invalid value for parameter NextToken: ${input.NextToken}`,
      );
    start = decoded;
  }
  if (input.MaxResults === undefined) return { page: items.slice(start) };
  const max = Number(input.MaxResults);
  if (!Number.isInteger(max) || max < 5 || max > 1000)
    throw new AwsError(
      'InvalidParameterValue',
      `Value ( ${input.MaxResults} ) for parameter maxResults is invalid. Expecting a value between 5 and 1000.`,
    );
  const size = sb.settings.maxPageSize ? Math.min(max, sb.settings.maxPageSize) : max;
  const page = items.slice(start, start + size);
  if (start + size >= items.length) return { page };
  return { page, nextToken: Buffer.from(String(start + size)).toString('base64url') };
}

/** EC2 output tags: `tagSet` items of `{key, value}`; omitted when empty. */
export function tagSet(
  tags: Record<string, string> | undefined,
): Array<{ key: string; value: string }> | undefined {
  const entries = Object.entries(tags ?? {});
  return entries.length ? entries.map(([key, value]) => ({ key, value })) : undefined;
}

/** Checks one tag as EC2 does: key 1–128, value ≤ 256, `aws:` reserved. */
export function checkTag(key: unknown, value: unknown): [string, string] {
  const k = key === undefined ? '' : String(key);
  const v = value === undefined ? '' : String(value);
  if (k.length === 0) throw invalidValue(k, 'Tag.Key', 'Tag keys must have a length of at least 1.');
  if (k.length > 128) throw invalidValue(k, 'Tag.Key', 'Tag keys must be 128 characters or fewer.');
  if (v.length > 256) throw invalidValue(v, 'Tag.Value', 'Tag values must be 256 characters or fewer.');
  if (k.toLowerCase().startsWith('aws:'))
    throw new AwsError(
      'InvalidParameterValue',
      "Tag keys starting with 'aws:' are reserved for internal use",
    );
  return [k, v];
}

/** Adds tags to a resource, enforcing EC2's 50-tag limit. */
export function addTags(target: Record<string, string>, tags: Array<[string, string]>): void {
  const merged = { ...target, ...Object.fromEntries(tags) };
  if (Object.keys(merged).length > 50)
    throw new AwsError('TagLimitExceeded', 'The maximum number of Tags for a resource has been reached.');
  Object.assign(target, merged);
}

/** Tags of `TagSpecification.N` for one resource type; another type is refused as EC2 refuses it. */
export function tagsFromSpecifications(input: any, resourceType: string): Array<[string, string]> {
  const tags: Array<[string, string]> = [];
  for (const spec of list<any>(input.TagSpecification)) {
    if (spec?.ResourceType !== resourceType)
      throw new AwsError(
        'InvalidParameterValue',
        `'${spec?.ResourceType ?? ''}' is not a valid taggable resource type for this operation.`,
      );
    for (const tag of list<any>(spec.Tag)) tags.push(checkTag(tag?.Key, tag?.Value));
  }
  if (tags.length > 50)
    throw new AwsError('TagLimitExceeded', 'The maximum number of Tags for a resource has been reached.');
  return tags;
}

/** Picks items by id list (all must exist) or returns all; EC2 checks id format first. */
export function selectByIds<T>(
  items: T[],
  ids: string[],
  idOf: (item: T) => string,
  check: { prefix: string; malformed: string; notFound: string; noun: string },
): T[] {
  if (ids.length === 0) return items;
  for (const id of ids) checkIdFormat(id, check.prefix, check.malformed);
  const missing = ids.filter((id) => !items.some((item) => idOf(item) === id));
  if (missing.length) throw notFound(check.notFound, check.noun, [...new Set(missing)]);
  return items.filter((item) => ids.includes(idOf(item)));
}
