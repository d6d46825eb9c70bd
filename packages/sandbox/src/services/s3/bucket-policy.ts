/**
 * Put/Get/DeleteBucketPolicy (`?policy`). The policy is stored as the JSON text sent and returned as
 * is. PutBucketPolicy checks what S3 checks first: a JSON object, Statement present, each statement
 * with Effect, Principal, Action (s3 actions) and Resource inside this bucket (MalformedPolicy).
 */
import type { RawRequest, RawResponse, RequestContext, Sandbox } from '../../core/types.js';
import { getBucket } from './buckets.js';
import { S3Error } from './s3-xml.js';
import { type Bucket, s3State } from './state.js';

/** S3's bucket policy size limit. */
const MAX_POLICY_BYTES = 20 * 1024;

const malformed = (message: string) => new S3Error('MalformedPolicy', message, 400);

const asList = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]);

function checkStatement(st: unknown, bucket: string): void {
  if (!st || typeof st !== 'object' || Array.isArray(st))
    throw malformed('This policy contains invalid Json');
  const s = st as Record<string, unknown>;
  for (const field of ['Effect', 'Principal', 'Action', 'Resource'])
    if (s[field] === undefined && s[`Not${field}`] === undefined)
      throw malformed(`Missing required field ${field}`);
  if (s.Effect !== 'Allow' && s.Effect !== 'Deny') throw malformed('Invalid effect: ' + String(s.Effect));
  const principal = s.Principal;
  if (principal !== undefined && principal !== '*' && (typeof principal !== 'object' || principal === null))
    throw malformed('Invalid principal in policy');
  for (const action of asList(s.Action ?? s.NotAction))
    if (typeof action !== 'string' || !(action === '*' || /^s3:[A-Za-z*?]+$/i.test(action)))
      throw malformed('Policy has invalid action');
  for (const resource of asList(s.Resource ?? s.NotResource)) {
    const r = String(resource);
    const inBucket = r === '*' || r === `arn:aws:s3:::${bucket}` || r.startsWith(`arn:aws:s3:::${bucket}/`);
    if (!inBucket) throw malformed('Policy has invalid resource');
  }
}

/** Validates a policy document for a bucket, as PutBucketPolicy does. */
export function validateBucketPolicy(text: string, bucket: string): void {
  if (Buffer.byteLength(text) > MAX_POLICY_BYTES) throw malformed('Policies must be less than 20 KB');
  if (!text.trimStart().startsWith('{'))
    throw malformed("Policies must be valid JSON and the first byte must be '{'");
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    throw malformed('This policy contains invalid Json');
  }
  const statements = (doc as Record<string, unknown>).Statement;
  if (statements === undefined) throw malformed('Missing required field Statement');
  const list = asList(statements);
  if (list.length === 0) throw malformed('Could not parse the policy: Statement is empty!');
  for (const st of list) checkStatement(st, bucket);
}

export function putBucketPolicy(req: RawRequest, ctx: RequestContext, name: string): RawResponse {
  const bucket = getBucket(ctx, name);
  const text = req.body.toString('utf8');
  validateBucketPolicy(text, name);
  bucket.policy = text;
  ctx.sb.markDirty();
  return { status: 204 };
}

export function getBucketPolicy(ctx: RequestContext, name: string): RawResponse {
  const bucket = getBucket(ctx, name);
  if (bucket.policy === undefined)
    throw new S3Error('NoSuchBucketPolicy', 'The bucket policy does not exist', 404, { BucketName: name });
  return { status: 200, headers: { 'content-type': 'application/json' }, body: bucket.policy };
}

/** Idempotent: a bucket without a policy answers 204 too. */
export function deleteBucketPolicy(ctx: RequestContext, name: string): RawResponse {
  const bucket = getBucket(ctx, name);
  if (bucket.policy !== undefined) {
    delete bucket.policy;
    ctx.sb.markDirty();
  }
  return { status: 204 };
}

/** What other services may know of a bucket (log delivery checks): its region and policy text. */
export interface BucketForDelivery {
  name: string;
  region: string;
  policy?: string;
  tags: Record<string, string>;
}

/**
 * Cross-service read of one bucket, for services that deliver into S3 (ELBv2 access logs): undefined
 * when there is no such bucket. Returns a copy; callers never change S3's state.
 */
export function findBucketInternal(sb: Sandbox, name: string): BucketForDelivery | undefined {
  const bucket: Bucket | undefined = s3State(sb).buckets[name];
  return bucket
    ? { name: bucket.name, region: bucket.region, policy: bucket.policy, tags: { ...bucket.tags } }
    : undefined;
}
