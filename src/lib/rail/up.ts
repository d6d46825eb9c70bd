/**
 * `rails up` and the one-hop commands: describe -> diff -> act. Reads the rail, refuses bad input and
 * resources of our names that rails did not make (before any change), prints the plan, applies it in
 * dependency order, waits for load balancers and services, and ends with a summary.
 */
import type { AwsClients } from '../aws/clients.js';
import { describeLoadBalancersByArn } from '../aws/elbv2.js';
import { railNames } from '../common/names.js';
import type { PlanItem, PlanReporter } from '../common/plan.js';
import type { RailConfig } from '../config/schema.js';
import { ConfigError, FailedError, UsageError } from '../errors.js';
import { c, info, json, outputSettings, result, spinner } from '../output.js';
import { discoverRail } from './discover.js';
import { type PlanScope, planRail } from './plan-rail.js';
import { awsProblems } from './preflight.js';
import { countActions, planLine, printPlan } from './render.js';
import { applyPhases, newResolved, type PlanContext, planItems } from './steps.js';
import { waitLoadBalancersActive, waitServicesStable } from './waits.js';

export interface UpOptions {
  dryRun: boolean;
  wait: boolean;
  scope: PlanScope;
  /** The config file, for error messages. */
  configFile: string;
  signal?: AbortSignal;
}

export interface UpResult {
  items: PlanItem[];
  applied: boolean;
}

/** Phases after which both load balancers and the NLB's target groups exist. */
const SYNC_AFTER = new Set(['alb listeners', 'alb targets']);

const SCOPE_TITLE: Record<PlanScope['kind'], string> = {
  all: 'rail',
  nlb: 'NLB hop',
  alb: 'ALB hop',
  service: 'service',
  routes: 'routes of',
};

/** Reads and plans; throws ConfigError / UsageError before any change when the plan cannot be made. */
export async function planUp(aws: AwsClients, rail: RailConfig, opts: UpOptions) {
  const seen = await spinner('reading the rail from AWS', () => discoverRail(aws, rail));
  const problems = awsProblems(rail, seen);
  if (problems.length)
    throw new ConfigError(
      opts.configFile,
      problems,
      'Fix the fields above and run again; nothing was changed in AWS.',
    );
  const ctx: PlanContext = { aws, rail, seen, res: newResolved(), conflicts: [] };
  const phases = planRail(ctx, opts.scope, opts.signal);
  if (ctx.conflicts.length)
    throw new UsageError(
      `resources with this rail's names exist but were not made by rails (stage ${rail.stage}):\n` +
        ctx.conflicts.map((x) => `  ${x}`).join('\n'),
      {
        hint: 'rails never changes or deletes what it did not make: choose another --stage, or remove or rename those resources. Nothing was changed in AWS.',
      },
    );
  return { ctx, phases };
}

