/**
 * The first static-IP sync pass, run by `up` while an NLB IP target group of the rail has no target.
 * Without it a freshly laid rail answers nothing through its NLB until the scheduled Lambda's first
 * run (up to a minute), or until someone runs `rails sync-ips`. Once every group has targets, keeping
 * them current is the sync's job, so a steady `up` makes no mutating call here.
 *
 * When applying changed nothing on the NLB's side (its load balancer, listeners and target groups),
 * discovery's reads still hold: the check reads nothing of its own. Otherwise the rail is found again,
 * and the pass's reads start alongside the NLB's listeners.
 */
import type { TargetHealthDescription } from '@aws-sdk/client-elastic-load-balancing-v2';
import type { AwsClients } from '../aws/clients.js';
import { describeTargetHealth } from '../aws/elbv2.js';
import { railNames } from '../common/names.js';
import type { PlanItem } from '../common/plan.js';
import type { SyncRail } from '../sync/discover.js';
import type { PassReads } from '../sync/pass-reads.js';
import type { PassReport } from '../sync/report.js';
import { RAIL_PORTS } from './spec.js';
import { isChange, type UpPlan } from './up.js';

/** What discovery read that the check can use, when applying left it true. */
interface SyncView {
  syncRail: SyncRail;
  targets: Map<string, TargetHealthDescription[]>;
}

/**
 * Runs the first pass when the rail syncs its static IPs and an NLB IP target group has no target;
 * returns its report (the command says what it did), or undefined when no pass was needed.
 */
export async function firstSyncPass(
  aws: AwsClients,
  plan: UpPlan,
  items: PlanItem[],
): Promise<PassReport | undefined> {
  const { rail } = plan;
  if (rail.staticIps !== 'sync' || !rail.sync.bucket) return undefined;
  const [{ syncSettings }, { discoverSyncRail }, { startPassReads }, { runSyncPass }] = await Promise.all([
    import('../sync/settings.js'),
    import('../sync/discover.js'),
    import('../sync/pass-reads.js'),
    import('../sync/sync-pass.js'),
  ]);
  const settings = syncSettings(rail, {}, aws.settings.sandboxDns);
  const view = discoveryStillHolds(plan, items);
  if (view) {
    const empty = view.syncRail.targetGroups.some((g) => view.targets.get(g.arn)!.length === 0);
    return empty ? runSyncPass(aws, view.syncRail, settings) : undefined;
  }
  let reads: PassReads | undefined;
  const syncRail = await discoverSyncRail(aws, rail.stage, {
    onFound: (alb, groups) => {
      reads = startPassReads(
        aws,
        alb,
        groups.map((g) => g.TargetGroupArn!),
        settings,
      );
    },
  });
  const targets = await Promise.all(
    syncRail.targetGroups.map((g) => reads?.groups.get(g.arn)?.health ?? describeTargetHealth(aws, g.arn)),
  );
  if (targets.every((t) => t.length > 0)) return undefined;
  return runSyncPass(aws, syncRail, settings, reads);
}

/**
 * Discovery's view of the sync, when no applied change touched the NLB, its listeners or its target
 * groups and discovery read the targets of every group the pass covers; else undefined.
 */
function discoveryStillHolds(plan: UpPlan, items: PlanItem[]): SyncView | undefined {
  const { seen } = plan.ctx;
  const syncRail = seen.syncRail;
  if (!syncRail?.targetGroups.every((g) => seen.syncTargets.has(g.arn))) return undefined;
  const nlb = railNames.nlb(plan.rail.stage);
  const groups = new Set(RAIL_PORTS.map((p) => railNames.nlbTargetGroup(plan.rail.stage, p)));
  const nlbSide = (i: PlanItem) => i.name === nlb || i.name.startsWith(`${nlb} `) || groups.has(i.name);
  if (items.some((i) => isChange(i) && nlbSide(i))) return undefined;
  return { syncRail, targets: seen.syncTargets };
}
