/** Object operations: Put/Get/Head/DeleteObject with ETags, versions, checksums and conditions. */
import { randomBytes } from 'node:crypto';
import type { RawRequest, RawResponse, RequestContext } from '../../core/types.js';
import { decodeAwsChunked, isAwsChunked } from './aws-chunked.js';
import { getBucket } from './buckets.js';
import { md5Hex, verifyChecksums } from './checksums.js';
import { checkWriteConditions, serialisedWrite, writeConditions } from './conditional-writes.js';
import { noSuchKey, S3Error } from './s3-xml.js';
import type { Bucket, ObjectVersion } from './state.js';

type Headers = Record<string, string | undefined>;

/** A fresh version id: 32 URL-safe characters, like S3's. */
const newVersionId = () => randomBytes(24).toString('base64url');

/** Headers as single strings (Node gives arrays only for a few repeated ones). */
function flatHeaders(req: RawRequest): Headers {
  const out: Headers = {};
  for (const [name, value] of Object.entries(req.headers)) {
    out[name] = Array.isArray(value) ? value.join(',') : value;
  }
  return out;
}

/** The body as the object's bytes: aws-chunked decoded, trailers merged into the headers. */
function objectBody(req: RawRequest, headers: Headers): Buffer {
  if (!isAwsChunked(req.headers)) return req.body;
  const { body, trailers } = decodeAwsChunked(req.body);
  const declared = headers['x-amz-decoded-content-length'];
  if (declared !== undefined && Number(declared) !== body.length) {
    throw new S3Error(
      'IncompleteBody',
      'You did not provide the number of bytes specified by the Content-Length HTTP header',
      400,
    );
  }
  Object.assign(headers, trailers);
  return body;
}

/** Stores a version as the key's newest; unversioned and suspended buckets replace the `null` one. */
function addVersion(bucket: Bucket, key: string, version: ObjectVersion): void {
  const versions = bucket.objects[key] ?? [];
  const kept = version.versionId === 'null' ? versions.filter((v) => v.versionId !== 'null') : versions;
  bucket.objects[key] = [version, ...kept];
}

function versionHeader(bucket: Bucket, versionId: string): Record<string, string> {
  return bucket.versioning ? { 'x-amz-version-id': versionId } : {};
}

export async function putObject(
  req: RawRequest,
  ctx: RequestContext,
  bucketName: string,
  key: string,
): Promise<RawResponse> {
  const bucket = getBucket(ctx, bucketName);
  if (req.headers['x-amz-copy-source']) {
    throw new S3Error('NotImplemented', 'CopyObject is not implemented by the sandbox.', 501);
  }
  const headers = flatHeaders(req);
  const body = objectBody(req, headers);
  const checksums = verifyChecksums(body, headers);
  const conditions = writeConditions(req.headers);
  const conditional = conditions.ifMatch !== undefined || conditions.ifNoneMatch !== undefined;
  const metadata: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (name.startsWith('x-amz-meta-') && value !== undefined) metadata[name.slice(11)] = value;
  }
  const version = await serialisedWrite(ctx.sb, bucketName, key, conditional, () => {
    checkWriteConditions(conditions, bucket.objects[key]?.[0], key);
    const v: ObjectVersion = {
      versionId: bucket.versioning === 'Enabled' ? newVersionId() : 'null',
      isDeleteMarker: false,
      body: body.toString('base64'),
      size: body.length,
      etag: `"${md5Hex(body)}"`,
      lastModified: ctx.sb.clock.now(),
      contentType: headers['content-type'],
      metadata,
      checksums,
    };
    addVersion(bucket, key, v);
    ctx.sb.markDirty();
    return v;
  });
  const echoed: Record<string, string> = {};
  for (const algorithm of Object.keys(checksums)) {
    if (headers[`x-amz-checksum-${algorithm}`]) echoed[`x-amz-checksum-${algorithm}`] = checksums[algorithm]!;
  }
  return {
    status: 200,
    headers: {
      etag: version.etag,
      'x-amz-server-side-encryption': 'AES256',
      ...echoed,
      ...versionHeader(bucket, version.versionId),
    },
  };
}

/** The version a read targets (`?versionId=` or the newest), with S3's errors for the misses. */
function readableVersion(
  bucket: Bucket,
  key: string,
  versionId: string | null,
  method: string,
): ObjectVersion {
  const versions = bucket.objects[key] ?? [];
  if (versionId !== null) {
    const found = versions.find((v) => v.versionId === versionId);
    if (!found) {
      throw new S3Error('NoSuchVersion', 'The specified version does not exist.', 404, {
        Key: key,
        VersionId: versionId,
      });
    }
    if (found.isDeleteMarker) {
      throw new S3Error(
        'MethodNotAllowed',
        'The specified method is not allowed against this resource.',
        405,
        {
          Method: method,
          ResourceType: 'DeleteMarker',
        },
        { 'x-amz-delete-marker': 'true', 'x-amz-version-id': found.versionId },
      );
    }
    return found;
  }
  const latest = versions[0];
  if (!latest) throw noSuchKey(key);
  if (latest.isDeleteMarker) {
    throw noSuchKey(key, { 'x-amz-delete-marker': 'true', 'x-amz-version-id': latest.versionId });
  }
  return latest;
}