export async function runUp(aws: AwsClients, rail: RailConfig, opts: UpOptions): Promise<UpResult> {
  // The sync runner converges with the rail (with `runner: none` or alb-target it removes a Lambda
  // left from an earlier run), so it is planned with it and shows in the one plan printed first.
  const withSync = opts.scope.kind === 'all';
  const planSync = async () => {
    const planned: PlanItem[] = [];
    await syncRunner(aws, rail, true, (item) => planned.push(item));
    return planned;
  };
  const [{ ctx, phases }, syncPlan] = await Promise.all([
    planUp(aws, rail, opts),
    withSync ? planSync() : [],
  ]);
  const items = planItems(phases);
  const title = `${SCOPE_TITLE[opts.scope.kind]} ${'name' in opts.scope ? `${opts.scope.name} ` : ''}of stage ${rail.stage}${opts.dryRun ? ' (dry run: nothing will change)' : ''}:`;
  printPlan(title, [...items, ...syncPlan]);
  const changes = items.filter(isChange).length + syncPlan.filter(isChange).length;
  let syncItems = syncPlan;
  if (!opts.dryRun && changes)
    await spinner(`applying ${changes} change(s)`, async (update) => {
      const done = (item: PlanItem) => {
        update(`applied: ${item.action} ${item.kind} ${item.name}`);
        if (!outputSettings().json && !process.stderr.isTTY)
          info(`  done: ${item.action} ${item.kind} ${item.name}`);
      };
      // The sync runner needs the load balancers and the NLB's target groups, not the services: it is
      // applied while the rules and services are laid.
      let sync: Promise<void> | undefined;
      const startSync = () => {
        if (!withSync || sync) return;
        const applied: PlanItem[] = [];
        // Its items are reported before each action, so they are marked done once all went through.
        sync = syncRunner(aws, rail, false, (item) => applied.push(item)).then(() => {
          syncItems = applied;
          for (const item of applied.filter(isChange)) done(item);
        });
      };
      try {
        await applyPhases(phases, {
          signal: opts.signal,
          afterPhase: (name) => {
            if (SYNC_AFTER.has(name)) startSync();
          },
          done,
        });
        startSync();
      } finally {
        // Never leave the sync deployment running unobserved, whatever happened to the rest.
        if (sync) await sync.catch(() => undefined);
      }
      await sync;
    });
  if (!opts.dryRun && opts.wait) {
    const lbs = [...ctx.res.waitLoadBalancers];
    if (lbs.length)
      await spinner('waiting for the load balancers to be active', (update) =>
        waitLoadBalancersActive(
          aws,
          lbs,
          (p) => update(`waiting for ${p.join(', ')} to be active`),
          opts.signal,
        ),
      );
    if (ctx.res.waitServices.size)
      await spinner('waiting for the services to be stable', (update) =>
        waitServicesStable(
          aws,
          ctx.res.waitServices,
          (p) => update(`waiting for ${p.join(', ')}`),
          opts.signal,
        ),
      );
  }

  const all = [...items, ...syncItems];
  if (!opts.dryRun && opts.scope.kind === 'all')
    await (await import('./first-sync.js')).runFirstSyncPass(aws, rail);

  if (outputSettings().json)
    json({ stage: rail.stage, dryRun: opts.dryRun, plan: all, counts: countActions(all) });
  else if (!opts.dryRun) await printSummary(aws, rail, ctx, all);

  const blocked = all.filter((i) => i.action === 'blocked');
  if (blocked.length)
    throw new FailedError(
      `${blocked.length} change(s) AWS cannot make in place were not applied:\n` +
        blocked.map((b) => `  ${planLine(b).trim()}`).join('\n'),
      { hint: 'each line says what to do instead; everything else was applied.' },
    );
  return { items: all, applied: !opts.dryRun };
}

const isChange = (i: PlanItem) => i.action !== 'unchanged' && i.action !== 'blocked';

/**
 * Converges the sync runner, or (dry run) reports what that would do. Applying reads again: on a fresh
 * rail its role and function need the target group ARNs made moments ago.
 */
async function syncRunner(aws: AwsClients, rail: RailConfig, dryRun: boolean, report: PlanReporter) {
  const { ensureSyncRunner } = await import('./sync-runner/deploy.js');
  await ensureSyncRunner(aws, rail, { dryRun, report });
}

async function printSummary(
  aws: AwsClients,
  rail: RailConfig,
  ctx: PlanContext,
  items: PlanItem[],
): Promise<void> {
  const arns = [ctx.res.nlbArn, ctx.res.albArn].filter((x): x is string => !!x);
  const lbs = arns.length ? await describeLoadBalancersByArn(aws, arns) : [];
  result('');
  const n = countActions(items);
  result(
    c.bold(
      `Rail ${rail.stage}: ${n.create} created, ${n.update} updated, ${n.delete} deleted, ${n.unchanged} unchanged.`,
    ),
  );
  for (const lb of lbs) result(`  ${lb.LoadBalancerName}  ${lb.State?.Code}  ${lb.DNSName}`);
  for (const svc of rail.services) {
    const routes = svc.paths.map((p) => `https://${svc.host}${p}`).join(' ');
    result(
      `  ${routes} -> ${svc.cluster}/${railNames.ecsService(rail.stage, svc.name)} (${svc.desiredCount} task(s))`,
    );
  }
}
