/**
 * The signals traffic leaves, as AWS leaves them: CloudWatch metrics (AWS/ApplicationELB,
 * AWS/NetworkELB, AWS/ECS), ALB and NLB access-log objects in S3, container log lines in CloudWatch
 * Logs. Fed by the traffic generator with each slice's request outcomes. What each signal holds and
 * why is in README.md beside this file.
 */
import type { Sandbox } from '../../core/types.js';
import type { RequestOutcome } from '../types.js';
import { collectAccessLogs, deliverClosedWindows } from './access-log-windows.js';
import { writeLifecycleLines, writeRequestLines } from './container-logs.js';
import { countOutcome } from './minute-counters.js';
import { publishPeriodic } from './periodic-metrics.js';
import { publishEndedMinutes } from './publish-traffic-metrics.js';
import { signalsState } from './state.js';

/** Takes a slice's outcomes (in time order): counts into their minutes, lines into their log windows. */
export function recordOutcomes(sb: Sandbox, outcomes: RequestOutcome[]): void {
  if (outcomes.length === 0) return;
  signalsState(sb);
  for (const o of outcomes) countOutcome(sb, o);
  collectAccessLogs(sb, outcomes);
  writeRequestLines(sb, outcomes);
  sb.markDirty();
}

/**
 * Moves the signals' time from `from` to `to` (sandbox ms): writes the metrics of minutes that ended,
 * the periodic ones that flow without traffic (HealthyHostCount, ECS CPU/memory), container start and
 * stop lines, and delivers the access-log files whose 5-minute window closed.
 */
export function advanceSignals(sb: Sandbox, from: number, to: number): void {
  if (!(to > from)) return;
  const served = publishEndedMinutes(sb, to);
  publishPeriodic(sb, from, to, served);
  writeLifecycleLines(sb, from, to);
  deliverClosedWindows(sb, to);
  sb.markDirty();
}
