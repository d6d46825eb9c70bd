/**
 * Target health as AWS reports it, derived on read from times in the state:
 *   unused (Target.NotInUse)      while no listener or rule forwards to the group
 *   initial                       for settings.healthCheckMs real ms after registration / first use
 *   healthy | unhealthy           decided by the health oracles (ECS tasks, load balancer nodes...)
 *   draining                      for deregistration_delay.timeout_seconds of sandbox time, then gone
 */
import type { HealthVerdict, Sandbox } from '../../core/types.js';
import { ipInCidr, vpcOfIp } from '../ec2/network.js';
import { ec2State } from '../ec2/state.js';
import { albTargetVerdict } from './alb-target-health.js';
import { isLoadBalancerActive } from './lb-state.js';
import { findLoadBalancer, targetGroupLoadBalancerArns } from './lookup.js';
import { elbv2State, type Target, type TargetGroup } from './state.js';

/** `TargetHealth` as DescribeTargetHealth returns it. */
export interface TargetHealth {
  State: string;
  Reason?: string;
  Description?: string;
}

/** One entry of DescribeTargetHealth's `TargetHealthDescriptions`. */
export interface TargetHealthDescription {
  Target: { Id: string; Port: number; AvailabilityZone?: string };
  HealthCheckPort?: string;
  TargetHealth: TargetHealth;
}

const DESCRIPTIONS: Record<string, string> = {
  'Elb.RegistrationInProgress': 'Target registration is in progress',
  'Elb.InitialHealthChecking': 'Initial health checks in progress',
  'Target.NotInUse': 'Target group is not configured to receive traffic from the load balancer',
  'Target.NotRegistered': 'Target is not registered to the target group',
  'Target.DeregistrationInProgress': 'Target deregistration is in progress',
  'Target.HealthCheckDisabled': 'Health checks are disabled',
  'Target.Timeout': 'Request timed out',
  'Target.FailedHealthChecks': 'Health checks failed',
  'Target.ResponseCodeMismatch': 'Health checks failed with these codes: [502]',
  'Target.InvalidState': 'Target is in the stopped state',
  'Target.IpUnusable': 'The target IP address is reserved for use by a load balancer',
  'Elb.InternalError': 'Health checks failed due to an internal error',
};

function health(State: string, Reason?: string, Description?: string): TargetHealth {
  return Reason
    ? { State, Reason, Description: Description ?? DESCRIPTIONS[Reason] ?? 'Health checks failed' }
    : { State };
}

/** deregistration_delay.timeout_seconds in sandbox ms. */
export function deregistrationDelayMs(tg: TargetGroup): number {
  return Number(tg.attributes['deregistration_delay.timeout_seconds'] ?? 300) * 1000;
}

/** Drops targets whose deregistration delay has passed (sandbox time). */
export function pruneDrainedTargets(sb: Sandbox): void {
  const now = sb.clock.now();
  for (const tg of elbv2State(sb).targetGroups) {
    const delay = deregistrationDelayMs(tg);
    const drained = (t: Target) => t.drainingSince !== undefined && now - t.drainingSince >= delay;
    // Runs before every request: only rebuild (and mark dirty) when something has drained.
    if (!tg.targets.some(drained)) continue;
    tg.targets = tg.targets.filter((t) => !drained(t));
    sb.markDirty();
  }
}

/** The port health checks go to: the group's HealthCheckPort, or the target's own ('traffic-port'). */
export function healthCheckPort(tg: TargetGroup, target: Target): string {
  const p = tg.healthCheck.port;
  return !p || p === 'traffic-port' ? String(target.port) : p;
}

/** The availability zone of an IP target: given at registration, or that of its subnet. */
export function targetZone(sb: Sandbox, target: Target): string | undefined {
  if (target.availabilityZone) return target.availabilityZone;
  if (target.subnetZone) return target.subnetZone;
  return subnetZoneOf(sb, target.id);
}

