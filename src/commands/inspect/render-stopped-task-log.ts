/** The newest stopped task's last container lines, under the service's stopped tasks. */
import type { StoppedTaskLog } from '../../lib/status/model.js';
import { c } from '../output.js';

export function stoppedTaskLogLines(log: StoppedTaskLog | undefined, pad: string): string[] {
  if (!log) return [];
  const head = `${pad}last lines of stopped task ${log.taskId} (${log.group} ${log.stream}):`;
  if (!log.lines.length) return [`${head} ${c.dim(log.note ?? 'none')}`];
  return [head, ...log.lines.map((l) => `${pad}  ${c.dim(l.time)} ${l.message}`)];
}
