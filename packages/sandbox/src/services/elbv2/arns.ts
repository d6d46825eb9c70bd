/**
 * ELBv2 identifiers in AWS's formats: ARNs, DNS names and canonical hosted zones, so callers that
 * parse them (the ENI description `ELB app/<name>/<id>`, the id as the last ARN segment) work as on AWS.
 */
import type { Sandbox } from '../../core/types.js';

/** `app` for an ALB, `net` for an NLB: the ARN and ENI-description kind. */
export function lbKind(type: 'application' | 'network'): 'app' | 'net' {
  return type === 'application' ? 'app' : 'net';
}

function arnPrefix(sb: Sandbox, region: string): string {
  return `arn:aws:elasticloadbalancing:${region}:${sb.accountId}`;
}

/** arn:aws:elasticloadbalancing:<region>:<account>:loadbalancer/app/<name>/<16 hex>. */
export function loadBalancerArn(
  sb: Sandbox,
  region: string,
  type: 'application' | 'network',
  name: string,
): string {
  return `${arnPrefix(sb, region)}:loadbalancer/${lbKind(type)}/${name}/${sb.hex(16)}`;
}

/** arn:aws:elasticloadbalancing:<region>:<account>:targetgroup/<name>/<16 hex>. */
export function targetGroupArn(sb: Sandbox, region: string, name: string): string {
  return `${arnPrefix(sb, region)}:targetgroup/${name}/${sb.hex(16)}`;
}

/** The `app/<name>/<id>` tail of a load balancer ARN, shared by its listeners and rules. */
export function loadBalancerPath(lbArn: string): string {
  return lbArn.split(':loadbalancer/')[1] ?? '';
}

/** The id AWS puts last in a load balancer ARN (and in its ENI description). */
export function loadBalancerId(lbArn: string): string {
  return lbArn.split('/').pop() ?? '';
}

/** The listener ARN: the load balancer's `app/<name>/<id>` tail plus a listener id. */
export function listenerArn(sb: Sandbox, lbArn: string): string {
  const region = lbArn.split(':')[3];
  return `${arnPrefix(sb, region!)}:listener/${loadBalancerPath(lbArn)}/${sb.hex(16)}`;
}

/** A rule ARN under the listener (`listener-rule/...`). */
export function ruleArn(sb: Sandbox, lsnArn: string): string {
  return `${lsnArn.replace(':listener/', ':listener-rule/')}/${sb.hex(16)}`;
}

/**
 * ALB: `internal-<name>-<10 digits>.<region>.elb.amazonaws.com` (no `internal-` when
 * internet-facing). NLB: `<name>-<16 hex>.elb.<region>.amazonaws.com`.
 */
export function loadBalancerDnsName(
  sb: Sandbox,
  region: string,
  type: 'application' | 'network',
  scheme: string,
  name: string,
): string {
  if (type === 'network') return `${name}-${sb.hex(16)}.elb.${region}.amazonaws.com`;
  const digits = 1_000_000_000 + (Number.parseInt(sb.hex(8), 16) % 1_000_000_000);
  return `${scheme === 'internal' ? 'internal-' : ''}${name}-${digits}.${region}.elb.amazonaws.com`;
}

/** Route 53 hosted zone ids ELB publishes per region (ALB and classic share one; NLB has its own). */
const HOSTED_ZONES: Record<string, { app: string; net: string }> = {
  'us-east-1': { app: 'Z35SXDOTRQ7X7K', net: 'Z26RNL4JYFTOTI' },
  'us-east-2': { app: 'Z3AADJGX6KTTL2', net: 'ZLMOA37VPKANP' },
  'us-west-1': { app: 'Z368ELLRRE2KJ0', net: 'Z24FKFUX50B4VW' },
  'us-west-2': { app: 'Z1H1FL5HABSF5', net: 'Z18D5FSROUN65G' },
  'eu-west-1': { app: 'Z32O12XQLNTSW2', net: 'Z2IFOLAFXWLO4F' },
  'eu-central-1': { app: 'Z215JYRZR1TBD5', net: 'Z3F0SRJ5LGBH90' },
};

/** The Route 53 zone ELB publishes a load balancer's DNS name in (us-east-1 when unknown). */
export function canonicalHostedZoneId(region: string, type: 'application' | 'network'): string {
  const zones = HOSTED_ZONES[region] ?? HOSTED_ZONES['us-east-1']!;
  return type === 'application' ? zones.app : zones.net;
}
