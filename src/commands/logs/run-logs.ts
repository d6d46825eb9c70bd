/**
 * `rails logs alb|nlb` in the terminal: flags to typed input (checked before any AWS call), which load
 * balancer (--lb, else rail.yaml's stage), one engine call, then the digest as text or JSON, or the raw
 * lines as they stream in.
 */
import { railNames } from '../../lib/common/names.js';
import { UsageError } from '../../lib/errors.js';
import { parseSince } from '../../lib/logs/log-window.js';
import { readAccessLogs } from '../../lib/logs/read-access-logs.js';
import { parseStatusFilter } from '../../lib/logs/status-filter.js';
import { cliIoHost } from '../cli-io-host.js';
import { info, json, result } from '../output.js';
import type { CommandContext } from '../types.js';
import { renderDigest } from './render-digest.js';

export async function runLogs(kind: 'alb' | 'nlb', ctx: CommandContext): Promise<number> {
  const sinceMs = parseSince(String(ctx.opts.since ?? '15m'));
  const status = ctx.opts.status === undefined ? undefined : String(ctx.opts.status);
  const service = ctx.opts.service === undefined ? undefined : String(ctx.opts.service);
  const accepts = status === undefined ? undefined : parseStatusFilter(status);
  const raw = ctx.opts.raw === true;
  if (raw && ctx.global.json)
    throw new UsageError('--raw and --json do not go together', {
      hint: '--raw prints the log lines as AWS wrote them; --json prints the digest',
    });
  const name = ctx.opts.lb ? String(ctx.opts.lb) : await railLoadBalancer(kind, ctx);
  const digest = await readAccessLogs(await ctx.aws(), {
    kind,
    name,
    // The window ends at AWS's now, not this machine's: the log keys and lines carry AWS's time.
    window: { sinceMs },
    ...(service !== undefined ? { service } : {}),
    ...(status !== undefined && accepts ? { status: { text: status, accepts } } : {}),
    ...(raw ? { onRaw: (lines: string[]) => result(lines.join('\n')) } : {}),
    io: cliIoHost,
  });
  if (!digest.delivered) {
    const message =
      `no access logs delivered for ${digest.loadBalancer.name} between ${digest.window.start} and ` +
      `${digest.window.end}; ${kind.toUpperCase()} delivers every 5 minutes`;
    if (ctx.global.json || raw) info(message);
  }
  if (ctx.global.json) json(digest);
  else if (!raw) result(await renderDigest(digest));
  return 0;
}

async function railLoadBalancer(kind: 'alb' | 'nlb', ctx: CommandContext): Promise<string> {
  const config = await ctx.loadConfigIfPresent();
  if (!config)
    throw new UsageError('no rail to read: rail.yaml not found and no --lb given', {
      hint: 'run in the directory of rail.yaml, pass --config <file>, or name the load balancer with --lb',
    });
  return kind === 'alb' ? railNames.alb(config.stage) : railNames.nlb(config.stage);
}
