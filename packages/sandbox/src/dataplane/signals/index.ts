/**
 * The signals traffic leaves, as AWS leaves them: CloudWatch metrics (AWS/ApplicationELB,
 * AWS/NetworkELB, AWS/ECS), ALB and NLB access-log objects in S3, container log lines in CloudWatch
 * Logs. Fed by the traffic generator with each slice's request outcomes.
 */
import type { Sandbox } from '../../core/types.js';
import type { RequestOutcome } from '../types.js';

/** Takes a slice's outcomes (in time order): counts into their minutes, lines into their log windows. */
export function recordOutcomes(_sb: Sandbox, _outcomes: RequestOutcome[]): void {
  throw new Error('not built yet');
}

/**
 * Moves the signals' time from `from` to `to` (sandbox ms): writes the metrics of minutes that ended,
 * the periodic ones that flow without traffic (HealthyHostCount, ECS CPU/memory), container start and
 * stop lines, and delivers the access-log files whose 5-minute window closed.
 */
export function advanceSignals(_sb: Sandbox, _from: number, _to: number): void {
  throw new Error('not built yet');
}
