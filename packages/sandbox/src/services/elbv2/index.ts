/**
 * Elastic Load Balancing v2 (awsQuery, 2015-12-01): load balancers with node IPs, target groups,
 * listeners, rules, targets with health state machines, attributes and tags.
 */
import type { ServiceDefinition } from '../../core/types.js';
import { registerCertificateUsers } from '../acm/in-use.js';
import { loadBalancersUsing } from './certificates.js';
import { pruneDrainedTargets } from './health.js';
import { listenerHandlers } from './listeners.js';
import { loadBalancerHandlers } from './load-balancers.js';
import { loadBalancerNodeOracle, rotateIps } from './nodes.js';
import { ruleHandlers } from './rules.js';
import { placementHandlers } from './set-placement.js';
import { sslPolicyHandlers } from './ssl-policies.js';
import { ELBV2_STATE_KEY, emptyElbv2State } from './state.js';
import { tagHandlers } from './tags.js';
import { targetGroupHandlers } from './target-groups.js';
import { targetHandlers } from './target-handlers.js';

/** The ELBv2 service definition the sandbox core hosts. */
export const elbv2Service: ServiceDefinition = {
  signingName: 'elasticloadbalancing',
  protocol: 'awsQuery',
  stateKey: ELBV2_STATE_KEY,
  emptyState: emptyElbv2State,
  version: '2015-12-01',
  xmlNamespace: 'http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/',
  operations: {
    ...loadBalancerHandlers,
    ...placementHandlers,
    ...targetGroupHandlers,
    ...listenerHandlers,
    ...ruleHandlers,
    ...targetHandlers,
    ...tagHandlers,
    ...sslPolicyHandlers,
  },
  control: {
    'rotate-ips': (body, sb) => rotateIps(sb, body),
  },
  init(sb) {
    sb.tickers.push(pruneDrainedTargets);
    sb.healthOracles.push(loadBalancerNodeOracle);
    registerCertificateUsers(sb, 'elbv2', loadBalancersUsing);
  },
};
