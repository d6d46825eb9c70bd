/**
 * `rails status --all` in the terminal: every rail of the account and Region, found by its tags, one
 * line each (or a JSON array of summaries). Exit 1 when any rail is broken; degraded rails are shown
 * but, as a fleet view, do not fail it.
 */
import type { AwsClients } from '../../lib/aws/clients.js';
import { UsageError } from '../../lib/errors.js';
import { allRailsStatus } from '../../lib/status/all-rails-status.js';
import { json, result } from '../output.js';
import { renderAllRails } from './render-status-all.js';

export interface StatusAllOptions {
  /** Flags that choose one rail; --all refuses them. */
  nlb?: string;
  alb?: string;
  service?: string;
  api?: string;
  watch?: unknown;
  json: boolean;
  aws: AwsClients;
}

export async function runStatusAll(opts: StatusAllOptions): Promise<number> {
  const given = (['nlb', 'alb', 'service', 'api', 'watch'] as const).filter(
    (k) => opts[k] !== undefined && opts[k] !== false,
  );
  if (given.length)
    throw new UsageError(`--all reads every rail: it does not combine with --${given.join(', --')}`, {
      hint: 'drop --all to inspect one rail with those flags, or drop them to see every rail',
    });
  const status = await allRailsStatus(opts.aws);
  if (opts.json) json(status.rails);
  else result(renderAllRails(status));
  return status.rails.some((r) => r.verdict === 'broken') ? 1 : 0;
}
