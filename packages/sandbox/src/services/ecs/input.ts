/** Input checks shared by the ECS handlers, with the exception names ECS uses. */
import { AwsError } from '../../core/aws-error.js';
import type { Sandbox } from '../../core/types.js';

export function invalidParameter(message: string): AwsError {
  return new AwsError('InvalidParameterException', message);
}

export function clientError(message: string): AwsError {
  return new AwsError('ClientException', message);
}

export function requireString(value: unknown, name: string): string {
  if (typeof value !== 'string' || value === '') throw invalidParameter(`${name} is required.`);
  return value;
}

export function optionalInt(value: unknown, name: string): number | undefined {
  if (value === undefined || value === null) return undefined;
  const n = typeof value === 'string' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isInteger(n)) throw invalidParameter(`${name} must be an integer.`);
  return n;
}

export function stringList(value: unknown, name: string, max?: number): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string'))
    throw invalidParameter(`${name} must be a list of strings.`);
  if (max !== undefined && value.length > max)
    throw invalidParameter(`${name} can have at most ${max} items.`);
  return value;
}

/** `[{key, value}]` as ECS takes tags, with its limits (50 tags, keys <=128, values <=256, no aws: keys). */
export function parseTags(value: unknown): Record<string, string> {
  if (value === undefined || value === null) return {};
  if (!Array.isArray(value)) throw invalidParameter('tags must be a list.');
  if (value.length > 50) throw invalidParameter('The number of tags exceeds the limit of 50.');
  const out: Record<string, string> = {};
  for (const t of value) {
    const key = t?.key;
    if (typeof key !== 'string' || key.length < 1 || key.length > 128)
      throw invalidParameter('Tag keys must be between 1 and 128 characters.');
    if (key.toLowerCase().startsWith('aws:'))
      throw invalidParameter('Tag keys with the aws: prefix are reserved.');
    const v = t.value ?? '';
    if (typeof v !== 'string' || v.length > 256)
      throw invalidParameter('Tag values must be at most 256 characters.');
    out[key] = v;
  }
  return out;
}

export function tagList(tags: Record<string, string>): { key: string; value: string }[] {
  return Object.entries(tags).map(([key, value]) => ({ key, value }));
}

/**
 * One page of `items`. `maxResults` 1..100 (ECS's range; default `defaultMax`), capped by the
 * sandbox's maxPageSize so callers' paging is exercised; the token is opaque to callers.
 */
export function page<T>(
  sb: Sandbox,
  items: T[],
  input: { maxResults?: unknown; nextToken?: unknown },
  defaultMax = 100,
): { items: T[]; nextToken?: string } {
  const max = optionalInt(input.maxResults, 'maxResults');
  if (max !== undefined && (max < 1 || max > 100))
    throw invalidParameter('maxResults must be between 1 and 100.');
  let size = max ?? defaultMax;
  if (sb.settings.maxPageSize) size = Math.min(size, sb.settings.maxPageSize);
  let start = 0;
  if (input.nextToken !== undefined && input.nextToken !== null && input.nextToken !== '') {
    const decoded = decodeToken(String(input.nextToken));
    if (decoded === undefined) throw invalidParameter('Invalid nextToken.');
    start = decoded;
  }
  const slice = items.slice(start, start + size);
  const next = start + size < items.length ? encodeToken(start + size) : undefined;
  return { items: slice, nextToken: next };
}

function encodeToken(offset: number): string {
  return Buffer.from(JSON.stringify({ o: offset })).toString('base64');
}

function decodeToken(token: string): number | undefined {
  try {
    const v = JSON.parse(Buffer.from(token, 'base64').toString('utf8'));
    return Number.isInteger(v?.o) && v.o >= 0 ? v.o : undefined;
  } catch {
    return undefined;
  }
}
