/**
 * SigV4's canonical request, string to sign and signature, computed from a request as it arrived on
 * the wire (node:crypto only: the sandbox loads no AWS SDK). Each step follows AWS's "Create a
 * canonical request for Signature Version 4" and "Calculate the signature" (README "Security"); the
 * tests sign with the real SDK, so the SDK's signer and this one check each other.
 */
import { createHash, createHmac } from 'node:crypto';

export const ALGORITHM = 'AWS4-HMAC-SHA256';
export const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

/** RFC 3986 encoding: every byte but the unreserved characters `A-Za-z0-9-._~`. */
export function uriEncode(text: string): string {
  return encodeURIComponent(text).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/**
 * The canonical URI. S3 signs the path as sent. Every other service normalizes it (empty and `.`
 * segments dropped, `..` removes the one before) and URI-encodes it once more, segment by segment,
 * on top of the encoding the path already carries.
 */
export function canonicalUri(path: string, s3: boolean): string {
  if (s3) return path || '/';
  const segments: string[] = [];
  for (const segment of path.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') segments.pop();
    else segments.push(segment);
  }
  const trailing = segments.length > 0 && path.endsWith('/') ? '/' : '';
  return `/${segments.map(uriEncode).join('/')}${trailing}`;
}

/**
 * The canonical query string: every parameter but `X-Amz-Signature`, name and value decoded and
 * encoded again (RFC 3986), sorted by encoded name and then value; `name=` for a valueless one.
 */
export function canonicalQuery(rawQuery: string): string {
  const pairs: Array<[string, string]> = [];
  for (const part of rawQuery.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const name = uriEncode(decode(eq < 0 ? part : part.slice(0, eq)));
    if (name.toLowerCase() === 'x-amz-signature') continue;
    pairs.push([name, uriEncode(decode(eq < 0 ? '' : part.slice(eq + 1)))]);
  }
  pairs.sort(([an, av], [bn, bv]) => (an < bn ? -1 : an > bn ? 1 : av < bv ? -1 : av > bv ? 1 : 0));
  return pairs.map(([n, v]) => `${n}=${v}`).join('&');
}

/** A header value as signed: line breaks and runs of spaces or tabs folded to one space, trimmed. */
function canonicalValue(value: string): string {
  return value
    .replace(/[\r\n]/g, ' ')
    .replace(/[ \t]+/g, ' ')
    .trim();
}

/**
 * `name:value` lines for the signed headers only, lowercase names in sorted order; a header sent
 * several times gives its values comma-separated, in order. `rawHeaders` is Node's flat
 * `[name, value, name, value...]` list, so nothing is merged or dropped before it is read.
 */
export function canonicalHeaders(rawHeaders: string[], signedHeaders: string[]): string {
  const values = new Map<string, string[]>();
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const name = rawHeaders[i]!.toLowerCase();
    const list = values.get(name) ?? [];
    list.push(canonicalValue(rawHeaders[i + 1]!));
    values.set(name, list);
  }
  return [...signedHeaders]
    .sort()
    .map((name) => `${name}:${(values.get(name) ?? []).join(',')}\n`)
    .join('');
}

export function sha256Hex(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

export interface CanonicalParts {
  method: string;
  uri: string;
  query: string;
  headers: string;
  signedHeaders: string[];
  payloadHash: string;
}

export function canonicalRequest(p: CanonicalParts): string {
  return [p.method, p.uri, p.query, p.headers, [...p.signedHeaders].sort().join(';'), p.payloadHash].join(
    '\n',
  );
}

/** `AWS4-HMAC-SHA256`, the request time (`YYYYMMDDTHHMMSSZ`), the scope, the canonical request's hash. */
export function stringToSign(amzDate: string, scope: string, canonical: string): string {
  return [ALGORITHM, amzDate, scope, sha256Hex(canonical)].join('\n');
}

const hmac = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data, 'utf8').digest();

/** kSigning = HMAC(HMAC(HMAC(HMAC("AWS4" + secret, date), region), service), "aws4_request"). */
export function signingKey(secret: string, date: string, region: string, service: string): Buffer {
  return hmac(hmac(hmac(hmac(`AWS4${secret}`, date), region), service), 'aws4_request');
}

export function signature(key: Buffer, toSign: string): string {
  return createHmac('sha256', key).update(toSign, 'utf8').digest('hex');
}
