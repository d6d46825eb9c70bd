/**
 * Where a request points: path style (`/bucket/key`) or virtual-host style (`Host:
 * bucket.localhost:4566`). The SDK uses virtual-host style unless `forcePathStyle` is set, the
 * endpoint is an IP literal, or the bucket name has dots. Other host names (`bucket.127.0.0.1.nip.io`,
 * `bucket.s3.amazonaws.com`) never get here: the core answers loopback hosts only
 * (http/loopback-guard.ts).
 */
import type { RawRequest } from '../../core/types.js';

export interface S3Address {
  bucket?: string;
  key?: string;
}

/** The host suffix under which the first label(s) name a bucket. */
const VIRTUAL_HOST = /^(?<bucket>.+)\.localhost$/;

function decodeSegment(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** The bucket named by the Host header, if the request is virtual-host style. */
export function bucketFromHost(host: string | undefined): string | undefined {
  if (!host) return undefined;
  const name = host.replace(/:\d+$/, '').toLowerCase();
  const bucket = VIRTUAL_HOST.exec(name)?.groups?.bucket;
  return bucket && bucket !== 's3' ? bucket : undefined;
}

export function s3Address(req: RawRequest): S3Address {
  const hostBucket = bucketFromHost(req.headers.host);
  const path = req.path.startsWith('/') ? req.path.slice(1) : req.path;
  if (hostBucket) {
    return path === '' ? { bucket: hostBucket } : { bucket: hostBucket, key: decodeSegment(path) };
  }
  if (path === '') return {};
  const slash = path.indexOf('/');
  if (slash < 0) return { bucket: decodeSegment(path) };
  const key = path.slice(slash + 1);
  return key === ''
    ? { bucket: decodeSegment(path.slice(0, slash)) }
    : { bucket: decodeSegment(path.slice(0, slash)), key: decodeSegment(key) };
}
