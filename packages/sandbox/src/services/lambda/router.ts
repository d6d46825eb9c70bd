/**
 * Lambda's REST routing (restJson1, `/2015-03-31/functions/...`) and its error encoding: header
 * `X-Amzn-ErrorType`, body `{"Type":"User","Message":...}`.
 */
import { AwsError } from '../../core/aws-error.js';
import type { RawRequest, RawResponse, RequestContext, RestRouter } from '../../core/types.js';
import {
  createFunction,
  deleteFunction,
  getFunction,
  getFunctionConfiguration,
  listFunctions,
  updateFunctionCode,
  updateFunctionConfiguration,
} from './functions.js';
import { invokeFunctionInternal, parsePayload } from './invoke.js';
import { assertLatestQualifier, getFunctionOrThrow } from './lifecycle.js';
import { addPermission, getPolicy, removePermission } from './permissions.js';
import { listTags, tagResource, untagResource } from './tags.js';

/** Invoke payload limits: 6 MB synchronous, 1 MB asynchronous. */
const SYNC_PAYLOAD = 6_291_456;
const ASYNC_PAYLOAD = 1_048_576;
/** A CreateFunction/UpdateFunctionCode request carrying a 50 MB zip in base64. */
const MAX_CODE_REQUEST = 69_905_067;

interface Route {
  method: string;
  pattern: RegExp;
  operation: string;
}

const ROUTES: Route[] = [
  { method: 'POST', pattern: /^\/2015-03-31\/functions\/?$/, operation: 'CreateFunction' },
  { method: 'GET', pattern: /^\/2015-03-31\/functions\/?$/, operation: 'ListFunctions' },
  { method: 'GET', pattern: /^\/2015-03-31\/functions\/([^/]+)\/?$/, operation: 'GetFunction' },
  { method: 'DELETE', pattern: /^\/2015-03-31\/functions\/([^/]+)\/?$/, operation: 'DeleteFunction' },
  {
    method: 'GET',
    pattern: /^\/2015-03-31\/functions\/([^/]+)\/configuration\/?$/,
    operation: 'GetFunctionConfiguration',
  },
  {
    method: 'PUT',
    pattern: /^\/2015-03-31\/functions\/([^/]+)\/configuration\/?$/,
    operation: 'UpdateFunctionConfiguration',
  },
  { method: 'PUT', pattern: /^\/2015-03-31\/functions\/([^/]+)\/code\/?$/, operation: 'UpdateFunctionCode' },
  { method: 'POST', pattern: /^\/2015-03-31\/functions\/([^/]+)\/invocations\/?$/, operation: 'Invoke' },
  { method: 'POST', pattern: /^\/2015-03-31\/functions\/([^/]+)\/policy\/?$/, operation: 'AddPermission' },
  { method: 'GET', pattern: /^\/2015-03-31\/functions\/([^/]+)\/policy\/?$/, operation: 'GetPolicy' },
  {
    method: 'DELETE',
    pattern: /^\/2015-03-31\/functions\/([^/]+)\/policy\/([^/]+)\/?$/,
    operation: 'RemovePermission',
  },
  { method: 'GET', pattern: /^\/2017-03-31\/tags\/([^/]+)\/?$/, operation: 'ListTags' },
  { method: 'POST', pattern: /^\/2017-03-31\/tags\/([^/]+)\/?$/, operation: 'TagResource' },
  { method: 'DELETE', pattern: /^\/2017-03-31\/tags\/([^/]+)\/?$/, operation: 'UntagResource' },
];

function route(req: RawRequest): { operation: string; params: string[] } | undefined {
  for (const r of ROUTES) {
    if (r.method !== req.method) continue;
    const m = r.pattern.exec(req.path);
    if (m) return { operation: r.operation, params: m.slice(1).map((p) => decodeURIComponent(p)) };
  }
  return undefined;
}

function jsonBody(req: RawRequest): any {
  if (req.body.length === 0) return {};
  try {
    return JSON.parse(req.body.toString('utf8'));
  } catch {
    throw new AwsError('SerializationException', 'Could not parse request body into json', 400);
  }
}

