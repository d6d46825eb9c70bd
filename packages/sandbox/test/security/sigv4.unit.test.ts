/**
 * The sandbox's SigV4 (node:crypto, no SDK) against AWS's worked example and against the SDK's own
 * signer (@smithy/signature-v4, what every client uses) on awkward paths, queries and headers, for
 * the S3 rules (path as sent) and everyone else's (path encoded once more); and the failures a
 * hand-made request meets.
 */
import { createHash, createHmac } from 'node:crypto';
import { SignatureV4 } from '@smithy/signature-v4';
import { describe, expect, it } from 'vitest';
import type { Sandbox } from '../../src/core/types.js';
import { AccessKeys } from '../../src/sigv4/access-keys.js';
import {
  canonicalHeaders,
  canonicalQuery,
  canonicalRequest,
  canonicalUri,
  sha256Hex,
  signature,
  signingKey,
  stringToSign,
} from '../../src/sigv4/canonical-request.js';
import { type SignedRequest, verifySignature } from '../../src/sigv4/verify-request.js';

const KEY = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };
const keys = new AccessKeys([KEY], {} as Sandbox);

type Source = string | ArrayBuffer | ArrayBufferView;
const bytes = (d: Source) =>
  typeof d === 'string'
    ? Buffer.from(d)
    : ArrayBuffer.isView(d)
      ? Buffer.from(d.buffer, d.byteOffset, d.byteLength)
      : Buffer.from(d);

/** The hash the SDK's signer is given: SHA-256, or HMAC-SHA256 with a key. */
class Sha256 {
  private readonly h;
  constructor(secret?: Source) {
    this.h = secret === undefined ? createHash('sha256') : createHmac('sha256', bytes(secret));
  }
  update(data: Source) {
    this.h.update(bytes(data));
  }
  async digest() {
    return new Uint8Array(this.h.digest());
  }
}

function sdkSigner(service: string, s3: boolean) {
  return new SignatureV4({
    service,
    region: 'us-east-1',
    credentials: KEY,
    sha256: Sha256,
    uriEscapePath: !s3,
  });
}

interface Plain {
  method: string;
  path: string;
  query: Record<string, string | string[]>;
  headers: Record<string, string>;
  body?: string;
}

/** The request as it reaches the server once the SDK's HTTP handler sends it. */
function onTheWire(signed: Plain): SignedRequest {
  const rawQuery = Object.entries(signed.query)
    .flatMap(([k, v]) =>
      (Array.isArray(v) ? v : [v]).map((x) => `${encodeURIComponent(k)}=${encodeURIComponent(x)}`),
    )
    .join('&');
  return {
    method: signed.method,
    path: signed.path,
    rawQuery,
    query: new URLSearchParams(rawQuery),
    headers: Object.fromEntries(Object.entries(signed.headers).map(([k, v]) => [k.toLowerCase(), v])),
    rawHeaders: Object.entries(signed.headers).flat(),
    body: Buffer.from(signed.body ?? ''),
  };
}

const base = (over: Partial<Plain> = {}) => ({
  protocol: 'http:',
  hostname: '127.0.0.1',
  port: 4566,
  method: 'POST',
  path: '/',
  query: {},
  headers: { host: '127.0.0.1:4566', 'content-type': 'application/x-amz-json-1.1' },
  body: '{}',
  ...over,
});

async function sdkSigned(service: string, s3: boolean, over: Partial<Plain>, date = new Date()) {
  return (await sdkSigner(service, s3).sign(base(over) as any, { signingDate: date })) as unknown as Plain;
}

const verify = (req: SignedRequest, service: string, s3 = false, now = Date.now()) =>
  verifySignature(req, { keys, service, s3, now });

describe("AWS's worked example (IAM ListUsers, 20150830T123600Z)", () => {
  it('gives the documented canonical request hash, signing key and signature', () => {
    const raw = [
      'Host',
      'iam.amazonaws.com',
      'Content-Type',
      'application/x-www-form-urlencoded; charset=utf-8',
      'X-Amz-Date',
      '20150830T123600Z',
    ];
    const signed = ['content-type', 'host', 'x-amz-date'];
    const canonical = canonicalRequest({
      method: 'GET',
      uri: canonicalUri('/', false),
      query: canonicalQuery('Version=2010-05-08&Action=ListUsers'),
      headers: canonicalHeaders(raw, signed),
      signedHeaders: signed,
      payloadHash: sha256Hex(''),
    });
    expect(sha256Hex(canonical)).toBe('f536975d06c0309214f805bb90ccff089219ecd68b2577efef23edd43b7e1a59');
    const key = signingKey(KEY.secretAccessKey, '20150830', 'us-east-1', 'iam');
    expect(key.toString('hex')).toBe('c4afb1cc5771d871763a393e44b703571b55cc28424d1a5e86da6ed3c154a4b9');
    expect(
      signature(key, stringToSign('20150830T123600Z', '20150830/us-east-1/iam/aws4_request', canonical)),
    ).toBe('5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7');
  });
});

