/**
 * GetResources: the tagged resources of the caller's Region that pass every TagFilter (AND across
 * filters, OR across one filter's values, any value when it lists none) and any ResourceTypeFilter,
 * a page at a time. Limits and errors as the API reference gives them (README).
 */
import type { RequestContext } from '../../core/types.js';
import { invalidParameter, pageAfter } from './pagination-token.js';
import { type TaggedResource, taggedResources } from './tagged-resources.js';

interface TagFilter {
  Key: string;
  Values: string[];
}

function intIn(value: unknown, name: string, min: number, max: number): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max)
    throw invalidParameter(`${name} must be an integer from ${min} to ${max}; got ${JSON.stringify(value)}`);
  return value;
}

function listOf(value: unknown, name: string): unknown[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw invalidParameter(`${name} must be a list`);
  return value;
}

export function tagFiltersOf(value: unknown): TagFilter[] {
  const filters = listOf(value, 'TagFilters');
  if (filters.length > 50) throw invalidParameter('TagFilters: a request can include up to 50 keys');
  return filters.map((f: any) => {
    if (typeof f?.Key !== 'string' || f.Key.length < 1 || f.Key.length > 128)
      throw invalidParameter('TagFilters: each TagFilter needs a Key of 1 to 128 characters');
    const values = listOf(f.Values, 'TagFilter Values');
    if (values.length > 20) throw invalidParameter(`TagFilters: key ${f.Key} has more than 20 values`);
    if (values.some((v) => typeof v !== 'string' || v.length > 256))
      throw invalidParameter(
        `TagFilters: the values of key ${f.Key} must be strings of up to 256 characters`,
      );
    return { Key: f.Key, Values: values as string[] };
  });
}

/** `service` or `service:resourceType`, lower case as in ARNs. */
const TYPE_FILTER = /^[a-z0-9-]+(:[a-z0-9-]+)?$/;

export function typeFiltersOf(value: unknown): string[] {
  const types = listOf(value, 'ResourceTypeFilters');
  for (const t of types)
    if (typeof t !== 'string' || !TYPE_FILTER.test(t))
      throw invalidParameter(
        `ResourceTypeFilters: ${JSON.stringify(t)} is not a resource type (service[:resourceType], e.g. ec2 or ec2:instance)`,
      );
  return types as string[];
}

export function matchesTags(tags: Record<string, string>, filters: TagFilter[]): boolean {
  return filters.every(
    (f) => Object.hasOwn(tags, f.Key) && (f.Values.length === 0 || f.Values.includes(tags[f.Key]!)),
  );
}

export function matchesType(type: string, filters: string[]): boolean {
  if (filters.length === 0) return true;
  const service = type.split(':')[0];
  return filters.some((f) => f === type || f === service);
}

function mapping(r: TaggedResource) {
  return { ResourceARN: r.arn, Tags: Object.entries(r.tags).map(([Key, Value]) => ({ Key, Value })) };
}

/** ResourceARNList: those ARNs' tags, with no paging and no other filter (AWS refuses the mix). */
function byArnList(input: any, ctx: RequestContext) {
  const arns = listOf(input.ResourceARNList, 'ResourceARNList');
  if (arns.length < 1 || arns.length > 100)
    throw invalidParameter('ResourceARNList must list from 1 to 100 ARNs');
  const mixed = ['TagFilters', 'ResourceTypeFilters', 'ResourcesPerPage', 'TagsPerPage', 'PaginationToken'];
  const other = mixed.find((k) => input[k] !== undefined && input[k] !== null && input[k] !== '');
  if (other) throw invalidParameter(`ResourceARNList cannot be combined with ${other}`);
  const wanted = new Set(arns);
  // An ARN that names no resource is no error: it is simply not in the answer.
  const found = taggedResources(ctx.sb, ctx.region).filter((r) => wanted.has(r.arn));
  return { ResourceTagMappingList: found.map(mapping), PaginationToken: '' };
}

export function getResources(input: any, ctx: RequestContext) {
  input ??= {};
  if (input.ResourceARNList !== undefined) return byArnList(input, ctx);
  const perPage = intIn(input.ResourcesPerPage, 'ResourcesPerPage', 1, 100) ?? 100;
  const tagsPerPage = intIn(input.TagsPerPage, 'TagsPerPage', 100, 500);
  if (input.ExcludeCompliantResources === true && input.IncludeComplianceDetails !== true)
    throw invalidParameter('ExcludeCompliantResources can be used only with IncludeComplianceDetails');
  const tagFilters = tagFiltersOf(input.TagFilters);
  const typeFilters = typeFiltersOf(input.ResourceTypeFilters);
  const matching = taggedResources(ctx.sb, ctx.region).filter(
    (r) => matchesType(r.type, typeFilters) && matchesTags(r.tags, tagFilters),
  );
  const size = Math.min(perPage, ctx.sb.settings.maxPageSize ?? perPage);
  // TagsPerPage counts a resource's tags (at least one each) and never splits a resource.
  const tagCount = (r: TaggedResource) => Math.max(1, Object.keys(r.tags).length);
  const { page, next } = pageAfter(
    ctx.sb,
    matching,
    (r) => r.arn,
    input.PaginationToken,
    (taken, r) =>
      taken.length < size &&
      (tagsPerPage === undefined || taken.reduce((n, t) => n + tagCount(t), tagCount(r)) <= tagsPerPage),
  );
  return { ResourceTagMappingList: page.map(mapping), PaginationToken: next ?? '' };
}
