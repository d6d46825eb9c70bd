/**
 * The sync state of one NLB target group in S3: read (rails's files, else the original Lambda's) and
 * written conditionally on what was read. The pending file is where concurrent writers serialise: its
 * write carries If-Match (or If-None-Match: * the first time), and a writer that loses re-reads and
 * re-plans. The active list is informational; it is rewritten (also conditionally) only when it changes.
 */
import { createHash } from 'node:crypto';
import type { AwsClients } from '../aws/clients.js';
import {
  getObjectText,
  headObjectEtag,
  isWriteConflict,
  putObjectConditional,
  writeConflictDelayMs,
} from '../aws/s3.js';
import { sleep } from '../sleep.js';
import {
  legacyStateKeys,
  META_ACTIVE_DIGEST,
  META_ACTIVE_ETAG,
  META_LAST_PASS,
  META_LAST_SUCCESS,
  parsePending,
  type StateLayout,
  serializeActive,
  serializePending,
  stateKeys,
} from './state-format.js';

export interface TargetGroupState {
  pending: Record<string, number>;
  /** ETag of rails's pending file; undefined when it does not exist yet. */
  etag: string | undefined;
  /** Where the counters came from: rails's own files, an original layout, or nothing yet. */
  layout: StateLayout | 'none';
  lastSuccess?: string;
  lastPass?: string;
  activeDigest?: string;
  /** ETag of the active list as this state's last writer left it (saves a read before rewriting it). */
  activeEtag?: string;
}

/** Reads one target group's state: 1 GetObject normally, up to 3 before rails's first write. */
export async function readTargetGroupState(
  aws: AwsClients,
  bucket: string,
  targetGroupArn: string,
  albDnsName: string,
): Promise<TargetGroupState> {
  const own = stateKeys(targetGroupArn, albDnsName);
  const found = await getObjectText(aws, bucket, own.pending);
  if (found) {
    return {
      pending: parsePending(found.body),
      etag: found.etag,
      layout: 'seed-patch',
      lastSuccess: found.metadata[META_LAST_SUCCESS],
      lastPass: found.metadata[META_LAST_PASS],
      activeDigest: found.metadata[META_ACTIVE_DIGEST],
      activeEtag: found.metadata[META_ACTIVE_ETAG],
    };
  }
  for (const legacy of legacyStateKeys(albDnsName)) {
    const old = await getObjectText(aws, bucket, legacy.pending);
    if (old) return { pending: parsePending(old.body), etag: undefined, layout: legacy.layout };
  }
  return { pending: {}, etag: undefined, layout: 'none' };
}

/** A short digest of an IP list, kept in metadata so the active file is rewritten only on change. */
export function ipListDigest(ips: string[]): string {
  return createHash('sha256')
    .update([...ips].sort().join(','))
    .digest('hex')
    .slice(0, 16);
}

export interface StateWrite {
  pending: Record<string, number>;
  activeIps: string[];
  /** When this pass ran. */
  passAt: Date;
  /** When the last successful pass ran (this pass's time if it succeeded). */
  lastSuccess?: string;
}

/**
 * Commits a pass's state on top of `read`. Throws S3's conflict errors (isWriteConflict) when another
 * writer got there first: the caller re-reads and re-plans. Returns the new ETag.
 */
export async function writeTargetGroupState(
  aws: AwsClients,
  bucket: string,
  targetGroupArn: string,
  albDnsName: string,
  read: TargetGroupState,
  write: StateWrite,
): Promise<string> {
  const keys = stateKeys(targetGroupArn, albDnsName);
  const digest = ipListDigest(write.activeIps);
  let activeEtag = read.activeEtag;
  if (digest !== read.activeDigest) {
    const body = serializeActive(albDnsName, write.activeIps, write.passAt);
    activeEtag = await writeActiveList(aws, bucket, keys.active, body, read.activeEtag);
  }
  const metadata: Record<string, string> = {
    [META_LAST_PASS]: write.passAt.toISOString(),
    [META_ACTIVE_DIGEST]: digest,
    ...(activeEtag ? { [META_ACTIVE_ETAG]: activeEtag } : {}),
    ...(write.lastSuccess ? { [META_LAST_SUCCESS]: write.lastSuccess } : {}),
  };
  return putObjectConditional(aws, bucket, keys.pending, serializePending(write.pending), {
    etag: read.etag,
    metadata,
  });
}

/**
 * Rewrites the active list conditionally on the ETag the last writer recorded; when someone else
 * changed it meanwhile, reads its current ETag and retries (it carries no counters). Returns the new ETag.
 */
async function writeActiveList(
  aws: AwsClients,
  bucket: string,
  key: string,
  body: string,
  knownEtag: string | undefined,
): Promise<string> {
  let etag = knownEtag;
  for (let attempt = 1; ; attempt++) {
    try {
      return await putObjectConditional(aws, bucket, key, body, { etag });
    } catch (err) {
      if (!isWriteConflict(err) || attempt >= 8) throw err;
      await sleep(writeConflictDelayMs(attempt));
      etag = await headObjectEtag(aws, bucket, key);
    }
  }
}
