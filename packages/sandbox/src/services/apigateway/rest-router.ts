/**
 * A restJson1 router for API Gateway's two APIs: a table of (method, path template, operation,
 * handler), the status code each operation answers (from the SDK models), and AWS's error encoding
 * (`x-amzn-errortype` header, `{"message"}` body; docs/aws-behaviour.md §11).
 */
import { AwsError } from '../../core/aws-error.js';
import type { RawRequest, RawResponse, RequestContext, RestRouter } from '../../core/types.js';

export type Handler = (ctx: RequestContext, p: string[], q: URLSearchParams, body: any) => unknown;

export interface Route {
  method: string;
  /** `/restapis/{}/resources/{}`: each `{}` is one path segment, handed to the handler decoded. */
  path: string;
  operation: string;
  status: number;
  handler: Handler;
}

interface Compiled extends Route {
  pattern: RegExp;
}

function compile(routes: Route[]): Compiled[] {
  return routes.map((r) => ({
    ...r,
    pattern: new RegExp(`^${r.path.replace(/\{\}/g, '([^/]+)')}/?$`),
  }));
}

function jsonBody(req: RawRequest): any {
  if (req.body.length === 0) return {};
  try {
    return JSON.parse(req.body.toString('utf8'));
  } catch {
    throw new AwsError('BadRequestException', 'Could not parse request body into json', 400);
  }
}

export function restRouter(routes: Route[]): RestRouter {
  const table = compile(routes);
  const find = (req: RawRequest) => {
    for (const r of table) {
      if (r.method !== req.method) continue;
      const m = r.pattern.exec(req.path);
      if (m) return { route: r, params: m.slice(1).map((s) => decodeURIComponent(s)) };
    }
    return undefined;
  };
  return {
    match: (req) => find(req)?.route.operation,
    async handle(req, ctx): Promise<RawResponse> {
      const common = { 'x-amzn-requestid': ctx.requestId };
      try {
        const found = find(req);
        if (!found) throw new AwsError('NotFoundException', 'Invalid request path', 404);
        const out = await found.route.handler(ctx, found.params, req.query, jsonBody(req));
        const status = found.route.status;
        if (out === undefined) {
          // AWS answers `{}` for the 202s of the v1 deletes and nothing for 204s.
          return status === 204
            ? { status, headers: common }
            : { status, headers: { ...common, 'content-type': 'application/json' }, body: '{}' };
        }
        return {
          status,
          headers: { ...common, 'content-type': 'application/json' },
          body: JSON.stringify(out),
        };
      } catch (err) {
        const e =
          err instanceof AwsError ? err : new AwsError('InternalFailure', (err as Error).message, 500);
        return {
          status: e.status,
          headers: { ...common, 'content-type': 'application/json', 'x-amzn-errortype': e.code },
          body: JSON.stringify({ message: e.message }),
        };
      }
    },
  };
}
