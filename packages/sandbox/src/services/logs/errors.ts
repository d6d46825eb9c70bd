/**
 * CloudWatch Logs' errors (awsJson1_1 `__type`), with the messages AWS gives, and the checks several
 * operations share: names, limits, the group and stream lookups.
 */
import { AwsError } from '../../core/aws-error.js';
import type { Sandbox } from '../../core/types.js';
import { type LogGroup, type LogStream, logsState } from './state.js';

export function invalidParameter(message: string): AwsError {
  return new AwsError('InvalidParameterException', message);
}

/** The constraint-violation message AWS's request validation gives. */
export function constraint(value: unknown, field: string, rule: string): AwsError {
  return invalidParameter(
    `1 validation error detected: Value '${String(value)}' at '${field}' failed to satisfy constraint: ${rule}`,
  );
}

export function groupNotFound(): AwsError {
  return new AwsError('ResourceNotFoundException', 'The specified log group does not exist.');
}

export function streamNotFound(): AwsError {
  return new AwsError('ResourceNotFoundException', 'The specified log stream does not exist.');
}

/** A required string parameter, 1..max characters. */
export function requiredName(value: unknown, field: string, max = 512): string {
  if (value === undefined || value === null) throw constraint('null', field, 'Member must not be null');
  const name = String(value);
  if (name.length < 1) throw constraint(name, field, 'Member must have length greater than or equal to 1');
  if (name.length > max)
    throw constraint(name, field, `Member must have length less than or equal to ${max}`);
  return name;
}

/** `limit`: an integer in 1..max, or the default. */
export function checkLimit(value: unknown, max: number, fallback: number): number {
  if (value === undefined || value === null) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1)
    throw constraint(value, 'limit', 'Member must have value greater than or equal to 1');
  if (n > max) throw constraint(value, 'limit', `Member must have value less than or equal to ${max}`);
  return n;
}

/**
 * The log group a request names, by `logGroupName` or `logGroupIdentifier` (name or ARN), not both.
 */
export function findGroup(sb: Sandbox, input: any): LogGroup {
  if (input.logGroupName !== undefined && input.logGroupIdentifier !== undefined)
    throw invalidParameter('LogGroup name and LogGroup ARN are mutually exclusive parameters.');
  const raw = input.logGroupName ?? input.logGroupIdentifier;
  const name = requiredName(
    raw,
    input.logGroupName !== undefined ? 'logGroupName' : 'logGroupIdentifier',
    2048,
  );
  const arn = /^arn:aws[\w-]*:logs:[^:]*:\d{12}:log-group:([^:]+)(?::\*)?$/.exec(name);
  const group = logsState(sb).groups[arn ? arn[1]! : name];
  if (!group) throw groupNotFound();
  return group;
}

export function findStream(group: LogGroup, value: unknown): LogStream {
  const stream = group.streams[requiredName(value, 'logStreamName')];
  if (!stream) throw streamNotFound();
  return stream;
}

/** Opaque page tokens: base64url of a JSON value; a token that does not decode is refused. */
export function encodeToken(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

export function decodeToken<T>(token: unknown, valid: (v: any) => boolean): T {
  try {
    const value = JSON.parse(Buffer.from(String(token), 'base64url').toString());
    if (valid(value)) return value as T;
  } catch {
    // fall through: refused below
  }
  throw invalidParameter('The specified nextToken is invalid.');
}
