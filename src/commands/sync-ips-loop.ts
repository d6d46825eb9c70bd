/**
 * `rails sync-ips`: one pass (--once) or a loop every --interval seconds. SIGINT/SIGTERM let the pass
 * under way finish, then the loop ends with exit 0. Exit codes of --once: 0 in sync or only pending
 * IPs remain, 1 when a step failed. The engine runs one pass and returns its report; the
 * loop and the printing are the command's.
 */
import type { AwsClients } from '../lib/aws/clients.js';
import { sleep } from '../lib/sleep.js';
import { discoverSyncRail, type SyncRail } from '../lib/sync/discover.js';
import { type PassReads, startPassReads } from '../lib/sync/pass-reads.js';
import { type CliSyncSettings, type SyncCliOptions, syncSettings } from '../lib/sync/settings.js';
import { runSyncPass } from '../lib/sync/sync-pass.js';
import { error, info, jsonLine, result } from './output.js';
import { printPass } from './render-pass.js';
import type { CommandContext } from './types.js';

export async function runSyncIpsCommand(ctx: CommandContext): Promise<number> {
  const rail = await ctx.loadConfig();
  if (rail.staticIps === 'alb-target' || rail.staticIps === 'none') {
    const why =
      rail.staticIps === 'none'
        ? 'staticIps is none: the rail has no NLB, so there are no IPs to keep.'
        : "staticIps is alb-target: the NLB's target groups are of type alb, so AWS registers the ALB itself and follows its IPs.";
    if (ctx.global.json) jsonLine({ nothingToSync: true, reason: why });
    else result(`nothing to sync: ${why}`);
    return 0;
  }
  const opts = ctx.opts as SyncCliOptions;
  const settings = syncSettings(rail, opts);
  const aws = await ctx.aws();
  if (!settings.dnsServer && aws.settings.sandboxDns && settings.source === 'dns')
    settings.dnsServer = aws.settings.sandboxDns;

  // The first pass's reads start as soon as the ALB and the target groups are found, alongside the
  // NLB's listeners.
  let reads: PassReads | undefined;
  const syncRail = await discoverSyncRail(aws, rail.stage, {
    listener: settings.listener,
    onFound: (alb, groups) => {
      reads = startPassReads(
        aws,
        alb,
        groups.map((g) => g.TargetGroupArn!),
        settings,
      );
    },
  });
  if (syncRail.targetGroups.length === 0) {
    const why = `the listeners of ${syncRail.nlbName} forward to no target group of type ip (an alb-type target group needs no sync).`;
    if (ctx.global.json) jsonLine({ nothingToSync: true, reason: why });
    else result(`nothing to sync: ${why}`);
    return 0;
  }

  if (opts.once) {
    const report = await runSyncPass(aws, syncRail, settings, reads);
    printPass(report);
    return report.ok ? 0 : 1;
  }
  return loop(ctx, aws, rail.stage, syncRail, settings, reads);
}

async function loop(
  ctx: CommandContext,
  aws: AwsClients,
  stage: string,
  syncRail: SyncRail,
  settings: CliSyncSettings,
  firstReads: PassReads | undefined,
): Promise<number> {
  info(
    `syncing ${syncRail.targetGroups.map((t) => t.name).join(', ')} on ${syncRail.alb.name} every ${settings.intervalSeconds} s (Ctrl-C stops after the pass under way)`,
  );
  let rail = syncRail;
  let reads = firstReads;
  while (!ctx.signal.aborted) {
    const started = Date.now();
    try {
      const first = reads;
      reads = undefined;
      const report = await runSyncPass(aws, rail, settings, first);
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
