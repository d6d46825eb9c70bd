/**
 * `POST /_sandbox/traffic/route`: one request routed through the sandbox's state now, recorded
 * nowhere, so a user (or the root agreement test) can ask where a URL would go and what would answer.
 */
import { AwsError } from '../../core/aws-error.js';
import type { Sandbox } from '../../core/types.js';
import type { RequestOutcome, TargetBehaviour, TrafficRequest } from '../types.js';
import { buildRoutingTable } from './index.js';
import { requestFromUrl } from './parse-request.js';
import { seededRandom } from './seeded-random.js';

/** The body of the control call. */
export interface RouteOnceBody {
  url?: unknown;
  method?: unknown;
  headers?: unknown;
  entry?: unknown;
  /** Seeds the random choices (node, weights, target, injected rates); default: the clock. */
  seed?: unknown;
  /** The client's address (default 10.0.0.100, inside the seeded VPC). */
  clientIp?: unknown;
}

function badRequest(message: string): AwsError {
  return new AwsError('BadRequest', message, 400);
}

/** The injected behaviours kept by the traffic part under the `dataplane` state key. */
function behavioursOf(sb: Sandbox): TargetBehaviour[] {
  const dp = sb.state.dataplane as { behaviours?: TargetBehaviour[] } | undefined;
  return Array.isArray(dp?.behaviours) ? dp.behaviours : [];
}

function stringRecord(value: unknown): Record<string, string> | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw badRequest('headers must be an object of header names to values, e.g. {"x-canary": "yes"}');
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, String(v)]));
}

/** Routes the request the body describes; 400 for a bad URL or one that enters no load balancer. */
export function routeOnce(sb: Sandbox, body: RouteOnceBody): { outcome: RequestOutcome } {
  if (typeof body?.url !== 'string')
    throw badRequest('url is required: the URL to route, e.g. https://api.abq.com/');
  if (body.method !== undefined && typeof body.method !== 'string')
    throw badRequest('method must be a string');
  if (body.entry !== undefined && typeof body.entry !== 'string')
    throw badRequest('entry must be a load balancer name or ARN');
  const now = sb.clock.now();
  let req: TrafficRequest;
  try {
    req = requestFromUrl(body.url, {
      ...(body.method !== undefined ? { method: body.method as string } : {}),
      ...(body.headers !== undefined ? { headers: stringRecord(body.headers) } : {}),
      ...(body.entry !== undefined ? { entry: body.entry as string } : {}),
      at: now,
      clientIp: typeof body.clientIp === 'string' ? body.clientIp : '10.0.0.100',
      clientPort: 40000 + (now % 20000),
    });
  } catch (err) {
    if (err instanceof AwsError) throw err;
    throw badRequest((err as Error).message);
  }
  const table = buildRoutingTable(sb, behavioursOf(sb));
  const problem = table.check(req);
  if (problem) throw badRequest(problem);
  const seed = typeof body.seed === 'number' ? body.seed : now;
  return { outcome: table.route(req, seededRandom(seed)) };
}
