/**
 * Load balancer and target group attributes: which keys each kind supports, their defaults and
 * ranges. A value out of range is a ValidationError; a key this resource does not support is an
 * InvalidConfigurationRequest; attributes are merged and the reply lists all of them.
 */
import { AwsError, validationError } from '../../core/aws-error.js';
import { keyValues } from './input.js';

/** Returns an error message when the value is not acceptable. */
type Check = (value: string) => string | undefined;

/** One supported attribute: its default and its range check. */
export interface AttributeSpec {
  default: string;
  check: Check;
}

/** The attributes one kind of resource supports, by key. */
export type AttributeTable = Record<string, AttributeSpec>;

const bool = (def: boolean): AttributeSpec => ({
  default: String(def),
  check: (v) => (v === 'true' || v === 'false' ? undefined : `must be 'true' or 'false'`),
});

const int = (def: number, min: number, max: number, also?: number): AttributeSpec => ({
  default: String(def),
  check: (v) => {
    const n = Number(v);
    if (/^-?\d+$/.test(v) && ((n >= min && n <= max) || n === also)) return undefined;
    return `must be ${also !== undefined ? `${also} or ` : ''}between ${min} and ${max}`;
  },
});

const oneOf = (def: string, values: string[]): AttributeSpec => ({
  default: def,
  check: (v) => (values.includes(v) ? undefined : `must be one of: ${values.join(', ')}`),
});

const text = (def = ''): AttributeSpec => ({ default: def, check: () => undefined });

const accessLogs: AttributeTable = {
  'access_logs.s3.enabled': bool(false),
  'access_logs.s3.bucket': text(),
  'access_logs.s3.prefix': text(),
  'deletion_protection.enabled': bool(false),
  'zonal_shift.config.enabled': bool(false),
};

/** Application load balancer attributes. */
export const ALB_ATTRIBUTES: AttributeTable = {
  ...accessLogs,
  'connection_logs.s3.enabled': bool(false),
  'connection_logs.s3.bucket': text(),
  'connection_logs.s3.prefix': text(),
  'idle_timeout.timeout_seconds': int(60, 1, 4000),
  'client_keep_alive.seconds': int(3600, 60, 604800),
  'load_balancing.cross_zone.enabled': bool(true),
  'routing.http.desync_mitigation_mode': oneOf('defensive', ['monitor', 'defensive', 'strictest']),
  'routing.http.drop_invalid_header_fields.enabled': bool(false),
  'routing.http.preserve_host_header.enabled': bool(false),
  'routing.http.x_amzn_tls_version_and_cipher_suite.enabled': bool(false),
  'routing.http.xff_client_port.enabled': bool(false),
  'routing.http.xff_header_processing.mode': oneOf('append', ['append', 'preserve', 'remove']),
  'routing.http2.enabled': bool(true),
  'waf.fail_open.enabled': bool(false),
};

/** Network load balancer attributes. */
export const NLB_ATTRIBUTES: AttributeTable = {
  ...accessLogs,
  'load_balancing.cross_zone.enabled': bool(false),
  'dns_record.client_routing_policy': oneOf('any_availability_zone', [
    'availability_zone_affinity',
    'partial_availability_zone_affinity',
    'any_availability_zone',
  ]),
};

const tgCommon: AttributeTable = {
  'deregistration_delay.timeout_seconds': int(300, 0, 3600),
  'stickiness.enabled': bool(false),
  'load_balancing.cross_zone.enabled': oneOf('use_load_balancer_configuration', [
    'true',
    'false',
    'use_load_balancer_configuration',
  ]),
};

