/**
 * The first static-IP sync pass, run by `up` while an NLB IP target group of the rail has no target.
 * Without it a freshly laid rail answers nothing through its NLB until the scheduled Lambda's first
 * run (up to a minute), or until someone runs `rails sync-ips`. Once every group has targets, keeping
 * them current is the sync's job, so a steady `up` makes no mutating call here.
 */
import type { AwsClients } from '../aws/clients.js';
import { describeTargetHealth } from '../aws/elbv2.js';
import type { RailConfig } from '../config/schema.js';
import type { PassReport } from '../sync/report.js';

/**
 * Runs the first pass when the rail syncs its static IPs and an NLB IP target group has no target;
 * returns its report (the command says what it did), or undefined when no pass was needed.
 */
export async function firstSyncPass(aws: AwsClients, rail: RailConfig): Promise<PassReport | undefined> {
  if (rail.staticIps !== 'sync' || !rail.sync.bucket) return undefined;
  const [{ syncSettings }, { discoverSyncRail }, { runSyncPass }] = await Promise.all([
    import('../sync/settings.js'),
    import('../sync/discover.js'),
    import('../sync/sync-pass.js'),
  ]);
  const settings = syncSettings(rail, {}, aws.settings.sandboxDns);
  const syncRail = await discoverSyncRail(aws, rail.stage);
  const targets = await Promise.all(syncRail.targetGroups.map((g) => describeTargetHealth(aws, g.arn)));
  if (targets.every((t) => t.length > 0)) return undefined;
  return runSyncPass(aws, syncRail, settings);
}
