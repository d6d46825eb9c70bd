/** Each function's log lines (what CloudWatch Logs would hold), readable through the control API. */
import type { Sandbox } from '../../core/types.js';

const MAX_LINES = 10_000;
const logs = new WeakMap<Sandbox, Map<string, string[]>>();

/** Appends text (one or more lines) to a function's log. */
export function appendLog(sb: Sandbox, functionName: string, text: string): void {
  let byFunction = logs.get(sb);
  if (!byFunction) {
    byFunction = new Map();
    logs.set(sb, byFunction);
  }
  const lines = byFunction.get(functionName) ?? [];
  for (const line of text.replace(/\n$/, '').split('\n')) lines.push(line);
  if (lines.length > MAX_LINES) lines.splice(0, lines.length - MAX_LINES);
  byFunction.set(functionName, lines);
}

/** A function's log lines, oldest first. */
export function functionLogs(sb: Sandbox, functionName: string): string[] {
  return [...(logs.get(sb)?.get(functionName) ?? [])];
}
