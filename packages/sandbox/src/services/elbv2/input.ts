/**
 * awsQuery input coercion: values arrive as strings and lists as arrays (an empty list as ''),
 * so handlers read them through these helpers, which fail the way ELBv2 fails (ValidationError).
 */
import { validationError } from '../../core/aws-error.js';

/** A list parameter: undefined when absent, [] when sent empty. */
export function list<T = any>(value: unknown): T[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (value === '') return [];
  if (Array.isArray(value)) return value as T[];
  if (typeof value === 'object' && 'member' in (value as object)) return list((value as any).member);
  if (typeof value === 'object') return Object.values(value as object) as T[];
  return [value as T];
}

/** A scalar parameter as a string (undefined when absent). */
export function str(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  return String(value);
}

/** A required scalar: a ValidationError names the field when it is missing. */
export function required(value: unknown, field: string): string {
  const s = str(value);
  if (s === undefined || s === '') throw validationError(`${field} must be specified`);
  return s;
}

/** An integer parameter within [min, max]; ValidationError names the field and the bounds. */
export function int(value: unknown, field: string, min?: number, max?: number): number | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const n = Number(value);
  if (!Number.isInteger(n)) throw validationError(`${field} must be an integer, got '${String(value)}'`);
  if ((min !== undefined && n < min) || (max !== undefined && n > max)) {
    throw validationError(
      `1 validation error detected: Value '${n}' at '${field}' failed to satisfy constraint: ` +
        `Member must have value ${min !== undefined && max !== undefined ? `between ${min} and ${max}` : min !== undefined ? `greater than or equal to ${min}` : `less than or equal to ${max}`}`,
    );
  }
  return n;
}

/** A boolean parameter (`true`/`false` on the wire). */
export function bool(value: unknown): boolean | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value === 'boolean') return value;
  return String(value).toLowerCase() === 'true';
}

/** Checks that the value is one of the enum members, as the API model does. */
export function oneOf<T extends string>(value: unknown, field: string, allowed: readonly T[]): T | undefined {
  const s = str(value);
  if (s === undefined) return undefined;
  if (!allowed.includes(s as T)) {
    throw validationError(
      `1 validation error detected: Value '${s}' at '${field}' failed to satisfy constraint: ` +
        `Member must satisfy enum value set: [${allowed.join(', ')}]`,
    );
  }
  return s as T;
}

/** Key/Value pairs (tags, attributes) as sent on the wire. */
export function keyValues(value: unknown): { Key: string; Value?: string }[] {
  return (list<any>(value) ?? []).map((kv) => ({ Key: str(kv?.Key) ?? '', Value: str(kv?.Value) }));
}
