/**
 * Where a load balancer lives, checked against EC2 state: subnets that exist, in one VPC, one per
 * AZ (an ALB needs two AZs), and security groups that exist in that VPC.
 */
import { AwsError, validationError } from '../../core/aws-error.js';
import type { Sandbox } from '../../core/types.js';
import { findSubnet } from '../ec2/network.js';
import { ec2State, type Subnet } from '../ec2/state.js';

/** ELB needs room to scale: at least this many free addresses in each of its subnets. */
const MIN_FREE_ADDRESSES = 8;

/** Addresses of the subnet not yet taken by a network interface (AWS reserves five). */
function freeAddresses(sb: Sandbox, subnet: Subnet): number {
  const size = 2 ** (32 - Number(subnet.cidrBlock.split('/')[1]));
  const used = ec2State(sb).networkInterfaces.filter((e) => e.subnetId === subnet.subnetId).length;
  return size - 5 - used;
}

/** The subnets of a load balancer, checked as CreateLoadBalancer/SetSubnets check them. */
export function resolveSubnets(sb: Sandbox, type: 'application' | 'network', ids: string[]): Subnet[] {
  if (ids.length === 0) {
    throw validationError(
      type === 'application'
        ? 'At least two subnets in two different Availability Zones must be specified'
        : 'At least one subnet must be specified',
    );
  }
  const subnets = ids.map((id) => {
    const subnet = findSubnet(sb, id);
    if (!subnet) throw new AwsError('SubnetNotFound', `The subnet ID '${id}' is not valid`);
    return subnet;
  });
  if (new Set(subnets.map((s) => s.vpcId)).size > 1) {
    throw new AwsError(
      'InvalidConfigurationRequest',
      'All subnets of a load balancer must belong to the same VPC',
    );
  }
  if (type === 'application' && subnets.length < 2) {
    throw validationError('At least two subnets in two different Availability Zones must be specified');
  }
  for (const subnet of subnets) {
    if (freeAddresses(sb, subnet) < MIN_FREE_ADDRESSES) {
      throw new AwsError(
        'InvalidSubnet',
        `Not enough IP space available in ${subnet.subnetId}. ELB requires at least ${MIN_FREE_ADDRESSES} free IP addresses in each subnet.`,
      );
    }
  }
  const zones = subnets.map((s) => s.availabilityZone);
  const dup = zones.find((z, i) => zones.indexOf(z) !== i);
  if (dup) {
    throw new AwsError(
      'InvalidConfigurationRequest',
      `A load balancer cannot be attached to multiple subnets in the same Availability Zone '${dup}'`,
    );
  }
  return subnets;
}

/**
 * The security groups of a new load balancer. An ALB given none gets the VPC's default group, as on
 * AWS; an NLB given none has none (and can never get one later).
 */
export function resolveSecurityGroups(
  sb: Sandbox,
  type: 'application' | 'network',
  vpcId: string,
  ids: string[] | undefined,
): string[] {
  const groups = ec2State(sb).securityGroups;
  if (!ids || ids.length === 0) {
    if (type === 'network') return [];
    const fallback = groups.find((g) => g.vpcId === vpcId && g.groupName === 'default');
    return fallback ? [fallback.groupId] : [];
  }
  for (const id of ids) {
    const group = groups.find((g) => g.groupId === id);
    if (!group) throw new AwsError('InvalidSecurityGroup', `Security group '${id}' does not exist`);
    if (group.vpcId !== vpcId) {
      throw new AwsError('InvalidSecurityGroup', `Security group '${id}' does not belong to VPC '${vpcId}'`);
    }
  }
  return [...new Set(ids)];
}

/**
 * An internet-facing load balancer needs an internet gateway on its VPC (`InvalidSubnet` otherwise).
 * The sandbox's EC2 models no internet gateways, so its VPCs (private, as the rail's are) have none.
 */
export function checkInternetFacing(sb: Sandbox, scheme: string, vpcId: string): void {
  if (scheme !== 'internet-facing') return;
  const gateways: any[] = (ec2State(sb) as any).internetGateways ?? [];
  const attached = gateways.some((g) => (g?.attachments ?? []).some((a: any) => a?.vpcId === vpcId));
  if (!attached) throw new AwsError('InvalidSubnet', `VPC ${vpcId} has no internet gateway`);
}
