/**
 * What a request claims about its signature, read from the `Authorization` header or, for a
 * presigned URL, from the `X-Amz-*` query parameters (README "Security"). Malformed claims are
 * `incomplete` failures; the legacy S3 signature (`AWS key:sig`) is not supported.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { ALGORITHM } from './canonical-request.js';
import type { AuthFailure } from './failures.js';

export interface SignatureClaim {
  accessKeyId: string;
  /** Credential scope parts. */
  date: string;
  region: string;
  service: string;
  terminator: string;
  signedHeaders: string[];
  signature: string;
  /** The request time as signed, `YYYYMMDDTHHMMSSZ`, and the header or parameter it came from. */
  amzDate: string;
  dateFrom: 'x-amz-date' | 'date' | 'X-Amz-Date';
  /** Presigned URL: its lifetime in seconds. */
  expires?: number;
  /** The session token sent with temporary credentials. */
  sessionToken?: string;
}

const incomplete = (message: string): AuthFailure => ({ kind: 'incomplete', message });

/** `20260102T030405Z` from an HTTP date (`Fri, 02 Jan 2026 03:04:05 GMT`). */
function basicIso(ms: number): string {
  return new Date(ms)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

function scopeOf(credential: string) {
  const parts = credential.split('/');
  if (parts.length !== 5 || parts.some((p) => p === '')) return undefined;
  const [accessKeyId, date, region, service, terminator] = parts as [string, string, string, string, string];
  return { accessKeyId, date, region, service, terminator };
}

function fromHeader(auth: string, headers: IncomingHttpHeaders): SignatureClaim | AuthFailure {
  if (/^AWS [^:\s]+:/.test(auth)) {
    return { kind: 'unsupported', message: 'Only AWS4-HMAC-SHA256 signatures are accepted.' };
  }
  if (!auth.startsWith(`${ALGORITHM} `)) {
    return incomplete(`Authorization header requires the ${ALGORITHM} algorithm.`);
  }
  const fields = new Map<string, string>();
  for (const part of auth.slice(ALGORITHM.length + 1).split(',')) {
    const eq = part.indexOf('=');
    if (eq > 0) fields.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  const credential = fields.get('Credential');
  const signed = fields.get('SignedHeaders');
  const signature = fields.get('Signature');
  if (!credential || !signed || !signature) {
    const missing = ['Credential', 'SignedHeaders', 'Signature'].filter((f) => !fields.get(f));
    return incomplete(
      `Authorization header requires '${missing.join("', '")}' parameter${missing.length > 1 ? 's' : ''}. Authorization=${auth}`,
    );
  }
  const scope = scopeOf(credential);
  if (!scope) return incomplete(`Authorization header has a malformed Credential: '${credential}'.`);
  const amz = headers['x-amz-date'];
  const httpDate = headers.date;
  let amzDate: string;
  let dateFrom: SignatureClaim['dateFrom'];
  if (typeof amz === 'string') {
    amzDate = amz;
    dateFrom = 'x-amz-date';
  } else if (typeof httpDate === 'string' && !Number.isNaN(Date.parse(httpDate))) {
    amzDate = basicIso(Date.parse(httpDate));
    dateFrom = 'date';
  } else {
    return incomplete("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.");
  }
  const token = headers['x-amz-security-token'];
  return {
    ...scope,
    signedHeaders: signed.split(';'),
    signature,
    amzDate,
    dateFrom,
    ...(typeof token === 'string' ? { sessionToken: token } : {}),
  };
}

function fromQuery(query: URLSearchParams): SignatureClaim | AuthFailure {
  if (query.get('X-Amz-Algorithm') !== ALGORITHM) {
    return incomplete(`X-Amz-Algorithm only supports '${ALGORITHM}'.`);
  }
  const missing = ['X-Amz-Credential', 'X-Amz-SignedHeaders', 'X-Amz-Signature', 'X-Amz-Date'].filter(
    (p) => !query.get(p),
  );
  if (missing.length) return incomplete(`Query-string authentication requires ${missing.join(', ')}.`);
  const scope = scopeOf(query.get('X-Amz-Credential')!);
  if (!scope) return incomplete(`X-Amz-Credential is malformed: '${query.get('X-Amz-Credential')}'.`);
  const expires = Number(query.get('X-Amz-Expires') ?? NaN);
  if (!Number.isInteger(expires) || expires < 1 || expires > 604800) {
    return incomplete('X-Amz-Expires must be a whole number of seconds from 1 to 604800.');
  }
  const token = query.get('X-Amz-Security-Token');
  return {
    ...scope,
    signedHeaders: query.get('X-Amz-SignedHeaders')!.split(';'),
    signature: query.get('X-Amz-Signature')!,
    amzDate: query.get('X-Amz-Date')!,
    dateFrom: 'X-Amz-Date',
    expires,
    ...(token ? { sessionToken: token } : {}),
  };
}

/** The claim a signed request makes; undefined for a request that carries no signature at all. */
export function signatureClaim(
  headers: IncomingHttpHeaders,
  query: URLSearchParams,
): SignatureClaim | AuthFailure | undefined {
  const auth = headers.authorization;
  if (typeof auth === 'string') return fromHeader(auth, headers);
  if (query.has('X-Amz-Credential') || query.has('X-Amz-Signature')) return fromQuery(query);
  return undefined;
}

export function isFailure(x: SignatureClaim | AuthFailure): x is AuthFailure {
  return 'kind' in x;
}
