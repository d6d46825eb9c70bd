/** ListObjectVersions (`GET /bucket?versions`): every version and delete marker, newest first per key. */
import type { RawRequest, RawResponse, RequestContext } from '../../core/types.js';
import { getBucket } from './buckets.js';
import { S3Error, s3Xml } from './s3-xml.js';

export function listObjectVersions(req: RawRequest, ctx: RequestContext, bucketName: string): RawResponse {
  const bucket = getBucket(ctx, bucketName);
  const q = req.query;
  const prefix = q.get('prefix') ?? '';
  const delimiter = q.get('delimiter') ?? '';
  const keyMarker = q.get('key-marker') ?? '';
  const versionMarker = q.get('version-id-marker') ?? '';
  const requested = q.has('max-keys') ? Number(q.get('max-keys')) : 1000;
  if (!Number.isInteger(requested) || requested < 0) {
    throw new S3Error('InvalidArgument', 'Provided max-keys not an integer or within integer range', 400, {
      ArgumentName: 'max-keys',
    });
  }
  const maxKeys = Math.min(requested, 1000, ctx.sb.settings.maxPageSize ?? 1000);
  const owner = { ID: ctx.accountId.padStart(64, '0'), DisplayName: 'sandbox' };
  const versions: Record<string, unknown>[] = [];
  const markers: Record<string, unknown>[] = [];
  const prefixes: string[] = [];
  let count = 0;
  let next: { key: string; versionId: string } | undefined;
  let truncated = false;
  outer: for (const key of Object.keys(bucket.objects).sort()) {
    if (!key.startsWith(prefix) || (keyMarker && key < keyMarker)) continue;
    const cut = delimiter ? key.indexOf(delimiter, prefix.length) : -1;
    if (cut >= 0) {
      const common = key.slice(0, cut + delimiter.length);
      if (prefixes.includes(common) || (keyMarker && common <= keyMarker)) continue;
      if (count >= maxKeys) {
        truncated = true;
        break;
      }
      prefixes.push(common);
      count++;
      next = { key: common, versionId: '' };
      continue;
    }
    const list = bucket.objects[key]!;
    // Resume after the marker version within the marker key; a key marker alone skips that key.
    let start = 0;
    if (key === keyMarker) {
      if (!versionMarker) continue;
      start = list.findIndex((v) => v.versionId === versionMarker) + 1;
    }
    for (let i = start; i < list.length; i++) {
      if (count >= maxKeys) {
        truncated = true;
        break outer;
      }
      const v = list[i]!;
      const common = {
        Key: key,
        VersionId: v.versionId,
        IsLatest: i === 0,
        LastModified: new Date(v.lastModified).toISOString(),
      };
      if (v.isDeleteMarker) markers.push({ ...common, Owner: owner });
      else {
        versions.push({ ...common, ETag: v.etag, Size: v.size, StorageClass: 'STANDARD', Owner: owner });
      }
      count++;
      next = { key, versionId: v.versionId };
    }
  }
  const body = s3Xml('ListVersionsResult', {
    Name: bucket.name,
    Prefix: prefix,
    KeyMarker: keyMarker,
    VersionIdMarker: versionMarker,
    ...(truncated && next ? { NextKeyMarker: next.key, NextVersionIdMarker: next.versionId } : {}),
    MaxKeys: requested,
    ...(delimiter ? { Delimiter: delimiter } : {}),
    IsTruncated: truncated,
    Version: versions,
    DeleteMarker: markers,
    CommonPrefixes: prefixes.map((p) => ({ Prefix: p })),
  });
  return { status: 200, headers: { 'content-type': 'application/xml' }, body };
}
