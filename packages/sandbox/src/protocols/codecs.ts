/**
 * Wire protocols: how each one names the operation, decodes input, and encodes output and errors,
 * exactly as the JS SDK v3 expects them (docs/aws-behaviour.md §1), so the unmodified SDK
 * raises the same named exception it would against AWS.
 */
import type { AwsError } from '../core/aws-error.js';
import type { Protocol, RawRequest, RawResponse, ServiceDefinition } from '../core/types.js';
import { parseQueryParams } from './query-input.js';
import { buildXml } from './xml-output.js';

/** A request as the core hands it to a codec; `form` caches the decoded query-protocol body. */
export interface IncomingRequest extends RawRequest {
  form?: URLSearchParams;
}

export interface Codec {
  /** The operation the request names, or undefined. */
  operation(req: IncomingRequest): string | undefined;
  /** The handler's input. */
  input(req: IncomingRequest): unknown;
  success(operation: string, output: unknown, requestId: string, def: ServiceDefinition): RawResponse;
  error(err: AwsError, requestId: string, def: ServiceDefinition, req?: IncomingRequest): RawResponse;
  /** The code this protocol's services answer throttled calls with, and its status. */
  throttle: { code: string; status: number };
  /** Code and status for a request without credentials. */
  missingAuth: { code: string; status: number; message: string };
  /** Code and status for an operation the service does not have. */
  unknownOperation: { code: string; status: number };
  /** Code for a request the sandbox will not serve (a foreign Host or Origin); always 403. */
  forbidden: string;
}

/** Form parameters of a query-protocol request (body, plus the query string for GETs). */
export function formOf(req: IncomingRequest): URLSearchParams {
  if (!req.form) {
    const form = new URLSearchParams(req.body.length ? req.body.toString('utf8') : '');
    for (const [k, v] of req.query) if (!form.has(k)) form.append(k, v);
    req.form = form;
  }
  return req.form;
}

const xmlDecl = '<?xml version="1.0" encoding="UTF-8"?>\n';

const MISSING_AUTH_QUERY = {
  code: 'MissingAuthenticationToken',
  status: 403,
  message: 'Request is missing Authentication Token',
};
const MISSING_AUTH_JSON = {
  code: 'MissingAuthenticationTokenException',
  status: 403,
  message: 'Missing Authentication Token',
};

const awsQuery: Codec = {
  operation: (req) => formOf(req).get('Action') ?? undefined,
  input: (req) => parseQueryParams(formOf(req)),
  success(op, output, requestId, def) {
    const body: Record<string, unknown> = {};
    if (output !== undefined && output !== null) body[`${op}Result`] = output;
    body.ResponseMetadata = { RequestId: requestId };
    return xmlResponse(200, buildXml(`${op}Response`, body, 'member', def.xmlNamespace));
  },
  error(err, requestId, def) {
    const body = { Error: { Type: err.fault, Code: err.code, Message: err.message }, RequestId: requestId };
    return xmlResponse(err.status, buildXml('ErrorResponse', body, 'member', def.xmlNamespace));
  },
  throttle: { code: 'Throttling', status: 400 },
  missingAuth: MISSING_AUTH_QUERY,
  unknownOperation: { code: 'InvalidAction', status: 400 },
  forbidden: 'AccessDenied',
};

const EC2_NS = 'http://ec2.amazonaws.com/doc/2016-11-15/';

const ec2Query: Codec = {
  operation: awsQuery.operation,
  input: awsQuery.input,
  success(op, output, requestId, def) {
    const body = { requestId, ...((output as object | undefined) ?? {}) };
    return xmlResponse(200, buildXml(`${op}Response`, body, 'item', def.xmlNamespace ?? EC2_NS));
  },
  error(err, requestId) {
    const body = { Errors: { Error: { Code: err.code, Message: err.message } }, RequestID: requestId };
    return xmlResponse(err.status, buildXml('Response', body, 'item'));
  },
  // EC2 throttles with RequestLimitExceeded (503), which the SDK retries.
  throttle: { code: 'RequestLimitExceeded', status: 503 },
  missingAuth: { ...MISSING_AUTH_QUERY, status: 401 },
  unknownOperation: { code: 'InvalidAction', status: 400 },
  forbidden: 'UnauthorizedOperation',
};

function xmlResponse(status: number, xml: string): RawResponse {
  return { status, headers: { 'content-type': 'text/xml' }, body: xmlDecl + xml };
}

/** JSON with Dates as epoch seconds and binary as base64, as the JSON protocols carry them. */
export function toAwsJson(value: unknown): string {
  return JSON.stringify(value ?? {}, function (this: any, key: string, v: unknown) {
    const raw = this[key];
    if (raw instanceof Date) return raw.getTime() / 1000;
    if (Buffer.isBuffer(raw) || raw instanceof Uint8Array) return Buffer.from(raw).toString('base64');
    return v;
  });
}

