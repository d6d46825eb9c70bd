/**
 * What `up` and the one-hop commands print around the plan: its title, a line per change as it is
 * made (where no spinner shows it), the summary once the rail is laid, and the first sync pass.
 */
import type { LoadBalancer } from '@aws-sdk/client-elastic-load-balancing-v2';
import { railNames } from '../lib/common/names.js';
import type { PlanItem } from '../lib/common/plan.js';
import type { RailConfig } from '../lib/config/schema.js';
import { FailedError } from '../lib/errors.js';
import type { PlanScope } from '../lib/rail/plan-rail.js';
import type { PassReport } from '../lib/sync/report.js';
import { c, info, result } from './output.js';
import { countActions, planLine } from './render-plan.js';

const SCOPE_TITLE: Record<PlanScope['kind'], string> = {
  all: 'rail',
  nlb: 'NLB hop',
  alb: 'ALB hop',
  api: 'API Gateway hop',
  service: 'service',
  routes: 'routes of',
};

export function planTitle(rail: RailConfig, scope: PlanScope, dryRun: boolean): string {
  return `${SCOPE_TITLE[scope.kind]} ${'name' in scope ? `${scope.name} ` : ''}of stage ${rail.stage}${dryRun ? ' (dry run: nothing will change)' : ''}:`;
}

/**
 * A line per change as it is made, on stderr, where no spinner shows progress (not a terminal); none
 * under --json.
 */
export function stepDoneLines(json: boolean): (item: PlanItem) => void {
  return (item) => {
    if (!json && !process.stderr.isTTY) info(`  done: ${item.action} ${item.kind} ${item.name}`);
  };
}

export function printUpSummary(
  rail: RailConfig,
  items: PlanItem[],
  lbs: LoadBalancer[],
  frontDoor?: string,
): void {
  result('');
  const n = countActions(items);
  result(
    c.bold(
      `Rail ${rail.stage}: ${n.create} created, ${n.update} updated, ${n.delete} deleted, ${n.unchanged} unchanged.`,
    ),
  );
  if (frontDoor) result(`  ${frontDoor}`);
  for (const lb of lbs) result(`  ${lb.LoadBalancerName}  ${lb.State?.Code}  ${lb.DNSName}`);
  for (const svc of rail.services) {
    const routes = svc.paths.map((p) => `https://${svc.host}${p}`).join(' ');
    result(
      `  ${routes} -> ${svc.cluster}/${railNames.ecsService(rail.stage, svc.name)} (${svc.desiredCount} task(s))`,
    );
  }
}

/** Says what the first sync pass did; a failed pass fails the command (the rail itself is laid). */
export function reportFirstSync(report: PassReport | undefined): void {
  if (!report) return;
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

/** Changes AWS cannot make in place were left out: the command fails, saying what to do instead. */
export function failOnBlocked(items: PlanItem[]): void {
  const blocked = items.filter((i) => i.action === 'blocked');
  if (blocked.length)
    throw new FailedError(
      `${blocked.length} change(s) AWS cannot make in place were not applied:\n` +
        blocked.map((b) => `  ${planLine(b).trim()}`).join('\n'),
      { hint: 'each line says what to do instead; everything else was applied.' },
    );
}
