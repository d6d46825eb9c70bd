/**
 * Object checksums as the SDK sends and checks them: CRC32 by default (`x-amz-checksum-crc32`, the
 * big-endian 4 bytes in base64), SHA-1/SHA-256 on request, Content-MD5 when given.
 */
import { createHash } from 'node:crypto';
import * as zlib from 'node:zlib';
import { S3Error } from './s3-xml.js';

/** CRC-32 (IEEE) table for Node.js releases before 20.15, which lack `zlib.crc32`. */
let table: Uint32Array | undefined;
function crc32Fallback(body: Buffer): number {
  if (!table) {
    table = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      table[n] = c >>> 0;
    }
  }
  let crc = 0xffffffff;
  for (const byte of body) crc = table[(crc ^ byte) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

const crc32: (body: Buffer) => number =
  typeof (zlib as { crc32?: unknown }).crc32 === 'function'
    ? (body) => (zlib as unknown as { crc32(b: Buffer): number }).crc32(body)
    : crc32Fallback;

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
