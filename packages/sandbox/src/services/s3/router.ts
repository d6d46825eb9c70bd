/** S3's REST routing: method + bucket/key + sub-resource -> operation; errors encoded as S3 does. */
import { randomBytes } from 'node:crypto';
import { AwsError } from '../../core/aws-error.js';
import type { RawRequest, RawResponse, RequestContext, RestRouter } from '../../core/types.js';
import { s3Address } from './addressing.js';
import { deleteBucketPolicy, getBucketPolicy, putBucketPolicy } from './bucket-policy.js';
import { deleteBucketTagging, getBucketTagging, putBucketTagging } from './bucket-tagging.js';
import {
  createBucket,
  deleteBucket,
  getBucketLocation,
  getBucketVersioning,
  headBucket,
  listBuckets,
  putBucketVersioning,
} from './buckets.js';
import { deleteObjects, listObjectsV2 } from './list-objects.js';
import { listObjectVersions } from './list-versions.js';
import { deleteObject, getObject, putObject } from './objects.js';
import { S3Error, s3ErrorResponse } from './s3-xml.js';

type Handler = (
  req: RawRequest,
  ctx: RequestContext,
  bucket: string,
  key: string,
) => RawResponse | Promise<RawResponse>;

const OPERATIONS: Record<string, Handler> = {
  ListBuckets: (_req, ctx) => listBuckets(ctx),
  CreateBucket: (req, ctx, b) => createBucket(req, ctx, b),
  HeadBucket: (_req, ctx, b) => headBucket(ctx, b),
  DeleteBucket: (_req, ctx, b) => deleteBucket(ctx, b),
  GetBucketLocation: (_req, ctx, b) => getBucketLocation(ctx, b),
  PutBucketVersioning: (req, ctx, b) => putBucketVersioning(req, ctx, b),
  GetBucketVersioning: (_req, ctx, b) => getBucketVersioning(ctx, b),
  PutBucketPolicy: (req, ctx, b) => putBucketPolicy(req, ctx, b),
  GetBucketPolicy: (_req, ctx, b) => getBucketPolicy(ctx, b),
  DeleteBucketPolicy: (_req, ctx, b) => deleteBucketPolicy(ctx, b),
  PutBucketTagging: (req, ctx, b) => putBucketTagging(req, ctx, b),
  GetBucketTagging: (_req, ctx, b) => getBucketTagging(ctx, b),
  DeleteBucketTagging: (_req, ctx, b) => deleteBucketTagging(ctx, b),
  ListObjectsV2: (req, ctx, b) => listObjectsV2(req, ctx, b),
  ListObjectVersions: (req, ctx, b) => listObjectVersions(req, ctx, b),
  DeleteObjects: (req, ctx, b) => deleteObjects(req, ctx, b),
  PutObject: (req, ctx, b, k) => putObject(req, ctx, b, k),
  GetObject: (req, ctx, b, k) => getObject(req, ctx, b, k),
  HeadObject: (req, ctx, b, k) => getObject(req, ctx, b, k),
  DeleteObject: (req, ctx, b, k) => deleteObject(req, ctx, b, k),
};

/** The operation a request names, from method, address and sub-resource (`x-id` is ignored). */
export function matchS3(req: RawRequest): string | undefined {
  const { bucket, key } = s3Address(req);
  const q = req.query;
  const m = req.method;
  if (!bucket) return m === 'GET' ? 'ListBuckets' : undefined;
  if (key === undefined) {
    if (q.has('versioning'))
      return m === 'PUT' ? 'PutBucketVersioning' : m === 'GET' ? 'GetBucketVersioning' : undefined;
    if (q.has('policy'))
      return (
        { PUT: 'PutBucketPolicy', GET: 'GetBucketPolicy', DELETE: 'DeleteBucketPolicy' } as Record<
          string,
          string
        >
      )[m];
    if (q.has('tagging'))
      return (
        { PUT: 'PutBucketTagging', GET: 'GetBucketTagging', DELETE: 'DeleteBucketTagging' } as Record<
          string,
          string
        >
      )[m];
    if (q.has('location')) return m === 'GET' ? 'GetBucketLocation' : undefined;
    if (q.has('delete')) return m === 'POST' ? 'DeleteObjects' : undefined;
    if (q.has('versions')) return m === 'GET' ? 'ListObjectVersions' : undefined;
    const other = [...q.keys()].filter((k) => k !== 'x-id' && k !== 'list-type' && !LIST_PARAMS.has(k));
    if (other.length > 0) return undefined;
    if (m === 'GET') return q.get('list-type') === '2' ? 'ListObjectsV2' : undefined;
    return { PUT: 'CreateBucket', HEAD: 'HeadBucket', DELETE: 'DeleteBucket' }[m];
  }
  const other = [...q.keys()].filter((k) => !OBJECT_PARAMS.has(k));
  if (other.length > 0) return undefined;
  return { PUT: 'PutObject', GET: 'GetObject', HEAD: 'HeadObject', DELETE: 'DeleteObject' }[m];
}

const LIST_PARAMS = new Set([
  'prefix',
  'delimiter',
  'max-keys',
  'continuation-token',
  'start-after',
  'encoding-type',
  'fetch-owner',
]);
const OBJECT_PARAMS = new Set(['x-id', 'versionId', 'partNumber']);

export const s3Router: RestRouter = {
  match: matchS3,
  async handle(req, ctx) {
    const requestId = ctx.requestId;
    const common = { 'x-amz-request-id': requestId, 'x-amz-id-2': randomBytes(48).toString('base64') };
    try {
      const operation = matchS3(req);
      if (!operation) {
        throw new S3Error(
          'NotImplemented',
          'A header or query you provided implies functionality that is not implemented',
          501,
        );
      }
      const { bucket, key } = s3Address(req);
      const res = await OPERATIONS[operation]!(req, ctx, bucket ?? '', key ?? '');
      return { ...res, headers: { ...common, ...res.headers } };
    } catch (err) {
      const s3err =
        err instanceof S3Error
          ? err
          : err instanceof AwsError
            ? new S3Error(err.code, err.message, err.status)
            : new S3Error('InternalError', 'We encountered an internal error. Please try again.', 500);
      const res = s3ErrorResponse(s3err, requestId, req.method);
      return { ...res, headers: { ...common, ...res.headers } };
    }
  },
};
