/** EC2 state: the network the other services live in. Times are sandbox epoch ms. */
import type { Sandbox } from '../../core/types.js';

export interface Vpc {
  vpcId: string;
  cidrBlock: string;
  isDefault: boolean;
  region: string;
  tags: Record<string, string>;
}

export interface Subnet {
  subnetId: string;
  vpcId: string;
  cidrBlock: string;
  availabilityZone: string;
  availabilityZoneId: string;
  region: string;
  tags: Record<string, string>;
  /** Next host offset to hand out inside the CIDR (the first four and the last are AWS-reserved). */
  nextHost: number;
  /** Host offsets given back, reused before nextHost grows (so rotations do not run out of room). */
  freeHosts: number[];
}

export interface SecurityGroupRule {
  ruleId: string;
  ipProtocol: string;
  fromPort?: number;
  toPort?: number;
  cidrIpv4?: string;
  cidrIpv6?: string;
  referencedGroupId?: string;
  description?: string;
  tags?: Record<string, string>;
}

export interface SecurityGroup {
  groupId: string;
  groupName: string;
  description: string;
  vpcId: string;
  ownerId: string;
  ingress: SecurityGroupRule[];
  egress: SecurityGroupRule[];
  tags: Record<string, string>;
}

export interface NetworkInterface {
  networkInterfaceId: string;
  subnetId: string;
  vpcId: string;
  availabilityZone: string;
  privateIpAddress: string;
  description: string;
  /** e.g. `amazon-elb` for load balancer nodes, `amazon-aws` for Fargate task ENIs. */
  requesterId?: string;
  requesterManaged: boolean;
  interfaceType: string;
  groupIds: string[];
  status: 'in-use' | 'available';
  tags: Record<string, string>;
}

export interface Ec2State {
  vpcs: Vpc[];
  subnets: Subnet[];
  securityGroups: SecurityGroup[];
  networkInterfaces: NetworkInterface[];
}

export function emptyEc2State(): Ec2State {
  return { vpcs: [], subnets: [], securityGroups: [], networkInterfaces: [] };
}

/** Where EC2 keeps its state in the sandbox state (and in a state file). */
export const EC2_STATE_KEY = 'ec2';

/** The EC2 state of a sandbox. */
export function ec2State(sb: Sandbox): Ec2State {
  return sb.state[EC2_STATE_KEY] as Ec2State;
}
