/**
 * The data plane's routing: how AWS would carry one request through the load balancers in the
 * sandbox's state, from the entry (NLB or ALB) to a target and back. Its own model of AWS, kept apart
 * from rails's `route trace` (a root test compares the two on a table of URLs).
 */
import type { Sandbox } from '../../core/types.js';
import type { RequestOutcome, TargetBehaviour, TrafficRequest } from '../types.js';
import { routeAlb } from './alb-leg.js';
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
  return {
    check: (req) => resolveEntry(snap, req).problem,
    route(req, random) {
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
    },
  };
}
