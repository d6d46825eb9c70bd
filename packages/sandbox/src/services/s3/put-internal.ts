/**
 * How another sandbox service stores an object as PutObject would (ELB access-log delivery): a new
 * version with S3's ETag and CRC32, versioning honoured. Not a caller's request: no policy,
 * conditions or checksums to check; a missing bucket is reported, not thrown, since a delivery to a
 * bucket that is gone is simply lost (as AWS's is).
 */
import { randomBytes } from 'node:crypto';
import type { Sandbox } from '../../core/types.js';
import { crc32Base64, md5Hex } from './checksums.js';
import { type ObjectVersion, s3State } from './state.js';

/** Stores `body` under `key`; returns the version, or undefined when the bucket does not exist. */
export function putObjectInternal(
  sb: Sandbox,
  bucketName: string,
  key: string,
  body: Buffer,
  contentType?: string,
): ObjectVersion | undefined {
  const bucket = s3State(sb).buckets[bucketName];
  if (!bucket) return undefined;
  const version: ObjectVersion = {
    versionId: bucket.versioning === 'Enabled' ? randomBytes(24).toString('base64url') : 'null',
    isDeleteMarker: false,
    body: body.toString('base64'),
    size: body.length,
    etag: `"${md5Hex(body)}"`,
    lastModified: sb.clock.now(),
    ...(contentType ? { contentType } : {}),
    metadata: {},
    checksums: { crc32: crc32Base64(body) },
  };
  const versions = bucket.objects[key] ?? [];
  const kept = version.versionId === 'null' ? versions.filter((v) => v.versionId !== 'null') : versions;
  bucket.objects[key] = [version, ...kept];
  sb.markDirty();
  return version;
}
