/**
 * Checks a request's SigV4 signature as AWS does (README "Security"): a key the sandbox knows, a
 * request time within 15 minutes (or a presigned URL within its lifetime), a credential scope for this
 * date and service ending in `aws4_request`, the body matching x-amz-content-sha256, and the signature
 * the secret gives for the canonical request. Returns why it fails, or undefined when it holds.
 */
import { timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { AccessKeys } from './access-keys.js';
import {
  canonicalHeaders,
  canonicalQuery,
  canonicalRequest,
  canonicalUri,
  sha256Hex,
  signature,
  signingKey,
  stringToSign,
} from './canonical-request.js';
import type { AuthFailure } from './failures.js';
import { isFailure, type SignatureClaim, signatureClaim } from './signature-claim.js';

/** How far a request's time may be from the sandbox's (real) clock. */
export const MAX_SKEW_MS = 15 * 60_000;

/** A request as it arrived: raw path and query, every header as sent, the body before decoding. */
export interface SignedRequest {
  method: string;
  path: string;
  rawQuery: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  rawHeaders: string[];
  body: Buffer;
}

export interface VerifyContext {
  keys: AccessKeys;
  /** The signing name of the service the request was routed to (the scope must name it). */
  service: string;
  /** S3 signs the path as sent and may leave the payload unsigned. */
  s3: boolean;
  /** Real time, ms. */
  now: number;
}

/** `YYYYMMDDTHHMMSSZ` as ms, or NaN. */
function parseAmzDate(text: string): number {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(text);
  return m ? Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!) : Number.NaN;
}

const basic = (ms: number) =>
  new Date(ms)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}/, '');

function timeProblem(claim: SignatureClaim, time: number, now: number): AuthFailure | undefined {
  const details = { RequestTime: claim.amzDate, ServerTime: iso(now), MaxAllowedSkewMilliseconds: '900000' };
  if (time > now + MAX_SKEW_MS) {
    return {
      kind: 'skew',
      message: `Signature not yet current: ${claim.amzDate} is still later than ${basic(now + MAX_SKEW_MS)} (${basic(now)} + 15 min.)`,
      details,
    };
  }
  if (claim.expires !== undefined) {
    if (time + claim.expires * 1000 < now) {
      return {
        kind: 'expired',
        message: 'Request has expired',
        details: {
          'X-Amz-Expires': String(claim.expires),
          Expires: iso(time + claim.expires * 1000),
          ServerTime: iso(now),
        },
      };
    }
    return undefined;
  }
  if (time < now - MAX_SKEW_MS) {
    return {
      kind: 'skew',
      message: `Signature expired: ${claim.amzDate} is now earlier than ${basic(now - MAX_SKEW_MS)} (${basic(now)} - 15 min.)`,
      details,
    };
  }
  return undefined;
}

function scopeProblem(claim: SignatureClaim, service: string): AuthFailure | undefined {
  const badScope = (message: string): AuthFailure => ({ kind: 'badScope', message });
  if (claim.terminator !== 'aws4_request') {
    return badScope(
      `Credential should be scoped with a valid terminator: 'aws4_request', not '${claim.terminator}'.`,
    );
  }
  if (claim.date !== claim.amzDate.slice(0, 8)) {
    return badScope(
      `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${claim.date}' != '${claim.amzDate.slice(0, 8)}', from '${claim.amzDate}'.`,
    );
  }
  if (!/^[a-z0-9-]+$/.test(claim.region)) return badScope('Credential should be scoped to a valid region.');
  if (claim.service !== service)
    return badScope(`Credential should be scoped to correct service: '${service}'.`);
  return undefined;
}

/** Headers that must be signed when the request relies on them. */
function unsignedEssentials(claim: SignatureClaim, signed: Set<string>, presigned: boolean): string[] {
  const needed = ['host'];
  if (!presigned) needed.push(claim.dateFrom);
  if (!presigned && claim.sessionToken !== undefined) needed.push('x-amz-security-token');
  return needed.filter((h) => !signed.has(h));
}

