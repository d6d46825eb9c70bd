/**
 * Each function's log lines go where Lambda sends them: the CloudWatch Logs group
 * `/aws/lambda/<name>`, created on first write as Lambda creates it, one stream per function and
 * day named as Lambda names them. So GetLogEvents/FilterLogEvents and the control verb `logs` read
 * the same lines, and they live in the sandbox state: they outlast the process that ran the
 * invocation (a restart from the state file, a scheduled run fired by another process sharing it).
 */
import { createHash } from 'node:crypto';
import { AwsError } from '../../core/aws-error.js';
import type { Sandbox } from '../../core/types.js';
import { appendLogEvents, groupMessages } from '../logs/index.js';
import { lambdaState } from './state.js';

/** The newest lines the `logs` verb returns (the log group itself keeps more). */
export const MAX_LOG_LINES = 2_000;

export function logGroupOf(functionName: string): string {
  return `/aws/lambda/${functionName}`;
}

/** `YYYY/MM/DD/[$LATEST]<32 hex>`: one stream per function and sandbox day. */
function streamOf(sb: Sandbox, functionName: string): string {
  const day = new Date(sb.clock.now()).toISOString().slice(0, 10).replaceAll('-', '/');
  const id = createHash('sha256').update(`${functionName}\n${day}`).digest('hex').slice(0, 32);
  return `${day}/[$LATEST]${id}`;
}

/**
 * Lines as log events: each line one event, an empty line kept inside the event before it (as the
 * Node.js runtime keeps a multi-line message in one event), so splitting events on `\n` gives the
 * lines back exactly.
 */
function eventsOf(text: string): string[] {
  const events: string[] = [];
  for (const line of text.replace(/\n$/, '').split('\n')) {
    if (line === '' && events.length > 0) events[events.length - 1] += '\n';
    else events.push(line);
  }
  return events.filter((e) => e !== '');
}

/** Appends text (one or more lines) to a function's log. */
export function appendLog(sb: Sandbox, functionName: string, text: string): void {
  appendLogEvents(sb, logGroupOf(functionName), streamOf(sb, functionName), eventsOf(text), {
    createGroup: true,
  });
}

/**
 * A function's log lines, oldest first. A function that exists but never ran has an empty log; a
 * name with neither a function nor a log is refused, as CloudWatch refuses a missing log group.
 */
export function functionLogs(sb: Sandbox, functionName: string): string[] {
  const messages = groupMessages(sb, logGroupOf(functionName));
  if (messages) return messages.flatMap((m) => m.split('\n')).slice(-MAX_LOG_LINES);
  if (lambdaState(sb).functions[functionName]) return [];
  throw new AwsError(
    'ResourceNotFoundException',
    `The specified log group does not exist: /aws/lambda/${functionName} (no function of that name has run here)`,
    400,
  );
}

/** A state file written before the logs service kept Lambda's lines in Lambda's state: move them. */
export function moveLegacyLogs(sb: Sandbox): void {
  const state = lambdaState(sb);
  if (!state.logGroups) return;
  for (const [name, lines] of Object.entries(state.logGroups))
    if (lines.length > 0) appendLog(sb, name, `${lines.join('\n')}\n`);
  delete state.logGroups;
  sb.markDirty();
}
