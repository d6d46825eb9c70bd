/**
 * `rails down`: removes only what carries this rail's tags (stage + managed-by), in reverse order and
 * waiting where AWS requires it: services drained before their target groups go, rules before target
 * groups, the NLB (and its listeners) before its target groups, load balancers before their security
 * groups. planDown returns the plan (the command prints it and asks for confirmation); applyDown
 * removes, reporting progress through the IoHost.
 */
import type { AwsClients } from '../aws/clients.js';
import type { PlanItem } from '../common/plan.js';
import type { RailConfig } from '../config/schema.js';
import type { IoHost } from '../io-host.js';
import { discoverRail } from './discover.js';
import { leftFrontDoorWarning } from './discover-api.js';
import { downPhases } from './down-phases.js';
import { applyPhases, type Phase, planItems } from './steps.js';

export interface DownOptions {
  signal?: AbortSignal;
  io: IoHost;
}

export interface DownPlan {
  rail: RailConfig;
  phases: Phase[];
  /** The sync runner's removal: it goes first, or it would keep registering targets. */
  syncItems: PlanItem[];
  /** Every item, in the order they are removed (kept resources included, with why). */
  items: PlanItem[];
  /** The items that remove something. */
  removing: PlanItem[];
}

/** The sync runner's own removal plan (a dry run of it), or its removal. */
async function syncRemoval(aws: AwsClients, rail: RailConfig, dryRun: boolean): Promise<PlanItem[]> {
  const items: PlanItem[] = [];
  const { removeSyncRunner } = await import('./sync-runner/deploy.js');
  await removeSyncRunner(aws, rail, { dryRun, report: (item) => items.push(item) });
  return items;
}

/** What `down` would remove; makes no mutating call. */
export async function planDown(aws: AwsClients, rail: RailConfig, opts: DownOptions): Promise<DownPlan> {
  const seen = await opts.io.task('reading the rail from AWS', () =>
    discoverRail(aws, rail, { leftFrontDoor: true }),
  );
  if (seen.leftFrontDoorUnchecked)
    opts.io.warn(leftFrontDoorWarning(rail.stage, seen.leftFrontDoorUnchecked));
  const phases = downPhases(aws, rail, seen, opts.io, opts.signal);
  const syncItems = await syncRemoval(aws, rail, true);
  const items = [...syncItems, ...planItems(phases)];
  return { rail, phases, syncItems, items, removing: items.filter((i) => i.action === 'delete') };
}

/** Removes what the plan says, the sync runner first. */
export async function applyDown(
  aws: AwsClients,
  plan: DownPlan,
  opts: DownOptions & { onApplied?: (item: PlanItem) => void },
): Promise<void> {
  if (plan.syncItems.some((i) => i.action === 'delete')) await syncRemoval(aws, plan.rail, false);
  await opts.io.task(`removing ${plan.removing.length} resource(s)`, (update) =>
    applyPhases(plan.phases, {
      signal: opts.signal,
      done: (item) => {
        update(`removed ${item.kind} ${item.name}`);
        opts.onApplied?.(item);
      },
    }),
  );
}
