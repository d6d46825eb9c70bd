/**
 * DescribeNetworkInterfaces: the window onto what AWS hides. Load balancer nodes appear here as
 * requester-managed interfaces described `ELB app/<name>/<id>`, Fargate tasks as `amazon-aws` ones.
 */
import { AwsError } from '../../core/aws-error.js';
import type { OperationHandler, Sandbox } from '../../core/types.js';
import { applyFilters, list, paginate, parseFilters, selectByIds, tagSet } from './query-input.js';
import { ec2State, type NetworkInterface } from './state.js';

/** A stable locally administered MAC derived from the interface id. */
function macAddress(eni: NetworkInterface): string {
  const hex = eni.networkInterfaceId.slice(-10).padStart(10, '0');
  return ['02', ...(hex.match(/../g) ?? [])].join(':');
}

function privateDnsName(sb: Sandbox, ip: string): string {
  const suffix = sb.region === 'us-east-1' ? 'ec2.internal' : `${sb.region}.compute.internal`;
  return `ip-${ip.replaceAll('.', '-')}.${suffix}`;
}

function eniOutput(sb: Sandbox, eni: NetworkInterface) {
  const groups = ec2State(sb).securityGroups;
  return {
    networkInterfaceId: eni.networkInterfaceId,
    subnetId: eni.subnetId,
    vpcId: eni.vpcId,
    availabilityZone: eni.availabilityZone,
    description: eni.description,
    ownerId: sb.accountId,
    requesterId: eni.requesterId,
    requesterManaged: eni.requesterManaged,
    status: eni.status,
    interfaceType: eni.interfaceType,
    macAddress: macAddress(eni),
    privateIpAddress: eni.privateIpAddress,
    privateDnsName: privateDnsName(sb, eni.privateIpAddress),
    privateIpAddressesSet: [
      {
        privateIpAddress: eni.privateIpAddress,
        privateDnsName: privateDnsName(sb, eni.privateIpAddress),
        primary: true,
      },
    ],
    groupSet: eni.groupIds.map((groupId) => ({
      groupId,
      groupName: groups.find((g) => g.groupId === groupId)?.groupName,
    })),
    sourceDestCheck: true,
    attachment:
      eni.status === 'in-use' && eni.requesterManaged
        ? {
            attachmentId: `ela-attach-${eni.networkInterfaceId.slice(4)}`,
            deviceIndex: 1,
            instanceOwnerId: eni.requesterId,
            status: 'attached',
            deleteOnTermination: false,
          }
        : undefined,
    ipv6AddressesSet: [],
    tagSet: tagSet(eni.tags),
  };
}

const describeNetworkInterfaces: OperationHandler = (input, { sb }) => {
  const filters = parseFilters(input, [
    'network-interface-id',
    'description',
    'vpc-id',
    'subnet-id',
    'availability-zone',
    'requester-managed',
    'requester-id',
    'addresses.private-ip-address',
    'private-ip-address',
    'group-id',
    'group-name',
    'status',
    'interface-type',
    'owner-id',
    'mac-address',
  ]);
  const ids = list<string>(input.NetworkInterfaceId);
  if (ids.length > 0 && input.MaxResults !== undefined)
    throw new AwsError(
      'InvalidParameterCombination',
      'The parameter NetworkInterfaceIds cannot be used with the parameter MaxResults',
    );
  const byId = selectByIds(ec2State(sb).networkInterfaces, ids, (e) => e.networkInterfaceId, {
    prefix: 'eni',
    malformed: 'InvalidNetworkInterfaceID.Malformed',
    notFound: 'InvalidNetworkInterfaceID.NotFound',
    noun: 'networkInterface',
  });
  const matched = applyFilters(byId, filters, (e, name) => {
    switch (name) {
      case 'network-interface-id':
        return e.networkInterfaceId;
      case 'description':
        return e.description;
      case 'vpc-id':
        return e.vpcId;
      case 'subnet-id':
        return e.subnetId;
      case 'availability-zone':
        return e.availabilityZone;
      case 'requester-managed':
        return String(e.requesterManaged);
      case 'requester-id':
        return e.requesterId;
      case 'addresses.private-ip-address':
      case 'private-ip-address':
        return e.privateIpAddress;
      case 'group-id':
        return e.groupIds;
      case 'group-name':
        return e.groupIds.map((id) => ec2State(sb).securityGroups.find((g) => g.groupId === id)?.groupName);
      case 'status':
        return e.status;
      case 'interface-type':
        return e.interfaceType;
      case 'owner-id':
        return sb.accountId;
      case 'mac-address':
        return macAddress(e);
    }
  });
  const { page, nextToken } = paginate(matched, input, sb);
  return { networkInterfaceSet: page.map((e) => eniOutput(sb, e)), nextToken };
};

export const networkInterfaceOperations: Record<string, OperationHandler> = {
  DescribeNetworkInterfaces: describeNetworkInterfaces,
};
