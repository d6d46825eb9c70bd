/** ListObjectsV2 (prefix, delimiter, max-keys, continuation-token, start-after) and DeleteObjects. */
import type { RawRequest, RawResponse, RequestContext } from '../../core/types.js';
import { getBucket } from './buckets.js';
import { deleteKey } from './objects.js';
import { parseS3Xml, S3Error, s3Xml } from './s3-xml.js';
import type { Bucket } from './state.js';

const xmlHeaders = { 'content-type': 'application/xml' };

/** Continuation tokens are opaque to callers: the last key or common prefix a page returned. */
interface Cursor {
  after: string;
  prefix: boolean;
}
const encodeToken = (c: Cursor) => Buffer.from(JSON.stringify(c)).toString('base64');
function decodeToken(token: string): Cursor {
  try {
    const c = JSON.parse(Buffer.from(token, 'base64').toString('utf8')) as Cursor;
    if (typeof c.after === 'string') return c;
  } catch {}
  throw new S3Error('InvalidArgument', 'The continuation token provided is incorrect', 400, {
    ArgumentName: 'continuation-token',
  });
}

/** Keys whose newest version is an object (not a delete marker), in byte order. */
function liveKeys(bucket: Bucket): string[] {
  return Object.keys(bucket.objects)
    .filter((k) => bucket.objects[k]![0] && !bucket.objects[k]![0]!.isDeleteMarker)
    .sort((a, b) => (Buffer.from(a) < Buffer.from(b) ? -1 : a === b ? 0 : 1));
}

export function listObjectsV2(req: RawRequest, ctx: RequestContext, bucketName: string): RawResponse {
  const bucket = getBucket(ctx, bucketName);
  const q = req.query;
  const prefix = q.get('prefix') ?? '';
  const delimiter = q.get('delimiter') ?? '';
  const requested = q.has('max-keys') ? Number(q.get('max-keys')) : 1000;
  if (!Number.isInteger(requested) || requested < 0) {
    throw new S3Error('InvalidArgument', 'Provided max-keys not an integer or within integer range', 400, {
      ArgumentName: 'max-keys',
    });
  }
  const maxKeys = Math.min(requested, 1000, ctx.sb.settings.maxPageSize ?? 1000);
  const token = q.get('continuation-token');
  const cursor: Cursor | undefined = token
    ? decodeToken(token)
    : q.get('start-after')
      ? { after: q.get('start-after')!, prefix: false }
      : undefined;
  const urlEncode = q.get('encoding-type') === 'url';
  const enc = (s: string) => (urlEncode ? encodeURIComponent(s).replace(/%2F/g, '/') : s);

  const contents: Record<string, unknown>[] = [];
  const prefixes: string[] = [];
  let last: Cursor | undefined;
  let truncated = false;
  for (const key of liveKeys(bucket)) {
    if (!key.startsWith(prefix)) continue;
    if (cursor && (key <= cursor.after || (cursor.prefix && key.startsWith(cursor.after)))) continue;
    const cut = delimiter ? key.indexOf(delimiter, prefix.length) : -1;
    const common = cut >= 0 ? key.slice(0, cut + delimiter.length) : undefined;
    if (common !== undefined && prefixes[prefixes.length - 1] === common) continue;
    if (contents.length + prefixes.length >= maxKeys) {
      truncated = true;
      break;
    }
    if (common !== undefined) {
      prefixes.push(common);
      last = { after: common, prefix: true };
      continue;
    }
    const v = bucket.objects[key]![0]!;
    contents.push({
      Key: enc(key),
      LastModified: new Date(v.lastModified).toISOString(),
      ETag: v.etag,
      ChecksumAlgorithm: 'CRC32',
      ChecksumType: 'FULL_OBJECT',
      Size: v.size,
      StorageClass: 'STANDARD',
    });
    last = { after: key, prefix: false };
  }
  const body = s3Xml('ListBucketResult', {
    Name: bucket.name,
    Prefix: enc(prefix),
    ...(delimiter ? { Delimiter: enc(delimiter) } : {}),
    MaxKeys: requested,
    KeyCount: contents.length + prefixes.length,
    IsTruncated: truncated,
    ...(urlEncode ? { EncodingType: 'url' } : {}),
    ...(token ? { ContinuationToken: token } : {}),
    ...(truncated && last ? { NextContinuationToken: encodeToken(last) } : {}),
    ...(q.get('start-after') ? { StartAfter: enc(q.get('start-after')!) } : {}),
    Contents: contents,
    CommonPrefixes: prefixes.map((p) => ({ Prefix: enc(p) })),
  });
  return { status: 200, headers: xmlHeaders, body };
}

const asArray = <T>(x: T | T[] | undefined): T[] => (x === undefined ? [] : Array.isArray(x) ? x : [x]);

/** DeleteObjects (`POST /bucket?delete`): up to 1000 keys, results per key. */
export function deleteObjects(req: RawRequest, ctx: RequestContext, bucketName: string): RawResponse {
  const bucket = getBucket(ctx, bucketName);
  const request = parseS3Xml(req.body).Delete as Record<string, any> | undefined;
  const objects = asArray(request?.Object) as Array<{ Key?: string; VersionId?: string }>;
  if (!request || objects.length === 0 || objects.length > 1000) {
    throw new S3Error(
      'MalformedXML',
      'The XML you provided was not well-formed or did not validate against our published schema',
      400,
    );
  }
  const quiet = String(request.Quiet) === 'true';
  const deleted = objects.map((o) => {
    const key = String(o.Key ?? '');
    const r = deleteKey(ctx, bucket, key, o.VersionId ? String(o.VersionId) : null);
    return {
      Key: key,
      ...(o.VersionId ? { VersionId: String(o.VersionId) } : {}),
      ...(r.deleteMarker ? { DeleteMarker: true, DeleteMarkerVersionId: r.versionId } : {}),
    };
  });
  const body = s3Xml('DeleteResult', { Deleted: quiet ? [] : deleted });
  return { status: 200, headers: xmlHeaders, body };
}
