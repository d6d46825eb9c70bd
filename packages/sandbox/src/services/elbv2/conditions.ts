/**
 * Rule conditions: at most one each of host-header, path-pattern, http-request-method and
 * source-ip; values <=128 characters; 5 condition values and 5 wildcards per rule. Host and path
 * conditions are returned with both the legacy `Values` and their Config, as AWS does.
 */
import { validationError } from '../../core/aws-error.js';
import { list, oneOf, str } from './input.js';
import type { Condition } from './state.js';

const FIELDS = [
  'host-header',
  'path-pattern',
  'http-request-method',
  'source-ip',
  'http-header',
  'query-string',
] as const;
const SINGLE = ['host-header', 'path-pattern', 'http-request-method', 'source-ip'];
const CONFIG_KEY: Record<string, keyof Condition> = {
  'host-header': 'HostHeaderConfig',
  'path-pattern': 'PathPatternConfig',
  'http-request-method': 'HttpRequestMethodConfig',
  'source-ip': 'SourceIpConfig',
  'http-header': 'HttpHeaderConfig',
  'query-string': 'QueryStringConfig',
};
const MAX_VALUES = 5;
const MAX_WILDCARDS = 5;

function strings(value: unknown): string[] {
  return (list<unknown>(value) ?? []).map((v) => str(v) ?? '');
}

function checkValue(field: string, value: string): void {
  if (value.length === 0 || value.length > 128) {
    throw validationError(`A '${field}' condition value must be 1-128 characters, got '${value}'`);
  }
  if (field === 'host-header') {
    if (!/^[A-Za-z0-9.*?-]+$/.test(value))
      throw validationError(`Host header value '${value}' contains characters that are not allowed`);
    if (!value.includes('.'))
      throw validationError(`Host header value '${value}' must contain at least one '.'`);
  }
  if (field === 'path-pattern' && !/^[A-Za-z0-9_\-.$/~"'@:+&*?]+$/.test(value)) {
    throw validationError(`Path pattern '${value}' contains characters that are not allowed`);
  }
  if (field === 'http-request-method' && !/^[A-Z_-]+$/.test(value)) {
    throw validationError(`HTTP request method '${value}' must contain only A-Z, hyphens and underscores`);
  }
  if (field === 'source-ip' && !/^(\d{1,3}\.){3}\d{1,3}\/\d{1,2}$|^[0-9a-fA-F:]+\/\d{1,3}$/.test(value)) {
    throw validationError(`Source IP '${value}' must be a CIDR block`);
  }
}

/** Parses one condition; returns it with the values that count toward the per-rule quotas. */
function parseCondition(raw: any, i: number): { condition: Condition; values: string[] } {
  const field = oneOf(raw?.Field, `conditions.${i + 1}.member.field`, FIELDS);
  if (!field) throw validationError('A condition field must be specified');
  const legacy = list<unknown>(raw.Values);
  const config = raw[CONFIG_KEY[field]!];
  if (legacy?.length && config)
    throw validationError(`You cannot specify both Values and ${CONFIG_KEY[field]} for '${field}'`);
  if (legacy?.length && field !== 'host-header' && field !== 'path-pattern') {
    throw validationError(`Condition '${field}' must use ${CONFIG_KEY[field]}`);
  }
  if (legacy && legacy.length > 1)
    throw validationError(`The legacy Values field of '${field}' takes one value`);
  if (field === 'query-string') {
    const pairs = (list<any>(config?.Values) ?? []).map((p) => ({
      ...(str(p?.Key) !== undefined ? { Key: str(p.Key)! } : {}),
      Value: str(p?.Value) ?? '',
    }));
    if (pairs.length === 0) throw validationError(`A '${field}' condition needs at least one value`);
    for (const p of pairs) {
      checkValue(field, p.Value);
      if (p.Key !== undefined) checkValue(field, p.Key);
    }
    return {
      condition: { Field: field, QueryStringConfig: { Values: pairs } },
      values: pairs.map((p) => `${p.Key ?? ''}${p.Value}`),
    };
  }
  const values = legacy?.length ? strings(legacy) : strings(config?.Values);
  if (values.length === 0) throw validationError(`A '${field}' condition needs at least one value`);
  for (const v of values) checkValue(field, v);
  if (field === 'http-header') {
    const name = str(config?.HttpHeaderName);
    if (!name || name.length > 40 || !/^[A-Za-z0-9!#$%&'*+\-.^_`|~]+$/.test(name)) {
      throw validationError(`HTTP header name '${name ?? ''}' is not valid`);
    }
    return {
      condition: { Field: field, HttpHeaderConfig: { HttpHeaderName: name, Values: values } },
      values,
    };
  }
  const condition: Condition = { Field: field, [CONFIG_KEY[field]!]: { Values: values } };
  if (field === 'host-header' || field === 'path-pattern') condition.Values = values;
  return { condition, values };
}

/** Validates a rule's conditions and returns their stored form. */
export function resolveConditions(input: unknown): Condition[] {
  const raw = list<any>(input) ?? [];
  if (raw.length === 0) throw validationError('At least one condition must be specified');
  const parsed = raw.map(parseCondition);
  for (const field of SINGLE) {
    if (parsed.filter((p) => p.condition.Field === field).length > 1) {
      throw validationError(`A rule can have only one '${field}' condition`);
    }
  }
  const values = parsed.flatMap((p) => p.values);
  if (values.length > MAX_VALUES) {
    throw validationError(`A rule can have at most '${MAX_VALUES}' condition values, got '${values.length}'`);
  }
  const wildcards = values.join('').replace(/[^*?]/g, '').length;
  if (wildcards > MAX_WILDCARDS) {
    throw validationError(`A rule can have at most '${MAX_WILDCARDS}' wildcards, got '${wildcards}'`);
  }
  return parsed.map((p) => p.condition);
}
