/**
 * GetTagKeys and GetTagValues: the tag keys in use in the caller's Region, and the values of one key,
 * over the same resources GetResources sees; paged with the same kind of token.
 */
import type { RequestContext } from '../../core/types.js';
import { invalidParameter, pageAfter } from './pagination-token.js';
import { taggedResources } from './tagged-resources.js';

/** AWS names no page size for these calls; the sandbox cuts pages of 500 (capped by maxPageSize). */
const PAGE = 500;

function page(ctx: RequestContext, all: Set<string>, token: unknown) {
  const sorted = [...all].sort();
  const size = Math.min(PAGE, ctx.sb.settings.maxPageSize ?? PAGE);
  return pageAfter(
    ctx.sb,
    sorted,
    (k) => k,
    token,
    (taken) => taken.length < size,
  );
}

export function getTagKeys(input: any, ctx: RequestContext) {
  const keys = new Set(taggedResources(ctx.sb, ctx.region).flatMap((r) => Object.keys(r.tags)));
  const { page: TagKeys, next } = page(ctx, keys, input?.PaginationToken);
  return { TagKeys, PaginationToken: next ?? '' };
}

export function getTagValues(input: any, ctx: RequestContext) {
  const key = input?.Key;
  if (typeof key !== 'string' || key.length < 1 || key.length > 128)
    throw invalidParameter('Key is required: the tag key (1 to 128 characters) whose values to list');
  const values = new Set(
    taggedResources(ctx.sb, ctx.region)
      .filter((r) => Object.hasOwn(r.tags, key))
      .map((r) => r.tags[key]!),
  );
  const { page: TagValues, next } = page(ctx, values, input?.PaginationToken);
  return { TagValues, PaginationToken: next ?? '' };
}
