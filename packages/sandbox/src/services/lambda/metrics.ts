/**
 * Lambda's own metrics for every invocation, as Lambda publishes them in `AWS/Lambda` by
 * FunctionName: Invocations, Errors (a function error counts; README.md "Metrics"), Throttles and
 * Duration in milliseconds (raw values, so percentiles answer). Recorded at the sandbox time the
 * invocation ended.
 */
import type { Sandbox } from '../../core/types.js';
import { recordDatapoints } from '../cloudwatch/index.js';

export function recordInvocationMetrics(
  sb: Sandbox,
  functionName: string,
  durationMs: number,
  failed: boolean,
): void {
  const at = sb.clock.now();
  const dims = { FunctionName: functionName };
  recordDatapoints(sb, 'AWS/Lambda', 'Invocations', dims, at, [1], 'Count');
  recordDatapoints(sb, 'AWS/Lambda', 'Errors', dims, at, [failed ? 1 : 0], 'Count');
  // The sandbox never throttles an invocation it accepted; Lambda still reports the zero.
  recordDatapoints(sb, 'AWS/Lambda', 'Throttles', dims, at, [0], 'Count');
  recordDatapoints(sb, 'AWS/Lambda', 'Duration', dims, at, [durationMs], 'Milliseconds');
}