const json = (status: number, body: unknown): RawResponse => ({
  status,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

async function invoke(req: RawRequest, ctx: RequestContext, name: string): Promise<RawResponse> {
  const type = String(req.headers['x-amz-invocation-type'] ?? 'RequestResponse');
  const limit = type === 'Event' ? ASYNC_PAYLOAD : SYNC_PAYLOAD;
  if (req.body.length > limit) {
    throw new AwsError(
      'RequestTooLargeException',
      `Request must be smaller than ${limit} bytes for the InvokeFunction operation`,
      413,
    );
  }
  const fn = getFunctionOrThrow(ctx.sb, name);
  const event = parsePayload(req.body);
  const invoker = { principal: ctx.accountId };
  if (type === 'DryRun') return { status: 204, headers: { 'x-amz-executed-version': '$LATEST' } };
  if (type === 'Event') {
    // Queued: the result lands only in the function's log, as for an asynchronous invocation.
    invokeFunctionInternal(ctx.sb, fn.name, event, invoker, ctx.requestId).catch(() => {});
    return { status: 202, headers: { 'x-amz-executed-version': '$LATEST' } };
  }
  if (type !== 'RequestResponse') {
    throw new AwsError('InvalidParameterValueException', `Invalid invocation type: ${type}`, 400);
  }
  // The invocation carries the call's request id, so the log's START/REPORT lines name it.
  const result = await invokeFunctionInternal(ctx.sb, fn.name, event, invoker, ctx.requestId);
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'x-amz-executed-version': '$LATEST',
  };
  if (result.functionError) headers['x-amz-function-error'] = result.functionError;
  if (req.headers['x-amz-log-type'] === 'Tail') {
    const bytes = Buffer.from(result.log);
    headers['x-amz-log-result'] = bytes.subarray(Math.max(0, bytes.length - 4096)).toString('base64');
  }
  return { status: 200, headers, body: result.payload };
}

async function dispatch(
  req: RawRequest,
  ctx: RequestContext,
  operation: string,
  p: string[],
): Promise<RawResponse> {
  const sb = ctx.sb;
  const q = req.query;
  if (p[0] !== undefined && !['ListTags', 'TagResource', 'UntagResource'].includes(operation)) {
    assertLatestQualifier(sb, p[0], q.get('Qualifier'));
  }
  switch (operation) {
    case 'CreateFunction': {
      if (req.body.length > MAX_CODE_REQUEST) {
        throw new AwsError(
          'RequestEntityTooLargeException',
          `Request must be smaller than ${MAX_CODE_REQUEST} bytes for the CreateFunction operation`,
          413,
        );
      }
      const r = createFunction(sb, jsonBody(req));
      return json(r.status, r.body);
    }
    case 'ListFunctions':
      return json(200, listFunctions(sb, q.get('Marker'), q.get('MaxItems')));
    case 'GetFunction':
      return json(200, getFunction(sb, p[0]!));
    case 'DeleteFunction':
      deleteFunction(sb, p[0]!);
      return { status: 204 };
    case 'GetFunctionConfiguration':
      return json(200, getFunctionConfiguration(sb, p[0]!));
    case 'UpdateFunctionConfiguration':
      return json(200, updateFunctionConfiguration(sb, p[0]!, jsonBody(req)));
    case 'UpdateFunctionCode':
      if (req.body.length > MAX_CODE_REQUEST) {
        throw new AwsError(
          'RequestEntityTooLargeException',
          `Request must be smaller than ${MAX_CODE_REQUEST} bytes for the UpdateFunctionCode operation`,
          413,
        );
      }
      return json(200, updateFunctionCode(sb, p[0]!, jsonBody(req)));
    case 'Invoke':
      return invoke(req, ctx, p[0]!);
    case 'AddPermission':
      return json(201, addPermission(sb, p[0]!, jsonBody(req)));
    case 'GetPolicy':
      return json(200, getPolicy(sb, p[0]!));
    case 'RemovePermission':
      removePermission(sb, p[0]!, p[1]!, q.get('RevisionId'));
      return { status: 204 };
    case 'ListTags':
      return json(200, listTags(sb, p[0]!));
    case 'TagResource':
      tagResource(sb, p[0]!, jsonBody(req).Tags ?? {});
      return { status: 204 };
    case 'UntagResource':
      untagResource(sb, p[0]!, q.getAll('tagKeys'));
      return { status: 204 };
  }
  throw new AwsError('UnknownOperationException', `Unknown operation ${operation}`, 400);
}

export const lambdaRouter: RestRouter = {
  match: (req) => route(req)?.operation,
  async handle(req, ctx) {
    const common = { 'x-amzn-requestid': ctx.requestId };
    try {
      const r = route(req);
      if (!r) throw new AwsError('UnknownOperationException', 'Unknown operation', 404);
      const res = await dispatch(req, ctx, r.operation, r.params);
      return { ...res, headers: { ...common, ...res.headers } };
    } catch (err) {
      const e = err instanceof AwsError ? err : new AwsError('ServiceException', (err as Error).message, 500);
      return {
        status: e.status,
        headers: { ...common, 'content-type': 'application/json', 'x-amzn-errortype': e.code },
        body: JSON.stringify({ Type: e.status >= 500 ? 'Service' : 'User', Message: e.message }),
      };
    }
  },
};
