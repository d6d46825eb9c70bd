/**
 * What to do about a target's health reason code. Each hint names the setting that usually causes the
 * state, filled with the target group's own values so the reader does not have to look them up.
 */
import type { TargetGroup } from '@aws-sdk/client-elastic-load-balancing-v2';

/** What the hint may mention about the target group and the side that feeds it. */
export interface HintContext {
  targetGroup?: TargetGroup;
  /** `service` for ECS task targets, `alb` for the NLB's targets that are the ALB's IPs (or the ALB itself). */
  targetKind: 'service' | 'alb';
  /** ECS container port (task targets). */
  containerPort?: number;
  albSecurityGroups?: string[];
}

/** The hint for an AWS target health reason code, or undefined when there is nothing to do. */
export function targetHint(reason: string | undefined, ctx: HintContext): string | undefined {
  const tg = ctx.targetGroup;
  const port = ctx.containerPort ?? tg?.Port;
  const checkPath = tg?.HealthCheckPath ?? '/';
  const matcher = tg?.Matcher?.HttpCode ?? '200';
  const waitSeconds = (tg?.HealthyThresholdCount ?? 5) * (tg?.HealthCheckIntervalSeconds ?? 30);
  switch (reason) {
    case 'Target.Timeout':
      return ctx.targetKind === 'service'
        ? `the tasks' security group must allow the ALB${ctx.albSecurityGroups?.length ? ` (${ctx.albSecurityGroups.join(', ')})` : ''} on the container port ${port}; then check that the app listens on ${port}`
        : `the ALB's security group must allow the NLB (or the VPC CIDR) on port ${tg?.Port ?? port}`;
    case 'Target.ResponseCodeMismatch':
      return `the health check path ${checkPath} answered outside the matcher ${matcher}: fix the endpoint, or healthCheck.path/matcher in rail.yaml`;
    case 'Target.FailedHealthChecks':
      return ctx.targetKind === 'service'
        ? `health checks on port ${port} failed (connection refused or closed): is the container listening on ${port}, and is it still running?`
        : 'the NLB cannot open connections to this ALB node: check the ALB listener on this port and its security group';
    case 'Elb.InitialHealthChecking':
      return `newly registered: healthy after ${tg?.HealthyThresholdCount ?? 5} passing checks (about ${waitSeconds} s)`;
    case 'Elb.RegistrationInProgress':
      return 'registration is in progress; health checks start once it completes';
    case 'Target.NotRegistered':
      return ctx.targetKind === 'service'
        ? 'the target is not registered: ECS registers running tasks of a service whose loadBalancers name this target group'
        : 'the IP is not registered: run `rails sync-ips --once` (or check the scheduled sync)';
    case 'Target.NotInUse':
      return 'no listener or rule forwards to this target group, or the target is in an Availability Zone the load balancer does not use';
    case 'Target.DeregistrationInProgress':
      return `draining: it leaves after the deregistration delay; normal during deployments${ctx.targetKind === 'alb' ? ' and ALB IP rotation' : ''}`;
    case 'Target.InvalidState':
      return 'the target is stopped or terminated: register a running one';
    case 'Target.IpUnusable':
      return 'the IP cannot be used as a target (it belongs to a load balancer or is outside the allowed ranges)';
    case 'Target.HealthCheckDisabled':
      return 'health checks are disabled for this target group';
    case 'Elb.InternalError':
      return 'an AWS-side error: it usually clears by itself; if it persists, open an AWS support case';
    default:
      return undefined;
  }
}

/** Order in which targets are listed: the ones that need attention first. */
export function targetStateRank(state: string): number {
  const order = [
    'unhealthy',
    'unhealthy.draining',
    'unavailable',
    'initial',
    'draining',
    'unused',
    'healthy',
  ];
  const i = order.indexOf(state);
  return Math.max(i, 0);
}
