/**
 * Marker/NextMarker paging shared by the ELBv2 describe calls. PageSize is 1-400 (AWS's default is
 * 400); `settings.maxPageSize` caps it further so callers' paging loops are really exercised.
 */
import { validationError } from '../../core/aws-error.js';
import type { Sandbox } from '../../core/types.js';
import { int, str } from './input.js';

/** One page of a describe call and the marker of the next, if any. */
export interface Page<T> {
  items: T[];
  NextMarker?: string;
}

/** One page of `all`, starting at the input's Marker, sized by PageSize (1-400). */
export function paginate<T>(sb: Sandbox, all: T[], input: { Marker?: unknown; PageSize?: unknown }): Page<T> {
  const requested = int(input.PageSize, 'pageSize', 1, 400) ?? 400;
  const size = Math.min(requested, sb.settings.maxPageSize ?? requested);
  const marker = str(input.Marker);
  let start = 0;
  if (marker) {
    const decoded = Buffer.from(marker, 'base64').toString('utf8');
    const m = /^offset:(\d+)$/.exec(decoded);
    if (!m) throw validationError(`The marker '${marker}' is not valid`);
    start = Number(m[1]);
  }
  const items = all.slice(start, start + size);
  const next = start + size;
  return next < all.length
    ? { items, NextMarker: Buffer.from(`offset:${next}`).toString('base64') }
    : { items };
}
