/**
 * The data plane's routing: how AWS would carry one request through the load balancers in the
 * sandbox's state, from the entry (NLB or ALB) to a target and back. Its own model of AWS, kept apart
 * from rails's `route trace` (a root test compares the two on a table of URLs).
 */
import type { Sandbox } from '../../core/types.js';
import type { RequestOutcome, TargetBehaviour, TrafficRequest } from '../types.js';

/**
 * A snapshot of what routing needs (load balancers, listeners, sorted rules, routable targets with
 * their health, tasks by IP, behaviours), built once per simulated slice so each request is cheap.
 * Valid until the state changes.
 */
export interface RoutingTable {
  /** Why a request to this URL cannot enter any load balancer (no LB for the host...), or undefined. */
  check(req: TrafficRequest): string | undefined;
  /** Routes one request; `random` gives [0, 1) (weighted forwards, target choice, injected rates). */
  route(req: TrafficRequest, random: () => number): RequestOutcome;
}

export function buildRoutingTable(_sb: Sandbox, _behaviours: TargetBehaviour[]): RoutingTable {
  throw new Error('not built yet');
}
