/**
 * What every part of the sync runner's deployment shares: how it reports (plan items, as `up` prints
 * them), whether it only plans, and how it stops at a resource of its name that rails did not make.
 */

import type { PlanItem, PlanReporter } from '../../common/plan.js';
import { FailedError } from '../../errors.js';

export interface SyncDeployOptions {
  dryRun: boolean;
  report: PlanReporter;
}

/** Stands in for an ARN that a dry run (or a missing load balancer) leaves unknown. */
export const PLANNED = '(planned)';

export function notOurs(opts: SyncDeployOptions, kind: string, name: string): never {
  const item: PlanItem = {
    kind,
    name,
    action: 'blocked',
    note: 'exists but carries no rails tags for this stage: rails does not change what it did not make',
  };
  opts.report(item);
  throw new FailedError(`${kind} ${name} exists and was not made by rails for this stage.`, {
    hint: 'rename or remove it, or use another --stage.',
  });
}
