/**
 * The sync state as `rails status` shows it: per NLB IP target group, when the last successful pass ran
 * and the pending-deregistration counters. Read-only; one GetObject per target group.
 */
import type { AwsClients } from '../aws/clients.js';
import type { RailConfig } from '../config/schema.js';
import { discoverSyncRail, type SyncRail } from './discover.js';
import { readTargetGroupState } from './state-store.js';

export interface TargetGroupSyncState {
  targetGroupArn: string;
  targetGroupName: string;
  port: number;
  /** Where the state was found: rails's files, one of the original Lambda's layouts, or none. */
  layout: string;
  /** ISO time of the last pass that succeeded (undefined: never, or only the original Lambda ran). */
  lastSuccess?: string;
  /** ISO time of the last pass, successful or not. */
  lastPass?: string;
  /** IP -> consecutive passes the ALB did not have it. */
  pending: Record<string, number>;
  /** Set when the state could not be read (the rest is then empty). */
  error?: string;
}

export interface SyncStateView {
  bucket: string;
  missesBeforeDeregister: number;
  interval: number;
  runner: 'lambda' | 'none';
  targetGroups: TargetGroupSyncState[];
}

/**
 * Reads the sync state of the rail of `rail.stage`. Undefined when there is nothing to read: staticIps
 * is alb-target or no sync.bucket is configured. Pass `syncRail` when the caller has already found the
 * load balancers and target groups (saves the discovery calls).
 */
export async function readSyncState(
  aws: AwsClients,
  rail: RailConfig,
  syncRail?: SyncRail,
): Promise<SyncStateView | undefined> {
  if (rail.staticIps === 'alb-target' || !rail.sync.bucket) return undefined;
  const bucket = rail.sync.bucket;
  const found = syncRail ?? (await discoverSyncRail(aws, rail.stage));
  const targetGroups = await Promise.all(
    found.targetGroups.map(async (tg): Promise<TargetGroupSyncState> => {
      const base = { targetGroupArn: tg.arn, targetGroupName: tg.name, port: tg.port };
      try {
        const state = await readTargetGroupState(aws, bucket, tg.arn, found.alb.dnsName);
        return {
          ...base,
          layout: state.layout,
          ...(state.lastSuccess ? { lastSuccess: state.lastSuccess } : {}),
          ...(state.lastPass ? { lastPass: state.lastPass } : {}),
          pending: state.pending,
        };
      } catch (err) {
        return { ...base, layout: 'none', pending: {}, error: (err as Error).message.split('\n')[0] };
      }
    }),
  );
  return {
    bucket,
    missesBeforeDeregister: rail.sync.missesBeforeDeregister,
    interval: rail.sync.interval,
    runner: rail.sync.runner,
    targetGroups,
  };
}