/** Read preconditions: If-Match/If-Unmodified-Since -> 412, If-None-Match/If-Modified-Since -> 304. */
function readPrecondition(headers: Headers, v: ObjectVersion): number | undefined {
  const etag = v.etag.replace(/"/g, '');
  const tags = (h: string) => h.split(',').map((t) => t.trim().replace(/^W\//, '').replace(/"/g, ''));
  const seconds = Math.floor(v.lastModified / 1000) * 1000;
  if (headers['if-match'] && !tags(headers['if-match']).some((t) => t === '*' || t === etag)) return 412;
  if (
    !headers['if-match'] &&
    headers['if-unmodified-since'] &&
    seconds > Date.parse(headers['if-unmodified-since'])
  )
    return 412;
  if (headers['if-none-match'] && tags(headers['if-none-match']).some((t) => t === '*' || t === etag))
    return 304;
  if (
    !headers['if-none-match'] &&
    headers['if-modified-since'] &&
    seconds <= Date.parse(headers['if-modified-since'])
  )
    return 304;
  return undefined;
}

/** `bytes=a-b`, `bytes=a-`, `bytes=-n` -> [start, end] inclusive; undefined = whole object. */
function byteRange(header: string | undefined, size: number): [number, number] | undefined {
  const m = header ? /^bytes=(\d*)-(\d*)$/.exec(header.trim()) : null;
  if (!m || (m[1] === '' && m[2] === '')) return undefined;
  let start: number;
  let end: number;
  if (m[1] === '') {
    start = Math.max(0, size - Number(m[2]));
    end = size - 1;
  } else {
    start = Number(m[1]);
    end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  }
  if (start >= size || start > end) {
    throw new S3Error('InvalidRange', 'The requested range is not satisfiable', 416, {
      RangeRequested: header!,
      ActualObjectSize: String(size),
    });
  }
  return [start, end];
}

/** GetObject and HeadObject: the same headers; HEAD leaves the body out. */
export function getObject(
  req: RawRequest,
  ctx: RequestContext,
  bucketName: string,
  key: string,
): RawResponse {
  const bucket = getBucket(ctx, bucketName);
  const headers = flatHeaders(req);
  const v = readableVersion(bucket, key, req.query.get('versionId'), req.method);
  const out: Record<string, string> = {
    etag: v.etag,
    'last-modified': new Date(v.lastModified).toUTCString(),
    'accept-ranges': 'bytes',
    'content-type': v.contentType ?? 'binary/octet-stream',
    'x-amz-server-side-encryption': 'AES256',
    ...versionHeader(bucket, v.versionId),
  };
  for (const [name, value] of Object.entries(v.metadata)) out[`x-amz-meta-${name}`] = value;
  const precondition = readPrecondition(headers, v);
  if (precondition === 412) {
    throw new S3Error(
      'PreconditionFailed',
      'At least one of the pre-conditions you specified did not hold',
      412,
      {
        Condition: headers['if-match'] ? 'If-Match' : 'If-Unmodified-Since',
      },
    );
  }
  if (precondition === 304) return { status: 304, headers: out };
  let body = Buffer.from(v.body, 'base64');
  const range = byteRange(headers.range, body.length);
  if (range) {
    out['content-range'] = `bytes ${range[0]}-${range[1]}/${body.length}`;
    body = body.subarray(range[0], range[1] + 1);
  } else if (headers['x-amz-checksum-mode'] === 'ENABLED') {
    // One full-object checksum: the algorithm the writer chose, else the CRC32 kept for every object.
    const algorithm = Object.keys(v.checksums).find((a) => a !== 'crc32') ?? 'crc32';
    out[`x-amz-checksum-${algorithm}`] = v.checksums[algorithm]!;
    out['x-amz-checksum-type'] = 'FULL_OBJECT';
  }
  out['content-length'] = String(body.length);
  if (req.method === 'HEAD') return { status: range ? 206 : 200, headers: out };
  return { status: range ? 206 : 200, headers: out, body };
}

/** Deletes one key or version; returns the headers S3 sends (shared with DeleteObjects). */
export function deleteKey(
  ctx: RequestContext,
  bucket: Bucket,
  key: string,
  versionId: string | null,
): { deleteMarker: boolean; versionId?: string } {
  const versions = bucket.objects[key] ?? [];
  if (versionId !== null) {
    const found = versions.find((v) => v.versionId === versionId);
    if (!found) return { deleteMarker: false, versionId };
    bucket.objects[key] = versions.filter((v) => v !== found);
    if (bucket.objects[key]!.length === 0) delete bucket.objects[key];
    ctx.sb.markDirty();
    return { deleteMarker: found.isDeleteMarker, versionId };
  }
  if (!bucket.versioning) {
    if (bucket.objects[key]) {
      delete bucket.objects[key];
      ctx.sb.markDirty();
    }
    return { deleteMarker: false };
  }
  const marker: ObjectVersion = {
    versionId: bucket.versioning === 'Enabled' ? newVersionId() : 'null',
    isDeleteMarker: true,
    body: '',
    size: 0,
    etag: '',
    lastModified: ctx.sb.clock.now(),
    metadata: {},
    checksums: {},
  };
  addVersion(bucket, key, marker);
  ctx.sb.markDirty();
  return { deleteMarker: true, versionId: marker.versionId };
}

export function deleteObject(
  req: RawRequest,
  ctx: RequestContext,
  bucketName: string,
  key: string,
): RawResponse {
  const bucket = getBucket(ctx, bucketName);
  const result = deleteKey(ctx, bucket, key, req.query.get('versionId'));
  const headers: Record<string, string> = {};
  if (result.deleteMarker) headers['x-amz-delete-marker'] = 'true';
  if (result.versionId) headers['x-amz-version-id'] = result.versionId;
  return { status: 204, headers };
}
