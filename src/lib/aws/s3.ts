/**
 * The S3 calls rails makes: the sync state bucket and its conditionally written objects, and the
 * access-log buckets (presence, policy, tags, and reading the log objects back).
 */
import type { Readable } from 'node:stream';
import {
  CreateBucketCommand,
  GetBucketPolicyCommand,
  GetBucketTaggingCommand,
  GetBucketVersioningCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutBucketPolicyCommand,
  PutBucketVersioningCommand,
  PutObjectCommand,
} from '@aws-sdk/client-s3';
import type { AwsClients } from './clients.js';
import { errorCode, type SdkError } from './errors.js';

export interface StoredObject {
  body: string;
  /** Quoted, as S3 returns it; pass it back in If-Match. */
  etag: string;
  metadata: Record<string, string>;
}

function isMissing(err: unknown): boolean {
  const code = errorCode(err);
  return code === 'NoSuchKey' || code === 'NotFound' || (err as SdkError)?.$metadata?.httpStatusCode === 404;
}

/** The object's text, ETag and user metadata; undefined when the key does not exist. */
export async function getObjectText(
  aws: AwsClients,
  bucket: string,
  key: string,
): Promise<StoredObject | undefined> {
  const client = await aws.s3();
  try {
    const out = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    return {
      body: (await out.Body?.transformToString('utf8')) ?? '',
      etag: out.ETag ?? '',
      metadata: out.Metadata ?? {},
    };
  } catch (err) {
    if (errorCode(err) === 'NoSuchKey') return undefined;
    throw err;
  }
}

/** The object's ETag, or undefined when it does not exist. */
export async function headObjectEtag(
  aws: AwsClients,
  bucket: string,
  key: string,
): Promise<string | undefined> {
  const client = await aws.s3();
  try {
    return (await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }))).ETag;
  } catch (err) {
    if (isMissing(err)) return undefined;
    throw err;
  }
}

export interface ConditionalPut {
  /** The ETag read; undefined means "only if the key does not exist yet" (If-None-Match: *). */
  etag: string | undefined;
  metadata?: Record<string, string>;
}

/**
 * Writes an object only if it is still what was read (If-Match), or still absent (If-None-Match: *).
 * Throws S3's PreconditionFailed (412) or ConditionalRequestConflict (409) otherwise: see
 * isWriteConflict. Returns the new ETag.
 */
export async function putObjectConditional(
  aws: AwsClients,
  bucket: string,
  key: string,
  body: string,
  cond: ConditionalPut,
): Promise<string> {
  const client = await aws.s3();
  const out = await client.send(
    new PutObjectCommand({
      Bucket: bucket,
      Key: key,
      Body: body,
      ContentType: 'application/json',
      Metadata: cond.metadata,
      ...(cond.etag ? { IfMatch: cond.etag } : { IfNoneMatch: '*' }),
    }),
  );
  return out.ETag ?? '';
}

/** True when a conditional write lost to another writer: read again and retry. */
export function isWriteConflict(err: unknown): boolean {
  const code = errorCode(err);
  const status = (err as SdkError)?.$metadata?.httpStatusCode;
  return (
    code === 'PreconditionFailed' ||
    code === 'ConditionalRequestConflict' ||
    status === 412 ||
    (status === 409 && code !== 'BucketAlreadyOwnedByYou') ||
    // If-Match on a key deleted meanwhile.
    code === 'NoSuchKey'
  );
}

/**
 * How long to wait before retrying a lost conditional write: exponential with full jitter, so two
 * writers that collided once do not collide again in lockstep (S3's own 409 says "please try again").
 */
export function writeConflictDelayMs(attempt: number): number {
  return Math.round(Math.random() * Math.min(1000, 20 * 2 ** attempt));
}

/** True when the bucket exists and is ours to use. */
export async function bucketExists(aws: AwsClients, bucket: string): Promise<boolean> {
  const client = await aws.s3();
  try {
    await client.send(new HeadBucketCommand({ Bucket: bucket }));
    return true;
  } catch (err) {
    if (isMissing(err) || errorCode(err) === 'NoSuchBucket') return false;
    throw err;
  }
}

/**
 * Creates a bucket; `BucketAlreadyOwnedByYou` counts as success (docs/aws-behaviour.md §6). Tags given
 * here are set by the same call (CreateBucketConfiguration.Tags), so no run can leave the bucket untagged.
 */
