/**
 * `rails up` and the one-hop commands: describe -> diff -> act. planUp reads the rail, refuses bad
 * input and resources of our names that rails did not make (before any change) and returns the plan;
 * the command prints it; applyUp applies it in dependency order and waitForRail waits for load
 * balancers and services. Progress goes through the IoHost; what happened is returned.
 */
import type { LoadBalancer } from '@aws-sdk/client-elastic-load-balancing-v2';
import type { AwsClients } from '../aws/clients.js';
import { describeLoadBalancersByArn } from '../aws/elbv2.js';
import type { PlanItem, PlanReporter } from '../common/plan.js';
import type { RailConfig } from '../config/schema.js';
import { ConfigError, UsageError } from '../errors.js';
import type { IoHost } from '../io-host.js';
import type { SyncRail } from '../sync/discover.js';
import { waitLinkAvailable } from './api-links.js';
import { apiNames, linkTarget } from './api-spec.js';
import { discoverRail, type Observed } from './discover.js';
import { leftFrontDoorWarning } from './discover-api.js';
import { type PlanScope, planRail } from './plan-rail.js';
import { awsProblems } from './preflight.js';
import { applyPhases, newResolved, type Phase, type PlanContext, planItems } from './steps.js';
import { waitLoadBalancersActive, waitServicesStable } from './waits.js';

export interface UpOptions {
  scope: PlanScope;
  /** The config file, for error messages. */
  configFile: string;
  signal?: AbortSignal;
  io: IoHost;
  /** False under --no-wait: a new VPC link is not waited for before the integrations use it. */
  wait?: boolean;
}

export interface UpPlan {
  rail: RailConfig;
  scope: PlanScope;
  /** What discovery read, and what applying learns (ARNs) and must wait for. */
  ctx: PlanContext;
  phases: Phase[];
  /** The sync runner's part (the whole rail only): it converges with the rail. */
  syncItems: PlanItem[];
  /** Every item, the rail's then the sync runner's: the plan a user reads. */
  items: PlanItem[];
}

export interface ApplyOptions {
  signal?: AbortSignal;
  io: IoHost;
  /** Called as each change has been made. */
  onApplied?: (item: PlanItem) => void;
}

/** Phases after which both load balancers and the NLB's target groups exist. */
const SYNC_AFTER = new Set(['alb listeners', 'alb targets']);

export const isChange = (i: PlanItem) => i.action !== 'unchanged' && i.action !== 'blocked';

