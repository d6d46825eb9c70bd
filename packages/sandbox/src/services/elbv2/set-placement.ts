/**
 * SetSubnets and SetSecurityGroups: moving a load balancer's nodes between subnets (nodes follow the
 * subnets) and changing its groups. An NLB made without security groups can never get any, and an
 * NLB cannot leave an Availability Zone it is in.
 */
import { AwsError, validationError } from '../../core/aws-error.js';
import type { OperationHandler } from '../../core/types.js';
import { ec2State } from '../ec2/state.js';
import { list, required } from './input.js';
import { loadBalancerOutput } from './load-balancers.js';
import { requireLoadBalancer } from './lookup.js';
import { addNode, removeNode } from './nodes.js';
import { resolveSecurityGroups, resolveSubnets } from './placement.js';

/** SetSubnets and SetSecurityGroups. */
export const placementHandlers: Record<string, OperationHandler> = {
  SetSubnets(input, { sb }) {
    const lb = requireLoadBalancer(sb, required(input.LoadBalancerArn, 'LoadBalancerArn'));
    const given = list<string>(input.Subnets);
    const mappings = list<any>(input.SubnetMappings);
    if (given?.length && mappings?.length)
      throw validationError('You can specify subnets or subnet mappings, not both');
    const ids = given?.length ? given : (mappings ?? []).map((m) => String(m?.SubnetId ?? ''));
    const subnets = resolveSubnets(sb, lb.type, ids);
    if (subnets[0]!.vpcId !== lb.vpcId) {
      throw new AwsError(
        'InvalidConfigurationRequest',
        `The subnets must belong to the load balancer's VPC '${lb.vpcId}'`,
      );
    }
    const wanted = subnets.map((s) => s.subnetId);
    if (lb.type === 'network') {
      const zones = new Set(subnets.map((s) => s.availabilityZone));
      const leaving = lb.nodes.find((n) => !zones.has(n.availabilityZone));
      if (leaving) {
        throw new AwsError(
          'InvalidConfigurationRequest',
          `A network load balancer cannot leave Availability Zone '${leaving.availabilityZone}'`,
        );
      }
    }
    for (const node of lb.nodes.filter((n) => !wanted.includes(n.subnetId))) removeNode(sb, lb, node);
    for (const id of wanted) if (!lb.nodes.some((n) => n.subnetId === id)) addNode(sb, lb, id);
    lb.subnetIds = wanted;
    sb.markDirty();
    const out = loadBalancerOutput(sb, lb);
    return { AvailabilityZones: out.AvailabilityZones, IpAddressType: lb.ipAddressType };
  },

  SetSecurityGroups(input, { sb }) {
    const lb = requireLoadBalancer(sb, required(input.LoadBalancerArn, 'LoadBalancerArn'));
    const ids = list<string>(input.SecurityGroups) ?? [];
    if (lb.type === 'network') {
      if (lb.securityGroups.length === 0) {
        throw new AwsError(
          'InvalidConfigurationRequest',
          'You cannot set security groups on a Network Load Balancer which was created without any security groups',
        );
      }
      if (ids.length === 0) {
        throw new AwsError(
          'InvalidConfigurationRequest',
          'You cannot remove all security groups from a Network Load Balancer created with security groups',
        );
      }
    } else if (ids.length === 0) {
      throw validationError('At least one security group must be specified for an application load balancer');
    }
    lb.securityGroups = resolveSecurityGroups(sb, lb.type, lb.vpcId, ids);
    // The node interfaces carry the load balancer's groups, as on AWS.
    const nodeEnis = new Set(lb.nodes.map((n) => n.networkInterfaceId));
    for (const eni of ec2State(sb).networkInterfaces) {
      if (nodeEnis.has(eni.networkInterfaceId)) eni.groupIds = [...lb.securityGroups];
    }
    sb.markDirty();
    return { SecurityGroupIds: lb.securityGroups };
  },
};
