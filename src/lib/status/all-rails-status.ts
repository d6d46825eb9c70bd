/**
 * The status engine over every rail of the account and Region (`rails status --all`): find the rails
 * by their tags, then read each one with the one-rail engine, several at a time.
 */
import type { AwsClients } from '../aws/clients.js';
import { mapLimit } from '../common/concurrency.js';
import { findRails, selectorOf } from './find-rails.js';
import { railStatus } from './rail-status.js';
import { type RailSummary, summarize } from './rail-summary.js';

/** Rails read at once: each read is itself a few dozen concurrent calls. */
export const RAILS_IN_FLIGHT = 4;

export interface AllRailsStatus {
  region: string;
  /** One per stage, sorted by stage; empty when no rail carries rails's tags. */
  rails: RailSummary[];
}

export async function allRailsStatus(aws: AwsClients): Promise<AllRailsStatus> {
  const found = await findRails(aws);
  const rails = await mapLimit(found, RAILS_IN_FLIGHT, async (rail) =>
    summarize(await railStatus(aws, selectorOf(rail))),
  );
  return { region: aws.settings.region, rails };
}
