/**
 * `rails down`: the engine plans the removal, the plan is printed, a terminal confirms it (without one
 * --yes must), the engine removes, and the outcome is printed (or, under --json, the plan and counts).
 */
import { AbortError, UsageError } from '../lib/errors.js';
import { applyDown, planDown } from '../lib/rail/down.js';
import { cliIoHost } from './cli-io-host.js';
import { confirm } from './confirm.js';
import { json, result } from './output.js';
import { countActions, printPlan } from './render-plan.js';
import { stepDoneLines } from './render-up.js';
import type { CommandContext } from './types.js';

export async function downCommand(ctx: CommandContext): Promise<number> {
  const rail = await ctx.loadConfig();
  const aws = await ctx.aws();
  const io = cliIoHost;
  const dryRun = ctx.opts.dryRun === true;
  const plan = await planDown(aws, rail, { signal: ctx.signal, io });
  const printJson = () =>
    json({ stage: rail.stage, dryRun, plan: plan.items, counts: countActions(plan.items) });
  if (!plan.removing.length) {
    if (ctx.global.json) printJson();
    else result(`nothing of stage ${rail.stage} to remove (no resource carries its tags).`);
    return 0;
  }
  printPlan(
    `removing the rail of stage ${rail.stage}${dryRun ? ' (dry run: nothing will change)' : ''}:`,
    plan.items,
  );
  if (!dryRun && !ctx.global.yes) {
    if (!process.stdin.isTTY)
      throw new UsageError('rails down needs confirmation, and there is no terminal to ask on.', {
        hint: 'run it again with --yes to remove these resources (or --dry-run to only list them).',
      });
    if (!(await confirm(`Remove ${plan.removing.length} resource(s) of stage ${rail.stage}?`)))
      throw new AbortError('nothing removed: not confirmed.', 1);
  }
  if (!dryRun)
    await applyDown(aws, plan, { signal: ctx.signal, io, onApplied: stepDoneLines(ctx.global.json) });
  if (ctx.global.json) printJson();
  else if (!dryRun) result(`Rail ${rail.stage}: ${plan.removing.length} resource(s) removed.`);
  return 0;
}