/** The zone of the subnet that holds the IP, if any. */
export function subnetZoneOf(sb: Sandbox, ip: string): string | undefined {
  if (!vpcOfIp(sb, ip)) return undefined;
  return ec2State(sb).subnets.find((s) => ipInCidr(ip, s.cidrBlock))?.availabilityZone;
}

/** Asks the oracles in order; the first that claims the target decides. */
export function askOracles(sb: Sandbox, ip: string, port: number, targetGroupArn: string): HealthVerdict {
  for (const oracle of sb.healthOracles) {
    const verdict = oracle({ ip, port, targetGroupArn }, sb);
    if (verdict) return verdict;
  }
  return { state: 'unhealthy', reason: 'Target.Timeout' };
}

/** The health of one registered target right now. */
export function targetHealth(
  sb: Sandbox,
  tg: TargetGroup,
  target: Target,
  lbArns: string[] = targetGroupLoadBalancerArns(sb, tg.arn),
): TargetHealth {
  if (target.drainingSince !== undefined) return health('draining', 'Target.DeregistrationInProgress');
  if (lbArns.length === 0) return health('unused', 'Target.NotInUse');
  if (!tg.healthCheck.enabled) return health('unavailable', 'Target.HealthCheckDisabled');
  const lbs = lbArns.map((arn) => findLoadBalancer(sb, arn)).filter((lb) => lb !== undefined);
  if (tg.targetType === 'ip') {
    // A load balancer cannot send traffic to its own nodes.
    if (lbs.some((lb) => lb.nodes.some((n) => n.ip === target.id)))
      return health('unused', 'Target.IpUnusable');
    const zone = targetZone(sb, target);
    const zones = new Set(lbs.flatMap((lb) => lb.nodes.map((n) => n.availabilityZone)));
    if (zone && zone !== 'all' && !zones.has(zone)) {
      return health(
        'unused',
        'Target.NotInUse',
        'Target is in an Availability Zone that is not enabled for the load balancer',
      );
    }
  }
  if (lbs.some((lb) => !isLoadBalancerActive(lb))) return health('initial', 'Elb.RegistrationInProgress');
  const since = Math.max(target.registeredAtReal, tg.inUseSinceReal ?? 0);
  const elapsed = Date.now() - since;
  if (elapsed < sb.settings.healthCheckMs) {
    return elapsed < sb.settings.healthCheckMs / 2
      ? health('initial', 'Elb.RegistrationInProgress')
      : health('initial', 'Elb.InitialHealthChecking');
  }
  const port = Number(healthCheckPort(tg, target));
  const verdict =
    tg.targetType === 'alb'
      ? albTargetVerdict(sb, tg, target.id, port)
      : askOracles(sb, target.id, port, tg.arn);
  if (verdict === 'initial') return health('initial', 'Elb.RegistrationInProgress');
  if (verdict.state === 'healthy') return { State: 'healthy' };
  return health('unhealthy', verdict.reason ?? 'Target.FailedHealthChecks', verdict.description);
}

/** DescribeTargetHealth's description of one registered target. */
export function describeTarget(
  sb: Sandbox,
  tg: TargetGroup,
  target: Target,
  lbArns?: string[],
): TargetHealthDescription {
  const zone = tg.targetType === 'ip' ? targetZone(sb, target) : target.availabilityZone;
  return {
    Target: { Id: target.id, Port: target.port, ...(zone ? { AvailabilityZone: zone } : {}) },
    HealthCheckPort: healthCheckPort(tg, target),
    TargetHealth: targetHealth(sb, tg, target, lbArns),
  };
}

/** A named target that is not registered: `unused` / Target.NotRegistered, as AWS answers. */
export function describeUnregistered(tg: TargetGroup, id: string, port: number): TargetHealthDescription {
  return {
    Target: { Id: id, Port: port },
    HealthCheckPort:
      !tg.healthCheck.port || tg.healthCheck.port === 'traffic-port' ? String(port) : tg.healthCheck.port,
    TargetHealth: health('unused', 'Target.NotRegistered'),
  };
}
