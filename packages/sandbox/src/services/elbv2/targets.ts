/**
 * Target registration, shared by the RegisterTargets/DeregisterTargets/DescribeTargetHealth handlers
 * and by other services (ECS registers task IPs through these functions, as AWS's ECS does).
 */
import { AwsError, validationError } from '../../core/aws-error.js';
import type { Sandbox } from '../../core/types.js';
import { ipInCidr } from '../ec2/network.js';
import { ec2State } from '../ec2/state.js';
import type { TargetHealthDescription } from './health.js';
import {
  deregistrationDelayMs,
  describeTarget,
  describeUnregistered,
  pruneDrainedTargets,
  subnetZoneOf,
} from './health.js';
import {
  findLoadBalancer,
  requireTargetGroup,
  targetGroupInUse,
  targetGroupLoadBalancerArns,
} from './lookup.js';
import { elbv2State, type TargetGroup } from './state.js';

export { findTargetGroup, targetGroupLoadBalancerArns } from './lookup.js';

/** A target to register, deregister or describe (port defaults to the group's). */
export interface TargetSpec {
  id: string;
  port?: number;
  availabilityZone?: string;
}

/** Targets per target group (AWS quota for ALB groups). */
const MAX_TARGETS = 1000;
/** An ALB can be the target of at most two NLBs. */
const MAX_ALB_REGISTRATIONS = 2;
const PRIVATE_RANGES = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10'];

function isIpv4(s: string): boolean {
  return /^(\d{1,3})(\.\d{1,3}){3}$/.test(s) && s.split('.').every((p) => Number(p) <= 255);
}

function isTcpFamily(tg: TargetGroup): boolean {
  return ['TCP', 'TLS', 'UDP', 'TCP_UDP'].includes(tg.protocol ?? '');
}

/** AWS's checks for one target of an `ip` group. */
function checkIpTarget(sb: Sandbox, tg: TargetGroup, t: TargetSpec): void {
  if (!isIpv4(t.id)) throw validationError(`The IP address '${t.id}' is not a valid IPv4 address`);
  if (!PRIVATE_RANGES.some((c) => ipInCidr(t.id, c))) {
    throw new AwsError(
      'InvalidTarget',
      `The IP address '${t.id}' is not a private address; targets of type 'ip' must be in RFC 1918 or 100.64.0.0/10 ranges`,
    );
  }
  const vpc = ec2State(sb).vpcs.find((v) => v.vpcId === tg.vpcId);
  const inVpc = vpc !== undefined && ipInCidr(t.id, vpc.cidrBlock);
  if (inVpc) return;
  if (!t.availabilityZone) {
    throw new AwsError(
      'InvalidTarget',
      `The following targets are not in the target group VPC '${tg.vpcId}': '${t.id}'. ` +
        `Specify an AvailabilityZone for targets outside the VPC`,
    );
  }
  if (t.availabilityZone === 'all') {
    if (!isTcpFamily(tg)) {
      throw validationError(
        `The AvailabilityZone 'all' is valid only for target groups of network load balancers`,
      );
    }
    return;
  }
  const zones = new Set(
    ec2State(sb)
      .subnets.filter((s) => s.vpcId === tg.vpcId)
      .map((s) => s.availabilityZone),
  );
  if (!zones.has(t.availabilityZone)) {
    throw validationError(`The Availability Zone '${t.availabilityZone}' is not valid for VPC '${tg.vpcId}'`);
  }
}

/** AWS's checks for an `alb` group: one ALB, in the VPC, listening on the group's (or given) port. */
function checkAlbTarget(sb: Sandbox, tg: TargetGroup, t: TargetSpec): void {
  const alb = findLoadBalancer(sb, t.id);
  if (alb?.type !== 'application') {
    throw new AwsError('InvalidTarget', `The target '${t.id}' is not a valid Application Load Balancer ARN`);
  }
  if (alb.vpcId !== tg.vpcId) {
    throw new AwsError(
      'InvalidTarget',
      `The load balancer '${t.id}' is not in the target group VPC '${tg.vpcId}'`,
    );
  }
  const others = tg.targets.filter((x) => x.id !== t.id && x.drainingSince === undefined);
  if (others.length > 0) {
    throw new AwsError('TooManyTargets', `A target group of type 'alb' can have only one target`);
  }
  const listens = elbv2State(sb).listeners.some((l) => l.loadBalancerArn === alb.arn && l.port === t.port);
  if (!listens) {
    throw validationError(
      'If the target type is ALB, the target must have at least one listener that matches the target group port or any specified port overrides',
    );
  }
  const registrations = elbv2State(sb).targetGroups.filter(
    (g) => g.arn !== tg.arn && g.targetType === 'alb' && g.targets.some((x) => x.id === t.id),
  ).length;
  if (registrations >= MAX_ALB_REGISTRATIONS) {
    throw new AwsError(
      'TooManyRegistrationsForTargetId',
      `The load balancer '${t.id}' is already registered with ${MAX_ALB_REGISTRATIONS} target groups`,
    );
  }
}

