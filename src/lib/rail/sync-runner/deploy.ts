/**
 * The scheduled sync Lambda's resources (bucket, role, function, schedule) as `up` and `down` see them:
 * the sync engine (lib/sync) runs the passes, the rail deploys what runs them.
 * Describe → diff → act: each resource is reported create / update / unchanged, and a second `up`
 * makes no mutating call. The function is redeployed only when the bundle's hash changes.
 * Every read starts first and at once (read-runner.ts); the decisions and changes then follow one
 * another in dependency order (bucket, role, function, schedule), so the plan reads the same.
 */
import type { AwsClients } from '../../aws/clients.js';
import { bucketExists, createBucket, enableBucketVersioning } from '../../aws/s3.js';
import { railTags } from '../../common/names.js';
import type { RailConfig } from '../../config/schema.js';
import { FailedError } from '../../errors.js';
import { discoverSyncRail, type SyncRail } from '../../sync/discover.js';
import { ensureFunction, ensureRole } from './deploy-lambda.js';
import type { SyncDeployOptions } from './deploy-options.js';
import { ensureSchedule } from './deploy-schedule.js';
import { type BucketSeen, readLambdaParts, readStateBucket } from './read-runner.js';
import { removeLambdaParts } from './remove-lambda.js';

/** The rails:role tag of the sync resources. */
export const SYNC_ROLE_TAG = 'sync-ips';

export interface EnsureSyncRunnerOptions extends SyncDeployOptions {
  /**
   * The rail as the sync pass sees it, when the caller reads it anyway (`up`'s plan: its discovery);
   * otherwise it is discovered here. Only a dry run may take it from the caller: applying needs the
   * target groups made moments ago.
   */
  syncRail?: Promise<SyncRail | undefined>;
}

/** A read started now and awaited later: observed at once, so an early stop leaves no unhandled rejection. */
function started<T>(p: Promise<T>): Promise<T> {
  p.catch(() => undefined);
  return p;
}

/** Converges the sync state bucket and, with `sync.runner: lambda`, the scheduled sync Lambda. */
export async function ensureSyncRunner(
  aws: AwsClients,
  rail: RailConfig,
  opts: EnsureSyncRunnerOptions,
): Promise<void> {
  const syncing = rail.staticIps === 'sync';
  const lambda = syncing && rail.sync.runner === 'lambda';
  const bucket = syncing && rail.sync.bucket ? started(readStateBucket(aws, rail.sync.bucket)) : undefined;
  const parts = started(readLambdaParts(aws, rail.stage, lambda));
  const found =
    lambda && rail.sync.bucket
      ? started(opts.dryRun && opts.syncRail ? opts.syncRail : discoverSyncRail(aws, rail.stage))
      : undefined;
  if (bucket) await ensureBucket(aws, rail.sync.bucket!, await bucket, opts);
  if (!lambda) {
    // Converge: a Lambda left from an earlier `runner: lambda` goes.
    await removeLambdaParts(aws, rail.stage, opts, true, await parts);
    return;
  }
  if (!rail.sync.bucket) {
    throw new FailedError('the sync Lambda keeps its state in S3, and rail.yaml gives no sync.bucket.');
  }
  let syncRail: SyncRail | undefined;
  try {
    syncRail = await found;
  } catch (err) {
    // A dry run of a fresh rail: the load balancers are still only planned.
    if (!opts.dryRun) throw err;
  }
  const seen = await parts;
  const tags = railTags(rail.stage, SYNC_ROLE_TAG);
  const roleArn = await ensureRole(aws, rail, syncRail, tags, opts, seen);
  const functionArn = await ensureFunction(aws, rail, syncRail, roleArn, tags, opts, seen.fn);
  await ensureSchedule(aws, rail.stage, functionArn, tags, opts, seen);
}

/**
 * Removes what ensureSyncRunner made (only what carries the rail's tags). The state bucket is kept: it
 * is versioned and holds the counters; it is reported with how to delete it.
 */
export async function removeSyncRunner(
  aws: AwsClients,
  rail: RailConfig,
  opts: SyncDeployOptions,
): Promise<void> {
  await removeLambdaParts(aws, rail.stage, opts, false);
  if (rail.sync.bucket && rail.staticIps === 'sync' && (await bucketExists(aws, rail.sync.bucket))) {
    opts.report({
      kind: 's3-bucket',
      name: rail.sync.bucket,
      action: 'unchanged',
      note: `kept: it holds the sync state (versioned); delete it with \`aws s3 rb s3://${rail.sync.bucket} --force\` after removing its versions`,
    });
  }
}

async function ensureBucket(
  aws: AwsClients,
  bucket: string,
  seen: BucketSeen,
  opts: SyncDeployOptions,
): Promise<void> {
  if (!seen.exists) {
    opts.report({ kind: 's3-bucket', name: bucket, action: 'create', note: 'sync state, versioning on' });
    if (opts.dryRun) return;
    await createBucket(aws, bucket, aws.settings.region);
    await enableBucketVersioning(aws, bucket);
    return;
  }
  const status = seen.versioning;
  if (status === 'Enabled') {
    opts.report({ kind: 's3-bucket', name: bucket, action: 'unchanged' });
    return;
  }
  opts.report({
    kind: 's3-bucket',
    name: bucket,
    action: 'update',
    changes: [{ field: 'versioning', from: status ?? 'never enabled', to: 'Enabled' }],
  });
  if (!opts.dryRun) await enableBucketVersioning(aws, bucket);
}