describe('requests the SDK signer signed', () => {
  const awkward: Array<[string, Partial<Plain>]> = [
    [
      'an encoded ARN in the path',
      { path: '/2015-03-31/functions/arn%3Aaws%3Alambda%3Aus-east-1%3A1%3Afunction%3Af/invocations' },
    ],
    ['dot segments and doubled slashes', { path: '/a/./b//c/../d/' }],
    ['spaces, unicode and reserved characters', { path: "/k%20e%2By/%C3%A9t%C3%A9/(x)!*'" }],
    [
      'repeated and valueless query parameters',
      { query: { b: ['2', '1', '10'], a: '', 'x y': 'a+b=c&d', '~t': '*' } },
    ],
    [
      'headers with runs of spaces and tabs',
      { headers: { host: '127.0.0.1:4566', 'x-amz-meta-note': '  a   b \t c  ' } },
    ],
  ];

  it.each(awkward)('verifies with %s (encoded once more, as everyone but S3)', async (_, over) => {
    expect(verify(onTheWire(await sdkSigned('lambda', false, over)), 'lambda')).toBeUndefined();
  });

  it.each(awkward)('verifies with %s (path as sent, as S3)', async (_, over) => {
    const signed = await sdkSigned('s3', true, {
      ...over,
      headers: { ...(over.headers ?? base().headers), 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' },
    });
    expect(verify(onTheWire(signed), 's3', true)).toBeUndefined();
  });

  it('tells the two path rules apart', async () => {
    const over = { path: '/2015-03-31/functions/arn%3Aaws%3Alambda/invocations' };
    expect(verify(onTheWire(await sdkSigned('lambda', false, over)), 'lambda', true)?.kind).toBe(
      'badSignature',
    );
    expect(verify(onTheWire(await sdkSigned('s3', true, over)), 's3', false)?.kind).toBe('badSignature');
  });

  it('verifies a presigned URL within its lifetime, and no longer after it', async () => {
    // As the S3 presigner does: the payload is unsigned, and the header goes into the query.
    const request = base({
      method: 'GET',
      path: '/bucket/key%20one',
      body: undefined,
      headers: { host: '127.0.0.1:4566', 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' },
    });
    const signedAt = new Date(Date.now() - 30_000);
    const presigned = (await sdkSigner('s3', true).presign(request as any, {
      signingDate: signedAt,
      expiresIn: 60,
    })) as unknown as Plain;
    expect(presigned.query['X-Amz-Signature']).toBeDefined();
    expect(presigned.query['x-amz-content-sha256']).toBe('UNSIGNED-PAYLOAD');
    const req = onTheWire(presigned);
    expect(verify(req, 's3', true)).toBeUndefined();
    expect(verify(req, 's3', true, Date.now() + 60_000)?.kind).toBe('expired');
    const forged = onTheWire({ ...presigned, query: { ...presigned.query, 'X-Amz-Expires': '604800' } });
    expect(verify(forged, 's3', true)?.kind).toBe('badSignature');
  });
});

describe('hand-made requests', () => {
  const good = () =>
    sdkSigned('ecs', false, { headers: { host: '127.0.0.1:4566', 'x-amz-target': 'T.ListClusters' } });

  it('a changed body, header or method breaks the signature', async () => {
    const req = onTheWire(await good());
    // The SDK signs x-amz-content-sha256 too: a changed body no longer matches it.
    expect(verify({ ...req, body: Buffer.from('{"a":1}') }, 'ecs')?.kind).toBe('payloadMismatch');
    const { 'x-amz-content-sha256': _, ...unhashed } = req.headers;
    const bare = req.rawHeaders.flatMap((v, i, all) =>
      i % 2 === 0 && v !== 'x-amz-content-sha256' ? [v, all[i + 1]!] : [],
    );
    expect(verify({ ...req, headers: unhashed, rawHeaders: bare }, 'ecs')?.kind).toBe('badSignature');
    expect(verify({ ...req, method: 'PUT' }, 'ecs')?.kind).toBe('badSignature');
    const raw = [...req.rawHeaders];
    raw[raw.indexOf('x-amz-target') + 1] = 'T.DeleteCluster';
    expect(verify({ ...req, rawHeaders: raw }, 'ecs')?.kind).toBe('badSignature');
  });

  it('a header sent twice is signed comma-joined', async () => {
    const signed = await sdkSigned('ecs', false, {
      headers: { host: '127.0.0.1:4566', 'x-amz-meta-a': 'one,two' },
    });
    const req = onTheWire(signed);
    const raw = req.rawHeaders.flatMap((v, i, all) =>
      i % 2 === 0
        ? v === 'x-amz-meta-a'
          ? ['x-amz-meta-a', 'one', 'X-Amz-Meta-A', 'two']
          : [v, all[i + 1]!]
        : [],
    );
    expect(verify({ ...req, rawHeaders: raw }, 'ecs')).toBeUndefined();
  });

  it('the scope must name this service, the signing date and aws4_request', async () => {
    const req = onTheWire(await good());
    const auth = String(req.headers.authorization);
    const withAuth = (a: string) => ({ ...req, headers: { ...req.headers, authorization: a } });
    expect(verify(req, 'events')).toMatchObject({ kind: 'badScope', message: /correct service: 'events'/ });
    expect(verify(withAuth(auth.replace(/\/\d{8}\//, '/19991231/')), 'ecs')).toMatchObject({
      kind: 'badScope',
      message: /Date in Credential scope does not match/,
    });
    expect(verify(withAuth(auth.replace('aws4_request', 'aws5_request')), 'ecs')?.kind).toBe('badScope');
  });

  it('host and the date header must be signed; the parts must all be there', async () => {
    const req = onTheWire(await good());
    const auth = String(req.headers.authorization);
    const withAuth = (a: string) => ({ ...req, headers: { ...req.headers, authorization: a } });
    expect(verify(withAuth(auth.replace('host;', '')), 'ecs')).toMatchObject({
      kind: 'incomplete',
      message: /'host'/,
    });
    expect(verify(withAuth(auth.replace(';x-amz-date', '')), 'ecs')).toMatchObject({
      kind: 'incomplete',
      message: /'x-amz-date'/,
    });
    expect(verify(withAuth(auth.replace(/, Signature=\w+/, '')), 'ecs')?.kind).toBe('incomplete');
    expect(verify(withAuth('AWS AKIDEXAMPLE:c2lnbmF0dXJl'), 'ecs')?.kind).toBe('unsupported');
  });

  it('x-amz-content-sha256 must be the body’s hash unless it says the payload is unsigned', async () => {
    const put = async (hash: string) =>
      onTheWire(
        await sdkSigned('s3', true, {
          method: 'PUT',
          path: '/b/k',
          body: 'abc',
          headers: { host: '127.0.0.1:4566', 'x-amz-content-sha256': hash },
        }),
      );
    const right = await put(sha256Hex('abc'));
    expect(verify(right, 's3', true)).toBeUndefined();
    expect(verify({ ...right, body: Buffer.from('abd') }, 's3', true)).toMatchObject({
      kind: 'payloadMismatch',
      details: { S3ComputedContentSHA256: sha256Hex('abd') },
    });
    for (const unsigned of ['UNSIGNED-PAYLOAD', 'STREAMING-UNSIGNED-PAYLOAD-TRAILER']) {
      const req = await put(unsigned);
      expect(verify({ ...req, body: Buffer.from('anything') }, 's3', true)).toBeUndefined();
    }
  });

  it('an unknown key, a wrong secret and a skewed time are told apart', async () => {
    const other = new SignatureV4({
      service: 'ecs',
      region: 'us-east-1',
      credentials: { accessKeyId: 'AKIDOTHER', secretAccessKey: 'x' },
      sha256: Sha256,
    });
    expect(verify(onTheWire((await other.sign(base() as any)) as any), 'ecs')?.kind).toBe('unknownKey');
    const wrong = new SignatureV4({
      service: 'ecs',
      region: 'us-east-1',
      credentials: { ...KEY, secretAccessKey: 'x' },
      sha256: Sha256,
    });
    expect(verify(onTheWire((await wrong.sign(base() as any)) as any), 'ecs')?.kind).toBe('badSignature');
    const old = onTheWire(await sdkSigned('ecs', false, {}, new Date(Date.now() - 16 * 60_000)));
    expect(verify(old, 'ecs')?.kind).toBe('skew');
    const early = onTheWire(await sdkSigned('ecs', false, {}, new Date(Date.now() + 16 * 60_000)));
    expect(verify(early, 'ecs')?.kind).toBe('skew');
    const recent = onTheWire(await sdkSigned('ecs', false, {}, new Date(Date.now() - 14 * 60_000)));
    expect(verify(recent, 'ecs')).toBeUndefined();
  });
});
