/** S3 state: buckets and their object versions. Times are sandbox epoch ms; bodies are base64. */
import type { Sandbox } from '../../core/types.js';

/** One stored version of a key, or a delete marker. */
export interface ObjectVersion {
  versionId: string;
  isDeleteMarker: boolean;
  /** Base64 of the object's bytes (empty for delete markers). */
  body: string;
  size: number;
  /** Quoted MD5 hex, as S3 returns it. */
  etag: string;
  lastModified: number;
  contentType?: string;
  /** `x-amz-meta-*` headers, without the prefix. */
  metadata: Record<string, string>;
  /** Checksums by algorithm (`crc32`, `sha256`...), base64 as on the wire. */
  checksums: Record<string, string>;
}

export interface Bucket {
  name: string;
  region: string;
  createdAt: number;
  /** Unset until versioning is first configured. */
  versioning?: 'Enabled' | 'Suspended';
  /** The bucket policy as the JSON text PutBucketPolicy was given; unset when there is none. */
  policy?: string;
  /** The bucket's tag set (PutBucketTagging); unset when it has none. */
  tags?: Record<string, string>;
  /** Versions per key, newest first. */
  objects: Record<string, ObjectVersion[]>;
}

export interface S3State {
  buckets: Record<string, Bucket>;
}

/** Where S3 keeps its state in the sandbox state (and in a state file). */
export const S3_STATE_KEY = 's3';

/**
 * A fresh S3 state: empty, filled in on first use by `s3State()` (so a new state file shows `s3: {}`).
 */
export function emptyS3State(): Partial<S3State> {
  return {};
}

/** The S3 state, created on first use. */
export function s3State(sb: Sandbox): S3State {
  const s = sb.state[S3_STATE_KEY] as Partial<S3State>;
  s.buckets ??= {};
  return s as S3State;
}
