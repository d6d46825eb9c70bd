/**
 * Which load balancer a request enters at (route/README.md "Entry"): the one whose DNS name is the
 * host, else the one named by `entry`, else the only active internal NLB listening on the port —
 * and, when none fits, a sentence saying why that the traffic verb shows the user.
 */
import type { TrafficRequest } from '../types.js';
import type { LbEntry, RoutingSnapshot } from './routing-snapshot.js';

function listing(snap: RoutingSnapshot): string {
  if (snap.lbs.length === 0) return 'there is no load balancer in the sandbox';
  const names = snap.lbs.map((e) => `${e.lb.name} (${e.lb.type === 'network' ? 'NLB' : 'ALB'})`);
  return `the load balancers are: ${names.join(', ')}`;
}

/** The entry load balancer, or why there is none. */
export function resolveEntry(
  snap: RoutingSnapshot,
  req: TrafficRequest,
): { lb: LbEntry; problem?: undefined } | { lb?: undefined; problem: string } {
  const byHost = snap.byHost.get(req.host.toLowerCase());
  if (byHost) return { lb: byHost };
  if (req.entry !== undefined) {
    const named = snap.byKey.get(req.entry);
    if (named) return { lb: named };
    return {
      problem: `no load balancer is named or has the ARN '${req.entry}' (the entry for ${req.host}); ${listing(snap)}`,
    };
  }
  const nlbs = snap.lbs.filter(
    (e) => e.lb.type === 'network' && e.lb.scheme === 'internal' && e.active && e.listeners.has(req.port),
  );
  if (nlbs.length === 1) return { lb: nlbs[0]! };
  if (nlbs.length > 1) {
    const names = nlbs.map((e) => e.lb.name).join(', ');
    return {
      problem: `${req.host} is no load balancer's DNS name and ${nlbs.length} internal NLBs listen on port ${req.port} (${names}): name the entry load balancer`,
    };
  }
  return {
    problem: `${req.host} is no load balancer's DNS name and no active internal NLB listens on port ${req.port}; ${listing(snap)}. Name the entry load balancer, or use its DNS name as the host`,
  };
}
