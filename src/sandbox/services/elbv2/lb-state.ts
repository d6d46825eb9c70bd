/** Load balancer state code, derived on read: `provisioning` until activeAtReal, then `active`. */
import type { LoadBalancer } from './state.js';

export function isLoadBalancerActive(lb: LoadBalancer): boolean {
  return Date.now() >= lb.activeAtReal;
}

export function loadBalancerState(lb: LoadBalancer): { Code: 'provisioning' | 'active' } {
  return { Code: isLoadBalancerActive(lb) ? 'active' : 'provisioning' };
}
