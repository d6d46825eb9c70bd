/** DescribeVpcs and DescribeSubnets: ids or filters, NotFound for unknown ids, EC2 paging. */
import type { OperationHandler, Sandbox } from '../../core/types.js';
import { cidrRange } from './network.js';
import { applyFilters, list, paginate, parseFilters, selectByIds, tagSet } from './query-input.js';
import { ec2State, type Subnet, type Vpc } from './state.js';

/** Addresses AWS keeps in every subnet: the first four and the last. */
const RESERVED_PER_SUBNET = 5;

export function vpcOutput(sb: Sandbox, vpc: Vpc) {
  return {
    vpcId: vpc.vpcId,
    ownerId: sb.accountId,
    state: 'available',
    cidrBlock: vpc.cidrBlock,
    cidrBlockAssociationSet: [
      {
        associationId: `vpc-cidr-assoc-${vpc.vpcId.slice(4)}`,
        cidrBlock: vpc.cidrBlock,
        cidrBlockState: { state: 'associated' },
      },
    ],
    dhcpOptionsId: `dopt-${vpc.vpcId.slice(4)}`,
    instanceTenancy: 'default',
    isDefault: vpc.isDefault,
    tagSet: tagSet(vpc.tags),
  };
}

const describeVpcs: OperationHandler = (input, { sb }) => {
  const filters = parseFilters(input, [
    'vpc-id',
    'cidr',
    'cidr-block-association.cidr-block',
    'is-default',
    'state',
    'owner-id',
    'dhcp-options-id',
  ]);
  const byId = selectByIds(ec2State(sb).vpcs, list<string>(input.VpcId), (v) => v.vpcId, {
    prefix: 'vpc',
    malformed: 'InvalidVpcID.Malformed',
    notFound: 'InvalidVpcID.NotFound',
    noun: 'vpc',
  });
  const matched = applyFilters(byId, filters, (v, name) => {
    switch (name) {
      case 'vpc-id':
        return v.vpcId;
      case 'cidr':
      case 'cidr-block-association.cidr-block':
        return v.cidrBlock;
      case 'is-default':
        return String(v.isDefault);
      case 'state':
        return 'available';
      case 'owner-id':
        return sb.accountId;
      case 'dhcp-options-id':
        return `dopt-${v.vpcId.slice(4)}`;
    }
  });
  const { page, nextToken } = paginate(matched, input, sb);
  return { vpcSet: page.map((v) => vpcOutput(sb, v)), nextToken };
};

/** Free addresses: the block minus AWS's reserved five minus the interfaces placed in it. */
function availableIps(sb: Sandbox, subnet: Subnet): number {
  const [start, end] = cidrRange(subnet.cidrBlock);
  const used = ec2State(sb).networkInterfaces.filter((e) => e.subnetId === subnet.subnetId).length;
  return end - start + 1 - RESERVED_PER_SUBNET - used;
}

export function subnetOutput(sb: Sandbox, subnet: Subnet) {
  return {
    subnetId: subnet.subnetId,
    subnetArn: `arn:aws:ec2:${subnet.region}:${sb.accountId}:subnet/${subnet.subnetId}`,
    vpcId: subnet.vpcId,
    ownerId: sb.accountId,
    state: 'available',
    cidrBlock: subnet.cidrBlock,
    availabilityZone: subnet.availabilityZone,
    availabilityZoneId: subnet.availabilityZoneId,
    availableIpAddressCount: availableIps(sb, subnet),
    defaultForAz: false,
    mapPublicIpOnLaunch: false,
    mapCustomerOwnedIpOnLaunch: false,
    assignIpv6AddressOnCreation: false,
    ipv6Native: false,
    enableDns64: false,
    privateDnsNameOptionsOnLaunch: {
      hostnameType: 'ip-name',
      enableResourceNameDnsARecord: false,
      enableResourceNameDnsAAAARecord: false,
    },
    tagSet: tagSet(subnet.tags),
  };
}

const describeSubnets: OperationHandler = (input, { sb }) => {
  const filters = parseFilters(input, [
    'subnet-id',
    'vpc-id',
    'availability-zone',
    'availability-zone-id',
    'availabilityZone',
    'cidr-block',
    'cidr',
    'cidrBlock',
    'state',
    'owner-id',
    'default-for-az',
    'subnet-arn',
  ]);
  const byId = selectByIds(ec2State(sb).subnets, list<string>(input.SubnetId), (s) => s.subnetId, {
    prefix: 'subnet',
    malformed: 'InvalidSubnetID.Malformed',
    notFound: 'InvalidSubnetID.NotFound',
    noun: 'subnet',
  });
  const matched = applyFilters(byId, filters, (s, name) => {
    switch (name) {
      case 'subnet-id':
        return s.subnetId;
      case 'vpc-id':
        return s.vpcId;
      case 'availability-zone':
      case 'availabilityZone':
        return s.availabilityZone;
      case 'availability-zone-id':
        return s.availabilityZoneId;
      case 'cidr-block':
      case 'cidr':
      case 'cidrBlock':
        return s.cidrBlock;
      case 'state':
        return 'available';
      case 'owner-id':
        return sb.accountId;
      case 'default-for-az':
        return 'false';
      case 'subnet-arn':
        return `arn:aws:ec2:${s.region}:${sb.accountId}:subnet/${s.subnetId}`;
    }
  });
  const { page, nextToken } = paginate(matched, input, sb);
  return { subnetSet: page.map((s) => subnetOutput(sb, s)), nextToken };
};

export const vpcOperations: Record<string, OperationHandler> = {
  DescribeVpcs: describeVpcs,
  DescribeSubnets: describeSubnets,
};
