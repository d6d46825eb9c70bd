/**
 * The first static-IP sync pass, run by `up` while an NLB IP target group of the rail has no target.
 * Without it a freshly laid rail answers nothing through its NLB until the scheduled Lambda's first
 * run (up to a minute), or until someone runs `rails sync-ips`. Once every group has targets, keeping
 * them current is the sync's job, so a steady `up` makes no mutating call here.
 */
import type { AwsClients } from '../aws/clients.js';
import { describeTargetHealth } from '../aws/elbv2.js';
import type { RailConfig } from '../config/schema.js';
import { FailedError } from '../errors.js';
import { info } from '../output.js';

export async function runFirstSyncPass(aws: AwsClients, rail: RailConfig): Promise<void> {
  if (rail.staticIps !== 'sync' || !rail.sync.bucket) return;
  const [{ syncSettings }, { discoverSyncRail }, { runSyncPass }] = await Promise.all([
    import('../sync/settings.js'),
    import('../sync/discover.js'),
    import('../sync/sync-pass.js'),
  ]);
  const settings = syncSettings(rail, {}, aws.settings.sandboxDns);
  const syncRail = await discoverSyncRail(aws, rail.stage);
  const targets = await Promise.all(syncRail.targetGroups.map((g) => describeTargetHealth(aws, g.arn)));
  if (targets.every((t) => t.length > 0)) return;

  const report = await runSyncPass(aws, syncRail, settings);
  const registered = report.targetGroups.map((g) => `${g.name} +${g.registered.length}`).join(', ');
  if (report.ok) {
    info(`first sync pass: the NLB now targets the ALB's ${report.ips.length} IP(s) (${registered})`);
    return;
  }
  const problems = [
    ...(report.resolveError ? [`resolving the ALB IPs: ${report.resolveError}`] : []),
    ...report.targetGroups.flatMap((g) =>
      g.errors.map((e) => `${g.name} ${e.step}: ${e.code ? `${e.code}: ` : ''}${e.message}`),
    ),
    ...(report.metrics.error ? [`metrics: ${report.metrics.error}`] : []),
  ];
  throw new FailedError(`the rail is laid, but its first sync pass failed:\n  ${problems.join('\n  ')}`, {
    hint: 'run `rails up` again (it retries the pass while a target group is empty) or `rails sync-ips --once`.',
  });
}
