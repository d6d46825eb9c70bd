/** XML bodies and errors the way S3 writes them (restXml, no wrapper around <Error>). */
import { createRequire } from 'node:module';
import type { RawResponse } from '../../core/types.js';

// fast-xml-parser's one-file CommonJS build loads several times faster than its many-module ESM
// build; the sandbox's start time (bench/sandbox.mjs, floor 300 ms) depends on it.
const { XMLBuilder, XMLParser } = createRequire(import.meta.url)(
  'fast-xml-parser',
) as typeof import('fast-xml-parser');

export const S3_NAMESPACE = 'http://s3.amazonaws.com/doc/2006-03-01/';

const builder = new XMLBuilder({ ignoreAttributes: false, suppressEmptyNode: false });
const parser = new XMLParser({ ignoreAttributes: true, parseTagValue: false, trimValues: true });

/** `<?xml ...?><root xmlns=S3>...</root>` from a plain object (arrays repeat the element). */
export function s3Xml(root: string, content: Record<string, unknown>): string {
  const body = builder.build({ [root]: { '@_xmlns': S3_NAMESPACE, ...content } });
  return `<?xml version="1.0" encoding="UTF-8"?>\n${body}`;
}

/** Parses a request body; an unparsable body is S3's `MalformedXML`. */
export function parseS3Xml(body: Buffer): Record<string, any> {
  if (body.length === 0) return {};
  try {
    return parser.parse(body.toString('utf8'), true) as Record<string, any>;
  } catch {
    throw new S3Error(
      'MalformedXML',
      'The XML you provided was not well-formed or did not validate against our published schema',
      400,
    );
  }
}

/** An S3 error: code, message, status and any extra elements S3 adds (`Key`, `BucketName`...). */
export class S3Error extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
    readonly extra: Record<string, string> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = code;
  }
}

/** Encodes an error as S3 does; HEAD responses carry no body, so the SDK names them by status. */
export function s3ErrorResponse(err: S3Error, requestId: string, method: string): RawResponse {
  const headers: Record<string, string> = { ...err.headers };
  if (method === 'HEAD') return { status: err.status, headers };
  const body = `<?xml version="1.0" encoding="UTF-8"?>\n${builder.build({
    Error: { Code: err.code, Message: err.message, ...err.extra, RequestId: requestId },
  })}`;
  return { status: err.status, headers: { ...headers, 'content-type': 'application/xml' }, body };
}

export const noSuchBucket = (bucket: string) =>
  new S3Error('NoSuchBucket', 'The specified bucket does not exist', 404, { BucketName: bucket });

export const noSuchKey = (key: string, headers: Record<string, string> = {}) =>
  new S3Error('NoSuchKey', 'The specified key does not exist.', 404, { Key: key }, headers);
