/** Load balancer state code, derived on read: `provisioning` until activeAtReal, then `active`. */
import type { LoadBalancer } from './state.js';

/** True once the provisioning delay has passed. */
export function isLoadBalancerActive(lb: LoadBalancer): boolean {
  return Date.now() >= lb.activeAtReal;
}

/** The `State` of DescribeLoadBalancers. */
export function loadBalancerState(lb: LoadBalancer): { Code: 'provisioning' | 'active' } {
  return { Code: isLoadBalancerActive(lb) ? 'active' : 'provisioning' };
}