/** The payload hash the signature covers, or a mismatch between x-amz-content-sha256 and the body. */
function payloadHash(req: SignedRequest, ctx: VerifyContext, presigned: boolean): string | AuthFailure {
  const declared = req.headers['x-amz-content-sha256'];
  if (typeof declared === 'string') {
    if (/^[0-9a-f]{64}$/i.test(declared)) {
      const actual = sha256Hex(req.body);
      if (actual !== declared.toLowerCase()) {
        return {
          kind: 'payloadMismatch',
          message: "The provided 'x-amz-content-sha256' header does not match what was computed.",
          details: { ClientComputedContentSHA256: declared, S3ComputedContentSHA256: actual },
        };
      }
    }
    // UNSIGNED-PAYLOAD and the STREAMING-… values are signed as they are.
    return declared;
  }
  if (presigned) {
    // The S3 presigner hoists x-amz-content-sha256 (UNSIGNED-PAYLOAD) into the query; S3 assumes it.
    for (const [name, value] of req.query) if (name.toLowerCase() === 'x-amz-content-sha256') return value;
    return ctx.s3 ? 'UNSIGNED-PAYLOAD' : sha256Hex(req.body);
  }
  return sha256Hex(req.body);
}

function sameHex(a: string, b: string): boolean {
  return a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
}

export function verifySignature(req: SignedRequest, ctx: VerifyContext): AuthFailure | undefined {
  const claim = signatureClaim(req.headers, req.query);
  if (!claim) return { kind: 'incomplete', message: 'The request carries no signature.' };
  if (isFailure(claim)) return claim;
  const key = ctx.keys.lookup(claim.accessKeyId, claim.sessionToken);
  if ('failure' in key) {
    return key.failure === 'unknownKey'
      ? { kind: 'unknownKey', message: 'unknown access key', details: { AWSAccessKeyId: claim.accessKeyId } }
      : { kind: 'badToken', message: 'invalid session token' };
  }
  const time = parseAmzDate(claim.amzDate);
  if (Number.isNaN(time)) {
    return {
      kind: 'incomplete',
      message: `Date must be in ISO-8601 'basic format'. Got '${claim.amzDate}'.`,
    };
  }
  const presigned = claim.expires !== undefined;
  const problem = timeProblem(claim, time, ctx.now) ?? scopeProblem(claim, ctx.service);
  if (problem) return problem;
  const signedHeaders = claim.signedHeaders.map((h) => h.toLowerCase()).sort();
  const unsigned = unsignedEssentials(claim, new Set(signedHeaders), presigned);
  if (unsigned.length) {
    return {
      kind: 'incomplete',
      message: `'${unsigned.join("', '")}' must be a 'SignedHeader' in the AWS Authorization.`,
    };
  }
  const hash = payloadHash(req, ctx, presigned);
  if (typeof hash !== 'string') return hash;
  const canonical = canonicalRequest({
    method: req.method,
    uri: canonicalUri(req.path, ctx.s3),
    query: canonicalQuery(req.rawQuery),
    headers: canonicalHeaders(req.rawHeaders, signedHeaders),
    signedHeaders,
    payloadHash: hash,
  });
  const scope = `${claim.date}/${claim.region}/${claim.service}/${claim.terminator}`;
  const toSign = stringToSign(claim.amzDate, scope, canonical);
  const expected = signature(signingKey(key.secret, claim.date, claim.region, claim.service), toSign);
  if (sameHex(expected, claim.signature.toLowerCase())) return undefined;
  return {
    kind: 'badSignature',
    message: 'signature mismatch',
    details: {
      AWSAccessKeyId: claim.accessKeyId,
      StringToSign: toSign,
      SignatureProvided: claim.signature,
      CanonicalRequest: canonical,
    },
  };
}
