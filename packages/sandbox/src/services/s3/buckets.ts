/** Bucket operations: Create/Head/Delete/ListBuckets, GetBucketLocation, Put/GetBucketVersioning. */
import type { RawRequest, RawResponse, RequestContext } from '../../core/types.js';
import { assertBucketName, bucketRegion } from './bucket-rules.js';
import { noSuchBucket, parseS3Xml, S3Error, s3Xml } from './s3-xml.js';
import { type Bucket, s3State } from './state.js';
import { parseTagList } from './tag-list.js';

const xmlHeaders = { 'content-type': 'application/xml' };

/** The named bucket, or `NoSuchBucket`. */
export function getBucket(ctx: RequestContext, name: string): Bucket {
  const bucket = s3State(ctx.sb).buckets[name];
  if (!bucket) throw noSuchBucket(name);
  return bucket;
}

export function createBucket(req: RawRequest, ctx: RequestContext, name: string): RawResponse {
  assertBucketName(name);
  const config = parseS3Xml(req.body).CreateBucketConfiguration as Record<string, unknown> | undefined;
  const constraint = config?.LocationConstraint ? String(config.LocationConstraint) : undefined;
  const region = bucketRegion(ctx.region, constraint);
  // Tags given at creation (CreateBucketConfiguration.Tags) land with the bucket, in the same call.
  const tags = parseTagList((config?.Tags as Record<string, unknown> | undefined)?.Tag);
  const buckets = s3State(ctx.sb).buckets;
  const existing = buckets[name];
  if (existing) {
    // The one case AWS treats as idempotent: your own bucket, us-east-1, through us-east-1.
    if (!(existing.region === 'us-east-1' && region === 'us-east-1')) {
      throw new S3Error(
        'BucketAlreadyOwnedByYou',
        'Your previous request to create the named bucket succeeded and you already own it.',
        409,
        { BucketName: name },
      );
    }
  } else {
    buckets[name] = {
      name,
      region,
      createdAt: ctx.sb.clock.now(),
      objects: {},
      ...(Object.keys(tags).length ? { tags } : {}),
    };
    ctx.sb.markDirty();
  }
  const location = region === 'us-east-1' ? `/${name}` : `http://${name}.s3.amazonaws.com/`;
  return { status: 200, headers: { location } };
}

export function headBucket(ctx: RequestContext, name: string): RawResponse {
  const bucket = getBucket(ctx, name);
  return {
    status: 200,
    headers: { 'x-amz-bucket-region': bucket.region, 'x-amz-access-point-alias': 'false' },
  };
}

export function deleteBucket(ctx: RequestContext, name: string): RawResponse {
  const bucket = getBucket(ctx, name);
  if (Object.values(bucket.objects).some((versions) => versions.length > 0)) {
    const message = bucket.versioning
      ? 'The bucket you tried to delete is not empty. You must delete all versions in the bucket.'
      : 'The bucket you tried to delete is not empty';
    throw new S3Error('BucketNotEmpty', message, 409, { BucketName: name });
  }
  delete s3State(ctx.sb).buckets[name];
  ctx.sb.markDirty();
  return { status: 204 };
}

export function listBuckets(ctx: RequestContext): RawResponse {
  const buckets = Object.values(s3State(ctx.sb).buckets).sort((a, b) => a.name.localeCompare(b.name));
  const body = s3Xml('ListAllMyBucketsResult', {
    Owner: { ID: ctx.accountId.padStart(64, '0'), DisplayName: 'sandbox' },
    Buckets: {
      Bucket: buckets.map((b) => ({
        Name: b.name,
        CreationDate: new Date(b.createdAt).toISOString(),
        BucketRegion: b.region,
      })),
    },
  });
  return { status: 200, headers: xmlHeaders, body };
}

export function getBucketLocation(ctx: RequestContext, name: string): RawResponse {
  const bucket = getBucket(ctx, name);
  // us-east-1 is reported as an empty constraint, as S3 has always done.
  const region = bucket.region === 'us-east-1' ? '' : bucket.region;
  return { status: 200, headers: xmlHeaders, body: s3Xml('LocationConstraint', { '#text': region }) };
}

export function putBucketVersioning(req: RawRequest, ctx: RequestContext, name: string): RawResponse {
  const bucket = getBucket(ctx, name);
  const config = parseS3Xml(req.body).VersioningConfiguration as Record<string, unknown> | undefined;
  const status = config?.Status;
  if (status !== 'Enabled' && status !== 'Suspended') {
    throw new S3Error(
      'MalformedXML',
      'The XML you provided was not well-formed or did not validate against our published schema',
      400,
    );
  }
  bucket.versioning = status;
  ctx.sb.markDirty();
  return { status: 200 };
}

export function getBucketVersioning(ctx: RequestContext, name: string): RawResponse {
  const bucket = getBucket(ctx, name);
  const body = s3Xml('VersioningConfiguration', bucket.versioning ? { Status: bucket.versioning } : {});
  return { status: 200, headers: xmlHeaders, body };
}