function jsonInput(req: IncomingRequest): unknown {
  if (req.body.length === 0) return {};
  return JSON.parse(req.body.toString('utf8'));
}

function jsonOperation(req: IncomingRequest): string | undefined {
  const target = req.headers['x-amz-target'];
  if (typeof target !== 'string') return undefined;
  const dot = target.lastIndexOf('.');
  return dot < 0 ? undefined : target.slice(dot + 1);
}

function jsonCodec(contentType: string, queryCompatible: boolean): Codec {
  return {
    operation: jsonOperation,
    input: jsonInput,
    success(_op, output) {
      return { status: 200, headers: { 'content-type': contentType }, body: toAwsJson(output) };
    },
    error(err, _requestId, def) {
      const headers: Record<string, string> = { 'content-type': contentType };
      let type = err.code;
      if (queryCompatible) {
        // The body names the modelled error shape; the header carries the query-protocol code.
        type = `${jsonNamespace(def)}#${errorShape(def, err.code)}`;
        headers['x-amzn-query-error'] = `${err.code};${err.fault}`;
      }
      return { status: err.status, headers, body: JSON.stringify({ __type: type, message: err.message }) };
    },
    throttle: { code: queryCompatible ? 'Throttling' : 'ThrottlingException', status: 400 },
    missingAuth: MISSING_AUTH_JSON,
    unknownOperation: { code: 'UnknownOperationException', status: 400 },
    forbidden: queryCompatible ? 'AccessDenied' : 'AccessDeniedException',
  };
}

/** CloudWatch's query codes whose error shapes are not simply `<code>Exception`. */
const CLOUDWATCH_SHAPES: Record<string, string> = {
  InternalServiceError: 'InternalServiceFault',
  InvalidFormat: 'InvalidFormatFault',
  InvalidNextToken: 'InvalidNextToken',
  LimitExceeded: 'LimitExceededFault',
  MissingParameter: 'MissingRequiredParameterException',
  ResourceConflict: 'ResourceConflict',
  ResourceNotFound: 'ResourceNotFound',
  DashboardInvalidInputError: 'DashboardInvalidInputError',
  DashboardNotFoundError: 'DashboardNotFoundError',
};

function errorShape(def: ServiceDefinition, code: string): string {
  const custom =
    def.errorShapes?.[code] ?? (def.signingName === 'monitoring' ? CLOUDWATCH_SHAPES[code] : undefined);
  if (custom) return custom;
  return /(Exception|Fault|Error)$/.test(code) ? code : `${code}Exception`;
}

function jsonNamespace(def: ServiceDefinition): string {
  return `com.amazonaws.${def.signingName === 'monitoring' ? 'cloudwatch' : def.signingName}`;
}

/** REST protocols route themselves (ServiceDefinition.rest); the core only encodes their errors. */
const restXml: Codec = {
  operation: () => undefined,
  input: () => undefined,
  success: () => ({ status: 200 }),
  error(err, requestId, _def, req) {
    const headers = { 'content-type': 'application/xml' };
    if (req?.method === 'HEAD') return { status: err.status, headers };
    const body = { Code: err.code, Message: err.message, ...err.details, RequestId: requestId };
    const xml = buildXml('Error', body, 'member');
    return { status: err.status, headers, body: xmlDecl + xml };
  },
  throttle: { code: 'SlowDown', status: 503 },
  missingAuth: { code: 'AccessDenied', status: 403, message: 'Access Denied' },
  unknownOperation: { code: 'NotImplemented', status: 501 },
  forbidden: 'AccessDenied',
};

const restJson1: Codec = {
  operation: () => undefined,
  input: () => undefined,
  success: () => ({ status: 200 }),
  error(err) {
    return {
      status: err.status,
      headers: { 'content-type': 'application/json', 'x-amzn-errortype': err.code },
      body: JSON.stringify({ Type: err.fault === 'Sender' ? 'User' : 'Service', Message: err.message }),
    };
  },
  throttle: { code: 'TooManyRequestsException', status: 429 },
  missingAuth: MISSING_AUTH_JSON,
  unknownOperation: { code: 'UnknownOperationException', status: 404 },
  forbidden: 'AccessDeniedException',
};

export const codecs: Record<Protocol, Codec> = {
  awsQuery,
  ec2Query,
  awsJson1_1: jsonCodec('application/x-amz-json-1.1', false),
  awsJson1_0: jsonCodec('application/x-amz-json-1.0', true),
  restXml,
  restJson1,
};
