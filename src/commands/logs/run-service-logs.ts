/**
 * `rails logs <service>`: the tasks' container logs for a window, lines prefixed by short task id and
 * time, interleaved in time order; `--follow` keeps polling until Ctrl-C. Flags are checked before any
 * AWS call.
 */
import { errorCode } from '../../lib/aws/errors.js';
import { FailedError, UsageError } from '../../lib/errors.js';
import { type ContainerLogEvent, filterContainerLogsSince } from '../../lib/logs/container/filter-events.js';
import { grepFilterPattern } from '../../lib/logs/container/filter-pattern.js';
import { followContainerLogs } from '../../lib/logs/container/follow.js';
import { railService, resolveLogTarget } from '../../lib/logs/container/resolve-target.js';
import { shortTaskId, streamTaskId, taskStreamName } from '../../lib/logs/container/stream-names.js';
import { parseSince } from '../../lib/logs/log-window.js';
import { c, jsonLine, result } from '../output.js';
import type { CommandContext } from '../types.js';

const TASK_ID = /^[a-f0-9]{32}$|^[A-Za-z0-9-]{1,64}$/;

export async function runServiceLogs(name: string, ctx: CommandContext): Promise<number> {
  const sinceMs = parseSince(String(ctx.opts.since ?? '15m'));
  const task = ctx.opts.task === undefined ? undefined : String(ctx.opts.task).split('/').pop()!;
  if (task !== undefined && !TASK_ID.test(task))
    throw new UsageError(`--task ${ctx.opts.task} is not a task id`, {
      hint: 'give the task id or ARN, as `rails status` lists it',
    });
  const grep = ctx.opts.grep === undefined ? undefined : String(ctx.opts.grep);
  if (grep === '') throw new UsageError('--grep needs text to look for');
  const config = await ctx.loadConfig();
  const service = railService(config, name);
  const aws = await ctx.aws();
  const target = await resolveLogTarget(aws, config, service);
  const query = {
    group: target.group,
    ...(task
      ? { streams: [taskStreamName(target, task)] }
      : { streamPrefix: `${target.streamPrefix}/${target.container}/` }),
    ...(grep ? { filterPattern: grepFilterPattern(grep) } : {}),
  };
  const seen = new Set<string>();
  let newest = Number.NEGATIVE_INFINITY;
  const print = (events: ContainerLogEvent[]) => {
    for (const e of events) {
      seen.add(e.eventId);
      newest = Math.max(newest, e.timestamp);
      const taskId = streamTaskId(e.stream);
      if (ctx.global.json)
        jsonLine({
          time: new Date(e.timestamp).toISOString(),
          taskId,
          stream: e.stream,
          message: e.message,
          eventId: e.eventId,
        });
      else
        result(`${c.accent(shortTaskId(taskId))} ${c.dim(new Date(e.timestamp).toISOString())} ${e.message}`);
    }
  };
  try {
    // The window's start is on AWS's clock, as the events' timestamps are.
    const { startTime } = await filterContainerLogsSince(aws, query, sinceMs, print, ctx.signal);
    if (ctx.opts.follow === true)
      await followContainerLogs(
        aws,
        { ...query, startTime },
        seen,
        Math.max(newest, startTime),
        print,
        ctx.signal,
      );
  } catch (err) {
    if (ctx.signal.aborted) return 0;
    if (errorCode(err) === 'ResourceNotFoundException')
      throw new FailedError(`log group ${target.group} of service ${name} does not exist`, {
        hint: task
          ? `no log stream for task ${task} either; check the task id with \`rails status\``
          : 'no task of the service has logged yet, or the group was deleted; `rails up` creates it for image: services',
      });
    throw err;
  }
  return 0;
}
