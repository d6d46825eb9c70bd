/** The EC2 calls rails makes, with paging folded in. */
import {
  DescribeNetworkInterfacesCommand,
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  DescribeVpcsCommand,
  type NetworkInterface,
  type SecurityGroup,
  type Subnet,
  type Vpc,
} from '@aws-sdk/client-ec2';
import type { AwsClients } from './clients.js';
import { errorCode } from './errors.js';
import { allPages } from './paging.js';

export async function findVpc(aws: AwsClients, vpcId: string): Promise<Vpc | undefined> {
  const client = await aws.ec2();
  try {
    return (await client.send(new DescribeVpcsCommand({ VpcIds: [vpcId] }))).Vpcs?.[0];
  } catch (err) {
    if (errorCode(err) === 'InvalidVpcID.NotFound') return undefined;
    throw err;
  }
}

/** The named subnets; throws AWS's InvalidSubnetID.NotFound when any is missing. */
export async function describeSubnets(aws: AwsClients, subnetIds: string[]): Promise<Subnet[]> {
  const client = await aws.ec2();
  return allPages(async (NextToken) => {
    const out = await client.send(new DescribeSubnetsCommand({ SubnetIds: subnetIds, NextToken }));
    return { items: out.Subnets, next: out.NextToken };
  });
}

export async function findSecurityGroup(
  aws: AwsClients,
  vpcId: string,
  groupName: string,
): Promise<SecurityGroup | undefined> {
  const client = await aws.ec2();
  const groups = await allPages(async (NextToken) => {
    const out = await client.send(
      new DescribeSecurityGroupsCommand({
        Filters: [
          { Name: 'vpc-id', Values: [vpcId] },
          { Name: 'group-name', Values: [groupName] },
        ],
        NextToken,
      }),
    );
    return { items: out.SecurityGroups, next: out.NextToken };
  });
  return groups[0];
}

/**
 * The network interfaces of a load balancer (`ELB app/<name>/<id>`): their private IPs are the
 * load balancer's node IPs, the complete list in one call (DNS answers carry at most 8).
 */
export async function loadBalancerInterfaces(
  aws: AwsClients,
  eniDescription: string,
): Promise<NetworkInterface[]> {
  const client = await aws.ec2();
  return allPages(async (NextToken) => {
    const out = await client.send(
      new DescribeNetworkInterfacesCommand({
        Filters: [{ Name: 'description', Values: [eniDescription] }],
        NextToken,
      }),
    );
    return { items: out.NetworkInterfaces, next: out.NextToken };
  });
}
