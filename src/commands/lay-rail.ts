/**
 * `up`, `create-nlb`, `create-alb`, `add-service` and `route add` lay (part of) the rail the same way:
 * the engine plans, the plan is printed, the engine applies (progress through the terminal's host)
 * and waits, and what happened is printed (or, under --json, the plan with its counts).
 */
import type { RailConfig } from '../lib/config/schema.js';
import type { PlanScope } from '../lib/rail/plan-rail.js';
import { applyUp, frontDoorLine, planUp, railLoadBalancers, waitForRail } from '../lib/rail/up.js';
import { cliIoHost } from './cli-io-host.js';
import { json } from './output.js';
import { countActions, printPlan } from './render-plan.js';
import { failOnBlocked, planTitle, printUpSummary, reportFirstSync, stepDoneLines } from './render-up.js';
import type { CommandContext } from './types.js';

export interface LayOptions {
  dryRun: boolean;
  /** Wait for load balancers to be active and services stable. */
  wait: boolean;
}

export async function layRail(
  ctx: CommandContext,
  rail: RailConfig,
  scope: PlanScope,
  opts: LayOptions,
): Promise<void> {
  const aws = await ctx.aws();
  const io = cliIoHost;
  const signal = ctx.signal;
  const plan = await planUp(aws, rail, {
    scope,
    configFile: ctx.configFile,
    signal,
    io,
    wait: opts.dryRun ? undefined : opts.wait,
  });
  printPlan(planTitle(rail, scope, opts.dryRun), plan.items);
  const items = opts.dryRun
    ? plan.items
    : await applyUp(aws, plan, { signal, io, onApplied: stepDoneLines(ctx.global.json) });
  if (!opts.dryRun && opts.wait) await waitForRail(aws, plan, { signal, io });
  // The summary's load balancers are read (when they may have changed) alongside the first sync pass.
  const lbs = !opts.dryRun && !ctx.global.json ? railLoadBalancers(aws, plan, items, opts.wait) : undefined;
  lbs?.catch(() => undefined);
  if (!opts.dryRun && scope.kind === 'all') {
    const { firstSyncPass } = await import('../lib/rail/first-sync.js');
    reportFirstSync(await firstSyncPass(aws, plan, items));
  }
  if (ctx.global.json)
    json({ stage: rail.stage, dryRun: opts.dryRun, plan: items, counts: countActions(items) });
  else if (lbs) printUpSummary(rail, items, await lbs, frontDoorLine(plan));
  failOnBlocked(items);
}

/** `rails up`: the whole rail of rail.yaml. */
export async function upCommand(ctx: CommandContext): Promise<number> {
  await layRail(ctx, await ctx.loadConfig(), { kind: 'all' }, layOptions(ctx));
  return 0;
}

/** --dry-run and --no-wait, as every laying command takes them. */
export function layOptions(ctx: CommandContext): LayOptions {
  return { dryRun: ctx.opts.dryRun === true, wait: ctx.opts.wait !== false };
}
