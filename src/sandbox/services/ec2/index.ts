/**
 * EC2 (ec2Query, Version 2016-11-15): the network every other service lives in. Modelled: VPCs and
 * subnets (seeded), security groups and their rules, network interfaces (created by ELBv2 and ECS
 * through network.ts), tags. Output uses EC2's lower-camel `…Set/item` element names.
 */
import type { ServiceDefinition } from '../../core/types.js';
import { networkInterfaceOperations } from './network-interfaces.js';
import { securityGroupRuleOperations } from './security-group-rules.js';
import { securityGroupOperations } from './security-groups.js';
import { seedNetwork } from './seed.js';
import { tagOperations } from './tags.js';
import { vpcOperations } from './vpcs.js';

export const ec2Service: ServiceDefinition = {
  signingName: 'ec2',
  protocol: 'ec2Query',
  version: '2016-11-15',
  xmlNamespace: 'http://ec2.amazonaws.com/doc/2016-11-15/',
  operations: {
    ...vpcOperations,
    ...securityGroupOperations,
    ...securityGroupRuleOperations,
    ...networkInterfaceOperations,
    ...tagOperations,
  },
  seed: seedNetwork,
};