/** Target groups of ALBs (HTTP/HTTPS, instance or ip targets). */
export const ALB_TG_ATTRIBUTES: AttributeTable = {
  ...tgCommon,
  'stickiness.type': oneOf('lb_cookie', [
    'lb_cookie',
    'app_cookie',
    'source_ip',
    'source_ip_dest_ip',
    'source_ip_dest_ip_proto',
  ]),
  'stickiness.lb_cookie.duration_seconds': int(86400, 1, 604800),
  'stickiness.app_cookie.cookie_name': text(),
  'stickiness.app_cookie.duration_seconds': int(86400, 1, 604800),
  'slow_start.duration_seconds': int(0, 30, 900, 0),
  'load_balancing.algorithm.type': oneOf('round_robin', [
    'round_robin',
    'least_outstanding_requests',
    'weighted_random',
  ]),
  'load_balancing.algorithm.anomaly_mitigation': oneOf('off', ['on', 'off']),
  'target_group_health.dns_failover.minimum_healthy_targets.count': text('1'),
  'target_group_health.dns_failover.minimum_healthy_targets.percentage': text('off'),
  'target_group_health.unhealthy_state_routing.minimum_healthy_targets.count': text('1'),
  'target_group_health.unhealthy_state_routing.minimum_healthy_targets.percentage': text('off'),
};

/** Target groups of NLBs (TCP, TLS, UDP, TCP_UDP). */
export function nlbTargetGroupAttributes(targetType: string): AttributeTable {
  return {
    ...tgCommon,
    'stickiness.type': oneOf('source_ip', [
      'lb_cookie',
      'app_cookie',
      'source_ip',
      'source_ip_dest_ip',
      'source_ip_dest_ip_proto',
    ]),
    'deregistration_delay.connection_termination.enabled': bool(false),
    'preserve_client_ip.enabled': bool(targetType === 'instance'),
    'proxy_protocol_v2.enabled': bool(false),
    'target_health_state.unhealthy.connection_termination.enabled': bool(true),
    'target_health_state.unhealthy.draining_interval_seconds': int(0, 0, 360000),
    'target_group_health.dns_failover.minimum_healthy_targets.count': text('1'),
    'target_group_health.dns_failover.minimum_healthy_targets.percentage': text('off'),
    'target_group_health.unhealthy_state_routing.minimum_healthy_targets.count': text('1'),
    'target_group_health.unhealthy_state_routing.minimum_healthy_targets.percentage': text('off'),
  };
}

/** Target groups of Lambda functions. */
export const LAMBDA_TG_ATTRIBUTES: AttributeTable = {
  'lambda.multi_value_headers.enabled': bool(false),
};

/** Stickiness types each kind of target group accepts (others: InvalidConfigurationRequest). */
export const STICKINESS_TYPES = { alb: ['lb_cookie', 'app_cookie'], nlb: ['source_ip'] };

/** The defaults of a table, as a fresh resource has them. */
export function defaults(table: AttributeTable): Record<string, string> {
  return Object.fromEntries(Object.entries(table).map(([k, s]) => [k, s.default]));
}

/**
 * Validates `Attributes` against the table and returns the merged set. `extra` adds checks that
 * depend on the resource (stickiness types per protocol).
 */
export function mergeAttributes(
  current: Record<string, string>,
  input: unknown,
  table: AttributeTable,
  extra?: (key: string, value: string) => void,
): Record<string, string> {
  const changes = keyValues(input);
  if (changes.length === 0) throw validationError('Attributes must be specified');
  const merged = { ...current };
  for (const { Key, Value = '' } of changes) {
    const spec = table[Key];
    if (!spec) {
      throw new AwsError(
        'InvalidConfigurationRequest',
        `The attribute key '${Key}' is not supported for this resource`,
      );
    }
    const problem = spec.check(Value);
    if (problem)
      throw validationError(`The value '${Value}' of attribute '${Key}' is not valid: it ${problem}`);
    extra?.(Key, Value);
    merged[Key] = Value;
  }
  return merged;
}

/** The wire form: [{Key, Value}] in table order. */
export function attributeList(attrs: Record<string, string>): { Key: string; Value: string }[] {
  return Object.entries(attrs).map(([Key, Value]) => ({ Key, Value }));
}
