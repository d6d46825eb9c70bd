/**
 * The data plane's routing: how AWS would carry one request through the load balancers in the
 * sandbox's state, from the entry (NLB or ALB) to a target and back. Its own model of AWS, kept apart
 * from rails's `route trace` (a root test compares the two on a table of URLs).
 */
import type { Sandbox } from '../../core/types.js';
import type { RequestOutcome, TargetBehaviour, TrafficRequest } from '../types.js';
import { routeAlb } from './alb-leg.js';
import { apigwStep, isApigwHost } from './apigw-leg.js';
import { resolveEntry } from './entry.js';
import { routeNlb } from './nlb-leg.js';
import { buildSnapshot } from './routing-snapshot.js';
import { pick } from './target-choice.js';

/**
 * A snapshot of what routing needs (load balancers, listeners, sorted rules, routable targets with
 * their health, tasks by IP, behaviours), built once per simulated slice so each request is cheap.
 * Valid until the state changes.
 */
export interface RoutingTable {
  /** Why a request to this URL cannot enter any load balancer (no LB for the host...), or undefined. */
  check(req: TrafficRequest): string | undefined;
  /**
   * Routes one request; `random` gives [0, 1) (weighted forwards, target choice, injected rates).
   * Throws, with what `check` says, for a request that enters no load balancer.
   */
  route(req: TrafficRequest, random: () => number): RequestOutcome;
}

export function buildRoutingTable(sb: Sandbox, behaviours: TargetBehaviour[]): RoutingTable {
  const snap = buildSnapshot(sb, behaviours);
  const routeLb = (req: TrafficRequest, random: () => number): RequestOutcome => {
    const entry = resolveEntry(snap, req);
    if (!entry.lb) throw new Error(entry.problem);
    if (entry.lb.lb.type === 'network') return routeNlb(snap, req, entry.lb, random);
    const alb = entry.lb;
    if (alb.lb.nodes.length === 0)
      return { request: req, entry: 'alb', client: { kind: 'refused' }, totalMs: 1 };
    const node = pick(alb.lb.nodes, random);
    const result = routeAlb(
      snap,
      req,
      { lb: alb, node, port: req.port, clientIp: req.clientIp, clientPort: req.clientPort },
      random,
    );
    return {
      request: req,
      entry: 'alb',
      ...(result.leg ? { alb: result.leg } : {}),
      client: result.client,
      totalMs: result.totalMs,
    };
  };
  return {
    check: (req) => (isApigwHost(sb, req.host) ? undefined : resolveEntry(snap, req).problem),
    route(req, random) {
      if (!isApigwHost(sb, req.host)) return routeLb(req, random);
      return throughApiGateway(sb, req, random, (down) => {
        const problem = resolveEntry(snap, down).problem;
        return problem ? undefined : routeLb(down, random);
      });
    },
  };
}

/** API Gateway's own processing time per request, in ms (2–5). */
const overheadMs = (random: () => number) => 2 + Math.floor(random() * 4);

/**
 * A request entering at API Gateway: its own answer, or the integration's answer passed back. A
 * connection the integration cannot make is REST's 500 (HTTP APIs: 503); an integration slower than
 * its timeout is a 504 at the timeout (docs/aws-behaviour.md §11).
 */
function throughApiGateway(
  sb: Sandbox,
  req: TrafficRequest,
  random: () => number,
  routeDown: (down: TrafficRequest) => RequestOutcome | undefined,
): RequestOutcome {
  const step = apigwStep(sb, req);
  const own = overheadMs(random);
  if ('done' in step) {
    const leg = { ...step.done, latencyMs: own };
    return {
      request: req,
      entry: 'apigateway',
      apigw: leg,
      client: { kind: 'response', status: leg.status },
      totalMs: own,
    };
  }
  const down = routeDown(step.downstream);
  const rest = step.leg.kind === 'rest';
  const failed = {
    status: rest ? 500 : 503,
    message: rest ? 'Internal server error' : 'Service Unavailable',
  };
  if (!down) {
    const leg = { ...step.leg, ...failed, latencyMs: own };
    return {
      request: req,
      entry: 'apigateway',
      apigw: leg,
      client: { kind: 'response', status: leg.status },
      totalMs: own,
    };
  }
  let answer: { status: number; message?: string };
  let integrationMs = down.totalMs;
  if (down.totalMs > step.timeoutMs) {
    answer = { status: 504, message: rest ? 'Endpoint request timed out' : 'Gateway Timeout' };
    integrationMs = step.timeoutMs;
  } else if (down.client.kind === 'response') answer = { status: down.client.status };
  else if (down.client.kind === 'timeout')
    answer = { status: 504, message: rest ? 'Endpoint request timed out' : 'Gateway Timeout' };
  else answer = failed;
  const leg = { ...step.leg, ...answer, integrationLatencyMs: integrationMs, latencyMs: integrationMs + own };
  return {
    ...down,
    entry: 'apigateway',
    apigw: leg,
    client: { kind: 'response', status: answer.status },
    totalMs: leg.latencyMs,
  };
}
