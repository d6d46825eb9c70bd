/**
 * Health of an `alb` target: the NLB's health checks go through the ALB itself (HTTP or HTTPS to the
 * health-check port), so the answer is whatever that ALB listener answers: nothing listening times
 * out, plain HTTP to an HTTPS listener gets a 400, HTTPS to an HTTP listener fails the handshake, and
 * otherwise the listener's default answer must fit the group's matcher.
 */
import type { HealthVerdict, Sandbox } from '../../core/types.js';
import { isLoadBalancerActive } from './lb-state.js';
import { findLoadBalancer, findTargetGroup } from './lookup.js';
import { type Action, elbv2State, type Listener, type TargetGroup } from './state.js';

/** True when an HTTP code fits a matcher such as `200`, `200,302` or `200-499`. */
export function matcherAccepts(matcher: string, code: number): boolean {
  return matcher.split(',').some((part) => {
    const [lo, hi] = part.split('-').map(Number);
    return hi === undefined ? code === lo : code >= lo! && code <= hi;
  });
}

/** The status code a listener's default action gives a health-check request. */
function defaultAnswer(sb: Sandbox, listener: Listener): number {
  const action: Action | undefined = listener.defaultActions.at(-1);
  if (action?.Type === 'fixed-response') return Number(action.FixedResponseConfig?.StatusCode ?? 200);
  if (action?.Type === 'redirect') return action.RedirectConfig?.StatusCode === 'HTTP_302' ? 302 : 301;
  // forward: an ALB with no registered target behind the action answers 503.
  const groups = action?.ForwardConfig?.TargetGroups.map((g) => g.TargetGroupArn) ?? [];
  const anyTarget = groups.some((arn) => (findTargetGroup(sb, arn)?.targets.length ?? 0) > 0);
  return anyTarget ? 200 : 503;
}

/** The verdict for an ALB registered in `tg`, checked on `port`; 'initial' while it provisions. */
export function albTargetVerdict(
  sb: Sandbox,
  tg: TargetGroup,
  albArn: string,
  port: number,
): HealthVerdict | 'initial' {
  const alb = findLoadBalancer(sb, albArn);
  if (!alb) return { state: 'unhealthy', reason: 'Target.InvalidState' };
  if (!isLoadBalancerActive(alb)) return 'initial';
  const listener = elbv2State(sb).listeners.find((l) => l.loadBalancerArn === alb.arn && l.port === port);
  if (!listener) return { state: 'unhealthy', reason: 'Target.Timeout' };
  const hcProtocol = tg.healthCheck.protocol ?? 'HTTP';
  if (hcProtocol === 'HTTP' && listener.protocol === 'HTTPS') {
    return {
      state: 'unhealthy',
      reason: 'Target.ResponseCodeMismatch',
      description: 'Health checks failed with these codes: [400]',
    };
  }
  if (hcProtocol === 'HTTPS' && listener.protocol === 'HTTP') {
    return { state: 'unhealthy', reason: 'Target.FailedHealthChecks' };
  }
  const code = defaultAnswer(sb, listener);
  if (matcherAccepts(tg.healthCheck.matcher ?? '200-399', code)) return { state: 'healthy' };
  return {
    state: 'unhealthy',
    reason: 'Target.ResponseCodeMismatch',
    description: `Health checks failed with these codes: [${code}]`,
  };
}