export async function createBucket(
  aws: AwsClients,
  bucket: string,
  region: string,
  tags?: Record<string, string>,
): Promise<void> {
  const client = await aws.s3();
  const config = {
    ...(region === 'us-east-1' ? {} : { LocationConstraint: region as any }),
    ...(tags ? { Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })) } : {}),
  };
  try {
    await client.send(
      new CreateBucketCommand({
        Bucket: bucket,
        ...(Object.keys(config).length ? { CreateBucketConfiguration: config } : {}),
      }),
    );
  } catch (err) {
    if (errorCode(err) !== 'BucketAlreadyOwnedByYou') throw err;
  }
}

export async function bucketVersioning(aws: AwsClients, bucket: string): Promise<string | undefined> {
  const client = await aws.s3();
  return (await client.send(new GetBucketVersioningCommand({ Bucket: bucket }))).Status;
}

export async function enableBucketVersioning(aws: AwsClients, bucket: string): Promise<void> {
  const client = await aws.s3();
  await client.send(
    new PutBucketVersioningCommand({ Bucket: bucket, VersioningConfiguration: { Status: 'Enabled' } }),
  );
}

/** How HeadBucket sees a bucket: missing, someone else's (403), or ours with its Region. */
export type BucketPresence =
  | { state: 'missing' }
  | { state: 'forbidden' }
  | { state: 'ours'; region?: string };

export async function bucketPresence(aws: AwsClients, bucket: string): Promise<BucketPresence> {
  const client = await aws.s3();
  try {
    const out = await client.send(new HeadBucketCommand({ Bucket: bucket }));
    return { state: 'ours', region: out.BucketRegion };
  } catch (err) {
    if (isMissing(err) || errorCode(err) === 'NoSuchBucket') return { state: 'missing' };
    if ((err as SdkError)?.$metadata?.httpStatusCode === 403) return { state: 'forbidden' };
    throw err;
  }
}

/** The bucket policy's JSON text, or undefined when the bucket has none (NoSuchBucketPolicy). */
export async function bucketPolicy(aws: AwsClients, bucket: string): Promise<string | undefined> {
  const client = await aws.s3();
  try {
    return (await client.send(new GetBucketPolicyCommand({ Bucket: bucket }))).Policy;
  } catch (err) {
    if (errorCode(err) === 'NoSuchBucketPolicy') return undefined;
    throw err;
  }
}

/** Replaces the bucket policy. */
export async function putBucketPolicy(aws: AwsClients, bucket: string, policy: string): Promise<void> {
  const client = await aws.s3();
  await client.send(new PutBucketPolicyCommand({ Bucket: bucket, Policy: policy }));
}

/** The bucket's tags ({} when it has none: S3's NoSuchTagSet). */
export async function bucketTags(aws: AwsClients, bucket: string): Promise<Record<string, string>> {
  const client = await aws.s3();
  try {
    const out = await client.send(new GetBucketTaggingCommand({ Bucket: bucket }));
    return Object.fromEntries((out.TagSet ?? []).map((t) => [t.Key ?? '', t.Value ?? '']));
  } catch (err) {
    if (errorCode(err) === 'NoSuchTagSet') return {};
    throw err;
  }
}

export interface ListedObject {
  key: string;
  size: number;
}

/**
 * Keys under `prefix` that sort after `startAfter`, in S3's (UTF-8 binary) order, page by page; stops
 * early once `keep` says no (the keys past it sort later still, so no page after it is read).
 */
export async function listObjectsAfter(
  aws: AwsClients,
  bucket: string,
  prefix: string,
  startAfter: string | undefined,
  keep: (key: string) => boolean = () => true,
): Promise<ListedObject[]> {
  const client = await aws.s3();
  const out: ListedObject[] = [];
  let token: string | undefined;
  do {
    const page = await client.send(
      new ListObjectsV2Command({
        Bucket: bucket,
        Prefix: prefix,
        ...(token ? { ContinuationToken: token } : startAfter ? { StartAfter: startAfter } : {}),
      }),
    );
    for (const o of page.Contents ?? []) {
      if (!o.Key) continue;
      if (!keep(o.Key)) return out;
      out.push({ key: o.Key, size: o.Size ?? 0 });
    }
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return out;
}

/** The object's body as a Node stream (the SDK's Node HTTP handler returns one). */
export async function getObjectStream(aws: AwsClients, bucket: string, key: string): Promise<Readable> {
  const client = await aws.s3();
  const out = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  if (!out.Body) throw new Error(`internal: S3 GetObject ${key} returned no body`);
  return out.Body as Readable;
}
