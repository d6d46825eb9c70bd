/** Deployment packages: inline `ZipFile` (base64 in JSON) or `S3Bucket`/`S3Key` from sandbox S3. */
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import type { Sandbox } from '../../core/types.js';
import { s3State } from '../s3/state.js';
import { invalidParameter } from './errors.js';

/** fflate, loaded with the first package: a sandbox that never sees one does not pay at start. */
function unzipSync(zip: Uint8Array): Record<string, Uint8Array> {
  return (createRequire(import.meta.url)('fflate') as typeof import('fflate')).unzipSync(zip);
}

/** Lambda's limit on the unzipped function (with layers). */
const MAX_UNZIPPED = 262_144_000;

export interface CodePackage {
  zip: Buffer;
  sha256: string;
  size: number;
}

interface CodeInput {
  ZipFile?: string;
  S3Bucket?: string;
  S3Key?: string;
  S3ObjectVersion?: string;
  ImageUri?: string;
}

function fromS3(sb: Sandbox, bucket: string, key: string, version?: string): Buffer {
  const versions = s3State(sb).buckets[bucket]?.objects[key] ?? [];
  const found = version ? versions.find((v) => v.versionId === version) : versions[0];
  if (!s3State(sb).buckets[bucket]) {
    throw invalidParameter(
      'Error occurred while GetObject. S3 Error Code: NoSuchBucket. S3 Error Message: The specified bucket does not exist',
    );
  }
  if (!found || found.isDeleteMarker) {
    throw invalidParameter(
      'Error occurred while GetObject. S3 Error Code: NoSuchKey. S3 Error Message: The specified key does not exist.',
    );
  }
  return Buffer.from(found.body, 'base64');
}

/** Reads and checks a package: it must unzip, and stay under the unzipped size limit. */
export function loadCodePackage(sb: Sandbox, code: CodeInput | undefined): CodePackage {
  let zip: Buffer;
  if (code?.ZipFile) zip = Buffer.from(code.ZipFile, 'base64');
  else if (code?.S3Bucket && code.S3Key) zip = fromS3(sb, code.S3Bucket, code.S3Key, code.S3ObjectVersion);
  else if (code?.ImageUri) throw invalidParameter('Container images are not supported by the sandbox.');
  else throw invalidParameter('Please provide a source for function code.');
  let unzipped: Record<string, Uint8Array>;
  try {
    unzipped = unzipSync(zip);
  } catch {
    throw invalidParameter(
      'Could not unzip uploaded file. Please check your file, then try to upload again.',
    );
  }
  const total = Object.values(unzipped).reduce((n, f) => n + f.length, 0);
  if (total > MAX_UNZIPPED)
    throw invalidParameter(`Unzipped size must be smaller than ${MAX_UNZIPPED} bytes`);
  return { zip, sha256: createHash('sha256').update(zip).digest('base64'), size: zip.length };
}
