/**
 * Target group health-check settings: defaults per kind of group and AWS's ranges (interval 5-300,
 * timeout 2-120 and below the interval, thresholds 2-10, path <=1024, matcher 200-499 for HTTP
 * groups and 200-599 for TCP-family groups). Checks cannot be disabled for instance/ip/alb groups.
 */
import { validationError } from '../../core/aws-error.js';
import { bool, int, oneOf, str } from './input.js';
import type { TargetGroup } from './state.js';

type HealthCheck = TargetGroup['healthCheck'];

const HTTP = ['HTTP', 'HTTPS'];

/** True for NLB target groups (and `alb` groups, which are TCP). */
export function isTcpFamily(protocol: string | undefined): boolean {
  return ['TCP', 'TLS', 'UDP', 'TCP_UDP'].includes(protocol ?? '');
}

function defaultsFor(tg: Pick<TargetGroup, 'protocol' | 'targetType'>, hcProtocol?: string): HealthCheck {
  if (tg.targetType === 'lambda') {
    return {
      enabled: false,
      protocol: 'HTTP',
      path: '/',
      intervalSeconds: 35,
      timeoutSeconds: 30,
      healthyThresholdCount: 5,
      unhealthyThresholdCount: 2,
      matcher: '200',
    };
  }
  const tcpGroup = isTcpFamily(tg.protocol);
  const protocol =
    hcProtocol ??
    (tg.targetType === 'alb' ? 'HTTP' : tcpGroup ? 'TCP' : tg.protocol === 'HTTPS' ? 'HTTPS' : 'HTTP');
  const http = HTTP.includes(protocol);
  return {
    enabled: true,
    protocol,
    port: 'traffic-port',
    ...(http ? { path: '/', matcher: tcpGroup ? '200-399' : '200' } : {}),
    intervalSeconds: 30,
    timeoutSeconds: tcpGroup ? (http ? 6 : 10) : 5,
    healthyThresholdCount: 5,
    unhealthyThresholdCount: 2,
  };
}

function checkMatcher(code: string, tcpGroup: boolean): void {
  const max = tcpGroup ? 599 : 499;
  const parts = code.split(/[,-]/);
  const ok =
    /^\d{3}(-\d{3})?$|^\d{3}(,\d{3})*$/.test(code) &&
    parts.every((p) => Number(p) >= 200 && Number(p) <= max);
  if (!ok) {
    throw validationError(`Health check matcher HTTP code '${code}' must be within '200-${max}'`);
  }
}

/**
 * Health-check settings from Create/ModifyTargetGroup input, on top of `base` (the group's current
 * settings on modify, the kind's defaults on create).
 */
export function resolveHealthCheck(
  input: any,
  tg: Pick<TargetGroup, 'protocol' | 'targetType'>,
  base?: HealthCheck,
): HealthCheck {
  const tcpGroup = isTcpFamily(tg.protocol);
  const allowed = tg.targetType === 'alb' ? HTTP : tcpGroup ? ['HTTP', 'HTTPS', 'TCP'] : HTTP;
  const protocol = oneOf(input.HealthCheckProtocol, 'healthCheckProtocol', [
    'HTTP',
    'HTTPS',
    'TCP',
    'TLS',
    'UDP',
    'TCP_UDP',
    'GENEVE',
  ]);
  if (protocol && !allowed.includes(protocol)) {
    throw validationError(`Health check protocol '${protocol}' must be one of '${allowed.join(', ')}'`);
  }
  const hc: HealthCheck = { ...(base ?? defaultsFor(tg, protocol)) };
  if (base && protocol && protocol !== hc.protocol) {
    // HTTP <-> HTTPS keeps path and matcher; moving to or from TCP checks takes or drops them.
    const kindChanges = HTTP.includes(protocol) !== HTTP.includes(hc.protocol ?? '');
    hc.protocol = protocol;
    if (kindChanges) {
      const fresh = defaultsFor(tg, protocol);
      hc.path = fresh.path;
      hc.matcher = fresh.matcher;
    }
  }
  const enabled = bool(input.HealthCheckEnabled);
  if (enabled === false && tg.targetType !== 'lambda') {
    throw validationError(
      `Health checks cannot be disabled for target groups with target type '${tg.targetType}'`,
    );
  }
  if (enabled !== undefined) hc.enabled = enabled;
  const port = str(input.HealthCheckPort);
  if (port !== undefined) {
    if (
      port !== 'traffic-port' &&
      !(Number.isInteger(Number(port)) && Number(port) >= 1 && Number(port) <= 65535)
    ) {
      throw validationError(`Health check port '${port}' must be 'traffic-port' or between 1 and 65535`);
    }
    hc.port = port;
  }
  hc.intervalSeconds =
    int(input.HealthCheckIntervalSeconds, 'healthCheckIntervalSeconds', 5, 300) ?? hc.intervalSeconds;
  hc.timeoutSeconds =
    int(input.HealthCheckTimeoutSeconds, 'healthCheckTimeoutSeconds', 2, 120) ?? hc.timeoutSeconds;
  hc.healthyThresholdCount =
    int(input.HealthyThresholdCount, 'healthyThresholdCount', 2, 10) ?? hc.healthyThresholdCount;
  hc.unhealthyThresholdCount =
    int(input.UnhealthyThresholdCount, 'unhealthyThresholdCount', 2, 10) ?? hc.unhealthyThresholdCount;
  if (hc.timeoutSeconds >= hc.intervalSeconds) {
    throw validationError(
      `Health check timeout '${hc.timeoutSeconds}' must be smaller than the interval '${hc.intervalSeconds}'`,
    );
  }
  const http = HTTP.includes(hc.protocol ?? '');
  const path = str(input.HealthCheckPath);
  if (path !== undefined) {
    if (!http)
      throw validationError(`A health check path cannot be specified for '${hc.protocol}' health checks`);
    if (!path.startsWith('/') || path.length > 1024) {
      throw validationError(`Health check path '${path}' must start with '/' and be at most 1024 characters`);
    }
    hc.path = path;
  }
  const code = str(input.Matcher?.HttpCode);
  if (code !== undefined) {
    if (!http)
      throw validationError(`A health check matcher cannot be specified for '${hc.protocol}' health checks`);
    checkMatcher(code, tcpGroup);
    hc.matcher = code;
  }
  return hc;
}
