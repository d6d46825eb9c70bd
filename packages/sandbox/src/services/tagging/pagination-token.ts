/**
 * The tagging API's PaginationToken: opaque to callers, valid for 15 minutes (AWS; README). The
 * sandbox's token carries the last ARN of the page it ends and the sandbox time it was issued, so the
 * next page starts after that ARN even if resources came or went in between.
 */
import { AwsError } from '../../core/aws-error.js';
import type { Sandbox } from '../../core/types.js';

/** AWS: "A PaginationToken is valid for a maximum of 15 minutes." */
export const TOKEN_LIFETIME_MS = 15 * 60 * 1000;

export function invalidParameter(message: string): AwsError {
  return new AwsError('InvalidParameterException', message);
}

/** A token for the page after `after` (an ARN, a tag key or a value: whatever the call pages over). */
export function issueToken(sb: Sandbox, after: string): string {
  return Buffer.from(JSON.stringify({ after, at: sb.clock.now() })).toString('base64url');
}

/**
 * Where the page the token asks for starts: after this item. Undefined for a first request (no token
 * or an empty one, which AWS treats as the first page).
 */
export function readToken(sb: Sandbox, token: unknown): string | undefined {
  if (token === undefined || token === null || token === '') return undefined;
  if (typeof token !== 'string') throw invalidParameter('PaginationToken must be a string');
  let parsed: { after?: unknown; at?: unknown };
  try {
    parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    throw invalidParameter(`The PaginationToken '${token}' is not valid`);
  }
  if (typeof parsed?.after !== 'string' || typeof parsed.at !== 'number')
    throw invalidParameter(`The PaginationToken '${token}' is not valid`);
  if (sb.clock.now() - parsed.at > TOKEN_LIFETIME_MS)
    throw new AwsError(
      'PaginationTokenExpiredException',
      'The PaginationToken has expired: a PaginationToken is valid for a maximum of 15 minutes',
    );
  return parsed.after;
}

/** One page of `items` (sorted by `keyOf`) after the token's item, and the token of the next page. */
export function pageAfter<T>(
  sb: Sandbox,
  items: T[],
  keyOf: (item: T) => string,
  token: unknown,
  fits: (page: T[], next: T) => boolean,
): { page: T[]; next?: string } {
  const after = readToken(sb, token);
  const start = after === undefined ? 0 : items.findIndex((i) => keyOf(i) > after);
  const rest = start < 0 ? [] : items.slice(start);
  const page: T[] = [];
  for (const item of rest) {
    if (page.length > 0 && !fits(page, item)) break;
    page.push(item);
  }
  return page.length < rest.length ? { page, next: issueToken(sb, keyOf(page.at(-1)!)) } : { page };
}
