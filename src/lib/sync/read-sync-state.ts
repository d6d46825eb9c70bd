/**
 * The sync state as `rails status` shows it: per NLB IP target group, when the last successful pass ran
 * and the pending-deregistration counters. Read-only; one GetObject per target group.
 */
import type { AwsClients } from '../aws/clients.js';
import type { RailConfig } from '../config/schema.js';
import { discoverSyncRail, type SyncRail } from './discover.js';
import { readTargetGroupState, type TargetGroupState } from './state-store.js';

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
  // A group's state needs only its ARN and the ALB's DNS name, which discovery has once the load
  // balancers and the target groups of the rail's names are found: its reads start then, beside the
  // NLB's listeners, rather than a round later. A group the listeners turn out not to forward to
  // leaves its read unawaited (observed, so without an unhandled rejection).
  const early = new Map<string, Promise<TargetGroupState>>();
  const found =
    syncRail ??
    (await discoverSyncRail(aws, rail.stage, {
      onFound: (alb, groups) => {
        for (const tg of groups) {
          const read = readTargetGroupState(aws, bucket, tg.TargetGroupArn!, alb.dnsName);
          read.catch(() => undefined);
          early.set(tg.TargetGroupArn!, read);
        }
      },
    }));
  const targetGroups = await Promise.all(
    found.targetGroups.map(async (tg): Promise<TargetGroupSyncState> => {
      const base = { targetGroupArn: tg.arn, targetGroupName: tg.name, port: tg.port };
      try {
        const state = await (early.get(tg.arn) ??
          readTargetGroupState(aws, bucket, tg.arn, found.alb.dnsName));
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
