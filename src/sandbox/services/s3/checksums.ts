/**
 * Object checksums as the SDK sends and checks them: CRC32 by default (`x-amz-checksum-crc32`, the
 * big-endian 4 bytes in base64), SHA-1/SHA-256 on request, Content-MD5 when given.
 */
import { createHash } from 'node:crypto';
import { crc32 } from 'node:zlib';
import { S3Error } from './s3-xml.js';

/** Algorithms the sandbox computes and verifies itself. */
const COMPUTED: Record<string, (body: Buffer) => string> = {
  crc32: (body) => {
    const out = Buffer.alloc(4);
    out.writeUInt32BE(crc32(body) >>> 0);
    return out.toString('base64');
  },
  sha1: (body) => createHash('sha1').update(body).digest('base64'),
  sha256: (body) => createHash('sha256').update(body).digest('base64'),
};

/** Algorithms S3 accepts; those not computed here are stored as sent. */
const ACCEPTED = ['crc32', 'crc32c', 'crc64nvme', 'sha1', 'sha256'];

export function crc32Base64(body: Buffer): string {
  return COMPUTED.crc32!(body);
}

export function md5Hex(body: Buffer): string {
  return createHash('md5').update(body).digest('hex');
}

/**
 * Verifies the checksums a request carries (headers, or aws-chunked trailers merged in) and returns
 * them by algorithm, always including CRC32 so GetObject can return one.
 */
export function verifyChecksums(
  body: Buffer,
  headers: Record<string, string | undefined>,
): Record<string, string> {
  const md5 = headers['content-md5'];
  if (md5 !== undefined && createHash('md5').update(body).digest('base64') !== md5) {
    throw new S3Error('BadDigest', 'The Content-MD5 you specified did not match what we received.', 400);
  }
  const out: Record<string, string> = {};
  for (const algorithm of ACCEPTED) {
    const sent = headers[`x-amz-checksum-${algorithm}`];
    if (sent === undefined) continue;
    const compute = COMPUTED[algorithm];
    if (compute && compute(body) !== sent) {
      throw new S3Error(
        'BadDigest',
        `The ${algorithm.toUpperCase()} you specified did not match the calculated checksum.`,
        400,
      );
    }
    out[algorithm] = sent;
  }
  out.crc32 ??= crc32Base64(body);
  return out;
}