function checkTarget(sb: Sandbox, tg: TargetGroup, t: TargetSpec): void {
  if (t.port !== undefined && (t.port < 1 || t.port > 65535)) {
    throw validationError(`Port '${t.port}' must be between 1 and 65535`);
  }
  if (t.availabilityZone && (tg.targetType === 'instance' || tg.targetType === 'alb')) {
    throw validationError(
      `The AvailabilityZone parameter is not allowed for targets of type '${tg.targetType}'`,
    );
  }
  if (tg.targetType === 'ip') checkIpTarget(sb, tg, t);
  else if (tg.targetType === 'alb') checkAlbTarget(sb, tg, t);
  else if (tg.targetType === 'instance') {
    // The sandbox runs no EC2 instances, so no instance id can be registered.
    throw new AwsError('InvalidTarget', `The following targets are not valid instances: '${t.id}'`);
  } else if (tg.targetType === 'lambda' && !t.id.startsWith('arn:aws:lambda:')) {
    throw new AwsError('InvalidTarget', `The target '${t.id}' is not a valid Lambda function ARN`);
  }
}

function resolvePort(tg: TargetGroup, t: { port?: number }): number {
  return t.port ?? tg.port ?? 0;
}

/**
 * Registers targets as RegisterTargets does: validated first (nothing changes on error), then
 * upserted. Registering a registered target is a no-op; a draining one becomes registered again.
 */
export function registerTargetsInternal(sb: Sandbox, targetGroupArn: string, targets: TargetSpec[]): void {
  const tg = requireTargetGroup(sb, targetGroupArn);
  pruneDrainedTargets(sb);
  const resolved = targets.map((t) => ({ ...t, port: resolvePort(tg, t) }));
  for (const t of resolved) checkTarget(sb, tg, t);
  const fresh = resolved.filter((t) => !tg.targets.some((x) => x.id === t.id && x.port === t.port));
  if (tg.targets.length + fresh.length > MAX_TARGETS) {
    throw new AwsError('TooManyTargets', `You have reached the maximum number of targets (${MAX_TARGETS})`);
  }
  const now = Date.now();
  for (const t of resolved) {
    const existing = tg.targets.find((x) => x.id === t.id && x.port === t.port);
    if (existing) {
      if (existing.drainingSince !== undefined) {
        delete existing.drainingSince;
        existing.registeredAtReal = now;
      }
      continue;
    }
    tg.targets.push({
      id: t.id,
      port: t.port,
      ...(t.availabilityZone ? { availabilityZone: t.availabilityZone } : {}),
      ...(tg.targetType === 'ip' && !t.availabilityZone ? { subnetZone: subnetZoneOf(sb, t.id) } : {}),
      registeredAtReal: now,
    });
  }
  sb.markDirty();
}

/**
 * Deregisters as AWS does: unknown targets are ignored (success); known ones drain for the
 * group's deregistration delay, or go at once when no load balancer uses the group.
 */
export function deregisterTargetsInternal(sb: Sandbox, targetGroupArn: string, targets: TargetSpec[]): void {
  const tg = requireTargetGroup(sb, targetGroupArn);
  pruneDrainedTargets(sb);
  const immediate = !targetGroupInUse(sb, tg.arn) || deregistrationDelayMs(tg) === 0;
  for (const spec of targets) {
    const port = resolvePort(tg, spec);
    const i = tg.targets.findIndex((x) => x.id === spec.id && x.port === port);
    if (i < 0) continue;
    const target = tg.targets[i]!;
    if (immediate) tg.targets.splice(i, 1);
    else if (target.drainingSince === undefined) target.drainingSince = sb.clock.now();
  }
  sb.markDirty();
}

/**
 * DescribeTargetHealth: every registered (and still draining) target, or only the named ones
 * (an unregistered name is reported `unused` / Target.NotRegistered).
 */
export function describeTargetHealthInternal(
  sb: Sandbox,
  tgArn: string,
  only?: TargetSpec[],
): TargetHealthDescription[] {
  const tg = requireTargetGroup(sb, tgArn);
  pruneDrainedTargets(sb);
  // Which load balancers use the group is the same for every target: work it out once.
  const lbArns = targetGroupLoadBalancerArns(sb, tg.arn);
  if (!only || only.length === 0) return tg.targets.map((t) => describeTarget(sb, tg, t, lbArns));
  return only.map((spec) => {
    const port = resolvePort(tg, spec);
    const found = tg.targets.find((t) => t.id === spec.id && (spec.port === undefined || t.port === port));
    return found ? describeTarget(sb, tg, found, lbArns) : describeUnregistered(tg, spec.id, port);
  });
}