/** Plans the rail's phases from what discovery read; throws ConfigError / UsageError before any change when it cannot. */
async function planRailPhases(
  aws: AwsClients,
  rail: RailConfig,
  opts: UpOptions,
  reading: Promise<Observed>,
) {
  const seen = await opts.io.task('reading the rail from AWS', () => reading);
  if (seen.leftFrontDoorUnchecked)
    opts.io.warn(leftFrontDoorWarning(rail.stage, seen.leftFrontDoorUnchecked));
  const problems = awsProblems(rail, seen);
  if (problems.length)
    throw new ConfigError(
      opts.configFile,
      problems,
      'Fix the fields above and run again; nothing was changed in AWS.',
    );
  const ctx: PlanContext = { aws, rail, seen, res: newResolved(), conflicts: [], wait: opts.wait };
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

/** The plan of a scope; makes no mutating call. */
export async function planUp(aws: AwsClients, rail: RailConfig, opts: UpOptions): Promise<UpPlan> {
  // The sync runner converges with the rail (with `runner: none` or alb-target it removes a Lambda
  // left from an earlier run), so it is planned with it and shows in the one plan printed first. Its
  // reads run alongside discovery's, and it takes the sync's view of the rail from discovery.
  const all = opts.scope.kind === 'all';
  const reading = discoverRail(aws, rail, { syncTargets: all, leftFrontDoor: all });
  const syncRail = reading.then(
    (seen) => seen.syncRail,
    () => undefined,
  );
  const planSync = async () => {
    const planned: PlanItem[] = [];
    await syncRunner(aws, rail, true, (item) => planned.push(item), syncRail);
    return planned;
  };
  const [{ ctx, phases }, syncItems] = await Promise.all([
    planRailPhases(aws, rail, opts, reading),
    all ? planSync() : [],
  ]);
  return { rail, scope: opts.scope, ctx, phases, syncItems, items: [...planItems(phases), ...syncItems] };
}

/** Makes the plan's changes; returns every item, the sync runner's as they were applied. */
export async function applyUp(aws: AwsClients, plan: UpPlan, opts: ApplyOptions): Promise<PlanItem[]> {
  const { rail, phases } = plan;
  const withSync = plan.scope.kind === 'all';
  const changes = plan.items.filter(isChange).length;
  let syncItems = plan.syncItems;
  if (changes)
    await opts.io.task(`applying ${changes} change(s)`, async (update) => {
      const done = (item: PlanItem) => {
        update(`applied: ${item.action} ${item.kind} ${item.name}`);
        opts.onApplied?.(item);
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
            // With `staticIps: none` the sync goes, and only once the front door left the NLB.
            if (SYNC_AFTER.has(name) && rail.staticIps !== 'none') startSync();
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
  return [...planItems(phases), ...syncItems];
}

/** Waits until the load balancers made or changed are active and the services changed are stable. */
export async function waitForRail(
  aws: AwsClients,
  plan: UpPlan,
  opts: { signal?: AbortSignal; io: IoHost },
): Promise<void> {
  const { res } = plan.ctx;
  const lbs = [...res.waitLoadBalancers];
  if (lbs.length)
    await opts.io.task('waiting for the load balancers to be active', (update) =>
      waitLoadBalancersActive(
        aws,
        lbs,
        (p) => update(`waiting for ${p.join(', ')} to be active`),
        opts.signal,
      ),
    );
  const link = plan.rail.apiGateway && res.api.linkId;
  if (link && res.api.linkStatus !== 'AVAILABLE')
    await opts.io.task('waiting for the VPC link to be AVAILABLE', (update) =>
      waitLinkAvailable(aws, linkTarget(plan.rail.apiGateway!).version, link, update, opts.signal),
    );
  if (res.waitServices.size)
    await opts.io.task('waiting for the services to be stable', (update) =>
      waitServicesStable(aws, res.waitServices, (p) => update(`waiting for ${p.join(', ')}`), opts.signal),
    );
}

/** The front door as traffic flows through it: `https://host → API x (rest, stage) → VPC link v1 → NLB`. */
export function frontDoorLine(plan: UpPlan): string | undefined {
  const api = plan.rail.apiGateway;
  if (!api) return undefined;
  const { res } = plan.ctx;
  const id = api.type === 'rest' ? res.api.restApiId : res.api.httpApiId;
  const region = plan.ctx.aws.settings.region;
  const stage = api.type === 'rest' ? api.stageName : '';
  const entry = api.domainName
    ? `https://${api.domainName}/`
    : `https://${id ?? '<api id>'}.execute-api.${region}.amazonaws.com/${stage}`;
  const link = linkTarget(api);
  return `${entry} → API Gateway ${apiNames.api(plan.rail)} (${api.type}, stage ${api.type === 'rest' ? stage : '$default'}) → VPC link ${link.version} → ${link.target.toUpperCase()}`;
}

/**
 * The rail's load balancers as they are now (for the summary after applying), in the order traffic
 * meets them: as discovery read them when nothing was applied or waited for, else read again.
 */
export async function railLoadBalancers(
  aws: AwsClients,
  plan: UpPlan,
  items: PlanItem[],
  waited: boolean,
): Promise<LoadBalancer[]> {
  const arns = [plan.ctx.res.nlbArn, plan.ctx.res.albArn].filter((x): x is string => !!x);
  const { seen } = plan.ctx;
  const same = !items.some(isChange) && !(waited && plan.ctx.res.waitLoadBalancers.size > 0);
  const found =
    same || !arns.length
      ? [seen.nlb, seen.alb].filter((lb): lb is LoadBalancer => !!lb)
      : await describeLoadBalancersByArn(aws, arns);
  return arns.flatMap((arn) => found.filter((lb) => lb.LoadBalancerArn === arn));
}

/**
 * Converges the sync runner, or (dry run) reports what that would do. Applying reads again: on a fresh
 * rail its role and function need the target group ARNs made moments ago.
 */
async function syncRunner(
  aws: AwsClients,
  rail: RailConfig,
  dryRun: boolean,
  report: PlanReporter,
  syncRail?: Promise<SyncRail | undefined>,
) {
  const { ensureSyncRunner } = await import('./sync-runner/deploy.js');
  await ensureSyncRunner(aws, rail, { dryRun, report, syncRail });
}
