/**
 * The desired rail, as plain data: what each resource should look like according to rail.yaml and
 * the seed article (with its mistakes fixed). Pure: no AWS calls. The converge steps compare these
 * specs with what AWS describes.
 */

import { ROLES, railNames } from '../common/names.js';
import type { RailConfig, ServiceConfig } from '../config/schema.js';

/** A current TLS 1.3 policy for the HTTPS (ALB) and TLS (NLB) listeners. */
export const TLS_POLICY = 'ELBSecurityPolicy-TLS13-1-2-2021-06';
export const ALB_IDLE_TIMEOUT = 60;
export const SLOW_START_SECONDS = 30;
/** The ALB listeners' default action: a request no rule claims gets a plain 404. */
export const DEFAULT_FIXED_RESPONSE = {
  StatusCode: '404',
  ContentType: 'text/plain',
  MessageBody: 'no route',
};

export interface HealthCheckSpec {
  protocol: string;
  port: string;
  path?: string;
  interval: number;
  timeout: number;
  healthy: number;
  unhealthy: number;
  matcher?: string;
}

export interface TargetGroupSpec {
  name: string;
  protocol: string;
  port: number;
  targetType: 'ip' | 'alb';
  vpcId: string;
  healthCheck: HealthCheckSpec;
  /** Attributes rails sets explicitly (others are left as AWS has them). */
  attributes: Record<string, string>;
  role: string;
  service?: string;
}

export interface LoadBalancerSpec {
  name: string;
  type: 'network' | 'application';
  subnets: string[];
  attributes: Record<string, string>;
  role: string;
}

export interface ListenerSpec {
  port: number;
  protocol: 'TCP' | 'TLS' | 'HTTP' | 'HTTPS';
  certificate?: string;
  sslPolicy?: string;
  /** `forward` to a target group role, or the fixed 404. */
  defaultAction: { type: 'forward'; targetGroupRole: string } | { type: 'fixed-404' };
  role: string;
}

/** Ports the NLB listens on and forwards to the ALB. */
export const RAIL_PORTS = [80, 443] as const;

function accessLogAttributes(bucket: string | undefined): Record<string, string> {
  return bucket
    ? { 'access_logs.s3.enabled': 'true', 'access_logs.s3.bucket': bucket, 'access_logs.s3.prefix': '' }
    : { 'access_logs.s3.enabled': 'false' };
}

export function nlbSpec(rail: RailConfig): LoadBalancerSpec {
  return {
    name: railNames.nlb(rail.stage),
    type: 'network',
    subnets: [...rail.subnets],
    attributes: { 'load_balancing.cross_zone.enabled': 'true', ...accessLogAttributes(rail.accessLogs.nlb) },
    role: ROLES.nlb,
  };
}

export function albSpec(rail: RailConfig): LoadBalancerSpec {
  return {
    name: railNames.alb(rail.stage),
    type: 'application',
    subnets: [...rail.subnets],
    attributes: {
      'idle_timeout.timeout_seconds': String(ALB_IDLE_TIMEOUT),
      ...accessLogAttributes(rail.accessLogs.alb),
    },
    role: ROLES.alb,
  };
}

/**
 * The NLB's target groups. `sync`: TCP:80 and TLS:443 of type ip, kept on the ALB's IPs by the sync.
 * `alb-target`: TCP:80 and TCP:443 of type alb with the ALB registered; TLS then ends at the ALB.
 * Health checks of an `alb` target hit the ALB itself, whose default answer is our fixed 404, so
 * any answer below 500 means the ALB is up.
 */
export function nlbTargetGroupSpecs(rail: RailConfig): TargetGroupSpec[] {
  return RAIL_PORTS.map((port): TargetGroupSpec => {
    const name = railNames.nlbTargetGroup(rail.stage, port);
    const role = ROLES.nlbTargetGroup(port);
    if (rail.staticIps === 'alb-target') {
      return {
        name,
        role,
        protocol: 'TCP',
        port,
        targetType: 'alb',
        vpcId: rail.vpc,
        healthCheck: {
          protocol: port === 443 ? 'HTTPS' : 'HTTP',
          port: 'traffic-port',
          path: '/',
          interval: 30,
          timeout: 6,
          healthy: 5,
          unhealthy: 2,
          matcher: '200-499',
        },
        attributes: {},
      };
    }
    return {
      name,
      role,
      protocol: port === 443 ? 'TLS' : 'TCP',
      port,
      targetType: 'ip' as const,
      vpcId: rail.vpc,
      healthCheck: {
        protocol: 'TCP',
        port: 'traffic-port',
        interval: 30,
        timeout: 10,
        healthy: 5,
        unhealthy: 2,
      },
      attributes: { 'proxy_protocol_v2.enabled': 'false' },
    };
  });
}

export function nlbListenerSpecs(rail: RailConfig): ListenerSpec[] {
  return RAIL_PORTS.map((port) => {
    const tls = port === 443 && rail.staticIps === 'sync';
    return {
      port,
      protocol: tls ? 'TLS' : 'TCP',
      ...(tls ? { certificate: rail.certificate, sslPolicy: TLS_POLICY } : {}),
      defaultAction: { type: 'forward', targetGroupRole: ROLES.nlbTargetGroup(port) },
      role: ROLES.nlbListener(port),
    };
  });
}

export function albListenerSpecs(rail: RailConfig): ListenerSpec[] {
  return [
    { port: 80, protocol: 'HTTP', defaultAction: { type: 'fixed-404' }, role: ROLES.albListener(80) },
    {
      port: 443,
      protocol: 'HTTPS',
      certificate: rail.certificate,
      sslPolicy: TLS_POLICY,
      defaultAction: { type: 'fixed-404' },
      role: ROLES.albListener(443),
    },
  ];
}

/** A service's target group settings (the name is `<first 20 chars>-<6 random hex>`, chosen at creation). */
export function serviceTargetGroupSpec(rail: RailConfig, svc: ServiceConfig): Omit<TargetGroupSpec, 'name'> {
  return {
    protocol: 'HTTP',
    port: svc.port,
    targetType: 'ip',
    vpcId: rail.vpc,
    healthCheck: {
      protocol: 'HTTP',
      port: 'traffic-port',
      path: svc.healthCheck.path,
      interval: svc.healthCheck.interval,
      timeout: svc.healthCheck.timeout,
      healthy: 5,
      unhealthy: 2,
      matcher: svc.healthCheck.matcher,
    },
    attributes: {
      'slow_start.duration_seconds': String(SLOW_START_SECONDS),
      'stickiness.enabled': 'true',
      'stickiness.type': 'lb_cookie',
    },
    role: ROLES.serviceTargetGroup,
    service: svc.name,
  };
}

export function serviceTargetGroupCount(svc: ServiceConfig): number {
  return svc.blueGreen ? 2 : 1;
}

/** Ingress of a security group, in a form that compares: `tcp:80:cidr:10.0.0.0/16` or `...:sg:sg-1`. */
export type PermissionKey = string;

export function albIngress(vpcCidr: string): PermissionKey[] {
  return [`tcp:80:cidr:${vpcCidr}`, `tcp:443:cidr:${vpcCidr}`];
}

export function taskIngress(svc: ServiceConfig, albSecurityGroupId: string): PermissionKey[] {
  return [`tcp:${svc.port}:sg:${albSecurityGroupId}`];
}

/** All egress, as the article has it (AWS's default for a new VPC security group). */
export const ALL_EGRESS: PermissionKey[] = ['-1:all:cidr:0.0.0.0/0'];
