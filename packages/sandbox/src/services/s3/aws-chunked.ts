/**
 * Decodes an `aws-chunked` request body, which the SDK sends for stream bodies:
 * `<hex size>[;chunk-signature=...]\r\n<bytes>\r\n` ... `0\r\n<trailer lines>\r\n\r\n`.
 * Trailers (e.g. `x-amz-checksum-crc32:...`) are returned so they can be verified like headers.
 */
import { S3Error } from './s3-xml.js';

export interface DecodedChunks {
  body: Buffer;
  trailers: Record<string, string>;
}

const malformed = () =>
  new S3Error('IncompleteBody', 'The request body terminated unexpectedly or is not valid aws-chunked.', 400);

export function decodeAwsChunked(raw: Buffer): DecodedChunks {
  const parts: Buffer[] = [];
  let pos = 0;
  for (;;) {
    const eol = raw.indexOf('\r\n', pos);
    if (eol < 0) throw malformed();
    const sizeText = raw.subarray(pos, eol).toString('latin1').split(';')[0]!.trim();
    if (!/^[0-9a-fA-F]+$/.test(sizeText)) throw malformed();
    const size = Number.parseInt(sizeText, 16);
    pos = eol + 2;
    if (size === 0) break;
    if (pos + size > raw.length) throw malformed();
    parts.push(raw.subarray(pos, pos + size));
    pos += size;
    if (raw.subarray(pos, pos + 2).toString('latin1') !== '\r\n') throw malformed();
    pos += 2;
  }
  const trailers: Record<string, string> = {};
  for (const line of raw.subarray(pos).toString('latin1').split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    trailers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { body: Buffer.concat(parts), trailers };
}

/** True when the request's body is aws-chunked (Content-Encoding lists it, or a streaming sha256). */
export function isAwsChunked(headers: Record<string, string | string[] | undefined>): boolean {
  const encoding = String(headers['content-encoding'] ?? '');
  const sha = String(headers['x-amz-content-sha256'] ?? '');
  return encoding.split(',').some((e) => e.trim() === 'aws-chunked') || sha.startsWith('STREAMING-');
}
