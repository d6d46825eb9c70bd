/**
 * The scheduled sync Lambda's resources (bucket, role, function, schedule) as `up` and `down` see them.
 * Contract used by src/lib/rail; implemented with the sync-ips work.
 */
import type { AwsClients } from '../aws/clients.js';
import type { RailConfig } from '../config/schema.js';
import { NotImplementedError } from '../errors.js';
import type { PlanReporter } from '../rail/plan.js';

export interface SyncDeployOptions {
  dryRun: boolean;
  report: PlanReporter;
}

/** Converges the sync state bucket and, with `sync.runner: lambda`, the scheduled sync Lambda. */
export async function ensureSyncRunner(_aws: AwsClients, _rail: RailConfig, _opts: SyncDeployOptions): Promise<void> {
  throw new NotImplementedError('the scheduled sync Lambda');
}

/** Removes what ensureSyncRunner made (only what carries the rail's tags). */
export async function removeSyncRunner(_aws: AwsClients, _rail: RailConfig, _opts: SyncDeployOptions): Promise<void> {
  throw new NotImplementedError('removing the scheduled sync Lambda');
}
