/**
 * EC2 (ec2Query, Version 2016-11-15): the network every other service lives in. Modelled: VPCs and
 * subnets (seeded, and created or deleted), security groups and their rules, network interfaces (created by ELBv2 and ECS
 * through network.ts), tags. Output uses EC2's lower-camel `…Set/item` element names.
 */
import { AwsError } from '../../core/aws-error.js';
import type { OperationHandler, ServiceDefinition } from '../../core/types.js';
import { networkInterfaceOperations } from './network-interfaces.js';
import { securityGroupRuleOperations } from './security-group-rules.js';
import { securityGroupOperations } from './security-groups.js';
import { seedNetwork } from './seed.js';
import { EC2_STATE_KEY, ec2State, emptyEc2State } from './state.js';
import { tagOperations } from './tags.js';
import { vpcLifecycleOperations } from './vpc-lifecycle.js';
import { vpcOperations } from './vpcs.js';

/**
 * `DryRun=true`: the call is checked in full but changes nothing, and answers DryRunOperation (412)
 * when it would have succeeded, as EC2 does. The handler runs against the real state, which is put back.
 */
function withDryRun(handler: OperationHandler): OperationHandler {
  return async (input, ctx) => {
    if (String(input.DryRun).toLowerCase() !== 'true') return handler(input, ctx);
    const saved = structuredClone(ec2State(ctx.sb));
    try {
      await handler(input, ctx);
    } finally {
      Object.assign(ec2State(ctx.sb), saved);
    }
    throw new AwsError('DryRunOperation', 'Request would have succeeded, but DryRun flag is set.', 412);
  };
}

const operations: Record<string, OperationHandler> = {
  ...vpcOperations,
  ...vpcLifecycleOperations,
  ...securityGroupOperations,
  ...securityGroupRuleOperations,
  ...networkInterfaceOperations,
  ...tagOperations,
};

export const ec2Service: ServiceDefinition = {
  signingName: 'ec2',
  protocol: 'ec2Query',
  stateKey: EC2_STATE_KEY,
  emptyState: emptyEc2State,
  version: '2016-11-15',
  xmlNamespace: 'http://ec2.amazonaws.com/doc/2016-11-15/',
  operations: Object.fromEntries(Object.entries(operations).map(([name, h]) => [name, withDryRun(h)])),
  seed: seedNetwork,
};
