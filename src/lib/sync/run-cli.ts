/**
 * `rails sync-ips`: one pass (--once) or a loop every --interval seconds. SIGINT/SIGTERM let the pass
 * under way finish, then the loop ends with exit 0. Exit codes of --once: 0 in sync or only pending
 * (or waiting) remains, 1 when a step failed.
 */
import type { CommandContext } from '../../commands/types.js';
import { c, error, info, jsonLine, outputSettings, result } from '../output.js';
import { sleep } from '../sleep.js';
import { discoverSyncRail, type SyncRail } from './discover.js';
import type { PassReport, TargetGroupReport } from './report.js';
import { type CliSyncSettings, type SyncCliOptions, syncSettings } from './settings.js';
import { runSyncPass } from './sync-pass.js';

export async function runSyncIpsCommand(ctx: CommandContext): Promise<number> {
  const rail = await ctx.loadConfig();
  if (rail.staticIps === 'alb-target') {
    const why =
      "staticIps is alb-target: the NLB's target groups are of type alb, so AWS registers the ALB itself and follows its IPs.";
    if (outputSettings().json) jsonLine({ nothingToSync: true, reason: why });
    else result(`nothing to sync: ${why}`);
    return 0;
  }
  const opts = ctx.opts as SyncCliOptions;
  const settings = syncSettings(rail, opts);
  const aws = await ctx.aws();
  if (!settings.dnsServer && aws.settings.sandboxDns && settings.source === 'dns')
    settings.dnsServer = aws.settings.sandboxDns;

  const syncRail = await discoverSyncRail(aws, rail.stage, { listener: settings.listener });
  if (syncRail.targetGroups.length === 0) {
    const why = `the listeners of ${syncRail.nlbName} forward to no target group of type ip (an alb-type target group needs no sync).`;
    if (outputSettings().json) jsonLine({ nothingToSync: true, reason: why });
    else result(`nothing to sync: ${why}`);
    return 0;
  }

  if (opts.once) {
    const report = await runSyncPass(aws, syncRail, settings);
    printPass(report);
    return report.ok ? 0 : 1;
  }
  return loop(ctx, aws, rail.stage, syncRail, settings);
}

async function loop(
  ctx: CommandContext,
  aws: Awaited<ReturnType<CommandContext['aws']>>,
  stage: string,
  syncRail: SyncRail,
  settings: CliSyncSettings,
): Promise<number> {
  info(
    `syncing ${syncRail.targetGroups.map((t) => t.name).join(', ')} on ${syncRail.alb.name} every ${settings.intervalSeconds} s (Ctrl-C stops after the pass under way)`,
  );
  let rail = syncRail;
  while (!ctx.signal.aborted) {
    const started = Date.now();
    try {
      const report = await runSyncPass(aws, rail, settings);
      printPass(report);
      // The rail changed under the loop (a target group or the ALB replaced): find it again.
      if (report.targetGroups.some((t) => t.errors.some((e) => e.code && GONE.has(e.code))))
        rail = await discoverSyncRail(aws, stage, { listener: settings.listener });
    } catch (err) {
      // An unexpected error fails this pass, not the loop: the next pass may well succeed.
      error(`sync pass failed: ${(err as Error).message}`);
    }
    // Ctrl-C ends the pause early; the loop's condition then ends the loop.
    await sleep(Math.max(0, settings.intervalSeconds * 1000 - (Date.now() - started)), ctx.signal).catch(
      () => undefined,
    );
  }
  info('sync-ips stopped');
  return 0;
}

/** Errors that mean the rail's resources were replaced since the loop found them. */
const GONE = new Set(['TargetGroupNotFound', 'LoadBalancerNotFound']);

function list(items: string[]): string {
  return items.length ? items.join(', ') : '-';
}

function verdict(tg: TargetGroupReport, dryRun: boolean): string {
  if (!tg.ok) return c.bad('FAILED');
  if (tg.matches) return c.ok(dryRun ? 'would match the ALB' : 'matches the ALB');
  const left = [
    tg.pending.length && `${tg.pending.length} pending`,
    tg.waiting.length && `${tg.waiting.length} waiting for a drain`,
    tg.foreign.length && `${tg.foreign.length} at another port`,
  ].filter(Boolean);
  return c.warn(`does not match the ALB yet${left.length ? ` (${left.join(', ')})` : ''}`);
}

/** Prints one pass: a JSON line under --json, else a block per target group. */
export function printPass(report: PassReport): void {
  if (outputSettings().json) {
    jsonLine(report);
    return;
  }
  const head = report.dryRun ? 'dry run (nothing changed)' : 'pass';
  result(
    `${head} ${report.at}  ALB ${report.alb.name}: ${report.ips.length ? `${report.ips.length} IPs (${report.source})` : c.bad(`no IPs (${report.source})`)}`,
  );
  const would = report.dryRun ? 'would ' : '';
  const row = (label: string, text: string) => result(`    ${label.padEnd(20)}${text}`);
  for (const tg of report.targetGroups) {
    result(`  ${c.bold(tg.name)} (port ${tg.port}): ${verdict(tg, report.dryRun)}`);
    row(`${would}register`, list(tg.registered));
    row(`${would}deregister`, list(tg.deregistered));
    row(
      'pending',
      list(
        tg.pending.map((p) => `${p.ip} (${p.misses}/${p.of}${p.held ? ', held: last healthy target' : ''})`),
      ),
    );
    if (tg.waiting.length) row('waiting', `${list(tg.waiting)} (draining; registered once the drain ends)`);
    if (tg.foreign.length) row('other ports', `${list(tg.foreign)} (left alone)`);
    if (tg.stateFrom !== 'seed-patch' && tg.stateFrom !== 'none')
      result(`    counters read from the original Lambda's ${tg.stateFrom} files`);
    for (const e of tg.errors)
      result(`    ${c.bad('error')}  ${e.step}: ${e.code ? `${e.code}: ` : ''}${e.message}`);
  }
  if (report.metrics.error)
    result(`  ${c.bad('error')}  metrics: ${report.metrics.error} (the target changes above stand)`);
}
