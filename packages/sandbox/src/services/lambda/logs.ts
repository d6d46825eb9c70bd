/**
 * Each function's log lines, as CloudWatch Logs holds them in `/aws/lambda/<name>`, readable through
 * the control API. They live in the sandbox state, so they outlast the process that ran the
 * invocation: a restart from the state file, or a scheduled run fired by another process sharing it.
 */
import { AwsError } from '../../core/aws-error.js';
import type { Sandbox } from '../../core/types.js';
import { lambdaState } from './state.js';

/**
 * The newest lines kept per function. The state file is rewritten after each change, so this is
 * far below CloudWatch's unbounded retention: some 400 passes of the sync function (5 lines each).
 */
export const MAX_LOG_LINES = 2_000;

/** Appends text (one or more lines) to a function's log. */
export function appendLog(sb: Sandbox, functionName: string, text: string): void {
  const groups = lambdaState(sb).logGroups;
  groups[functionName] ??= [];
  const lines = groups[functionName];
  for (const line of text.replace(/\n$/, '').split('\n')) lines.push(line);
  if (lines.length > MAX_LOG_LINES) lines.splice(0, lines.length - MAX_LOG_LINES);
  sb.markDirty();
}

/**
 * A function's log lines, oldest first. A function that exists but never ran has an empty log; a
 * name with neither a function nor a log is refused, as CloudWatch refuses a missing log group.
 */
export function functionLogs(sb: Sandbox, functionName: string): string[] {
  const state = lambdaState(sb);
  const lines = state.logGroups[functionName];
  if (lines) return [...lines];
  if (state.functions[functionName]) return [];
  throw new AwsError(
    'ResourceNotFoundException',
    `The specified log group does not exist: /aws/lambda/${functionName} (no function of that name has run here)`,
    400,
  );
}
