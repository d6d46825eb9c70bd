/** The EC2 security group calls the rail makes (reads in batches, and the changes). */
import {
  AuthorizeSecurityGroupEgressCommand,
  AuthorizeSecurityGroupIngressCommand,
  CreateSecurityGroupCommand,
  DeleteSecurityGroupCommand,
  DescribeSecurityGroupsCommand,
  type IpPermission,
  RevokeSecurityGroupEgressCommand,
  RevokeSecurityGroupIngressCommand,
  type SecurityGroup,
} from '@aws-sdk/client-ec2';
import type { AwsClients } from './clients.js';
import { allPages, chunk } from './paging.js';

/** Security groups of a VPC by name: one call per 200 names (EC2's filter value limit). */
export async function findSecurityGroupsByName(
  aws: AwsClients,
  vpcId: string,
  names: string[],
): Promise<Map<string, SecurityGroup>> {
  const client = await aws.ec2();
  const out = new Map<string, SecurityGroup>();
  const pages = await Promise.all(
    chunk(names, 200).map((batch) =>
      allPages(async (NextToken) => {
        const res = await client.send(
          new DescribeSecurityGroupsCommand({
            Filters: [
              { Name: 'vpc-id', Values: [vpcId] },
              { Name: 'group-name', Values: batch },
            ],
            NextToken,
          }),
        );
        return { items: res.SecurityGroups, next: res.NextToken };
      }),
    ),
  );
  // Names are unique per VPC ignoring case.
  for (const g of pages.flat()) out.set(g.GroupName!.toLowerCase(), g);
  return out;
}

/** Security groups by id (throws InvalidGroup.NotFound when any is missing, as AWS does). */
export async function describeSecurityGroupsById(aws: AwsClients, ids: string[]): Promise<SecurityGroup[]> {
  if (ids.length === 0) return [];
  const client = await aws.ec2();
  return allPages(async (NextToken) => {
    const res = await client.send(new DescribeSecurityGroupsCommand({ GroupIds: ids, NextToken }));
    return { items: res.SecurityGroups, next: res.NextToken };
  });
}

/** Every security group of a VPC (for `down`, which finds its groups by tag). */
export async function listSecurityGroups(aws: AwsClients, vpcId: string): Promise<SecurityGroup[]> {
  const client = await aws.ec2();
  return allPages(async (NextToken) => {
    const res = await client.send(
      new DescribeSecurityGroupsCommand({ Filters: [{ Name: 'vpc-id', Values: [vpcId] }], NextToken }),
    );
    return { items: res.SecurityGroups, next: res.NextToken };
  });
}

export async function createSecurityGroup(
  aws: AwsClients,
  input: { vpcId: string; name: string; description: string; tags: Record<string, string> },
): Promise<string> {
  const out = await (await aws.ec2()).send(
    new CreateSecurityGroupCommand({
      VpcId: input.vpcId,
      GroupName: input.name,
      Description: input.description,
      TagSpecifications: [
        {
          ResourceType: 'security-group',
          Tags: Object.entries(input.tags).map(([Key, Value]) => ({ Key, Value })),
        },
      ],
    }),
  );
  return out.GroupId!;
}

export async function authorizeIngress(
  aws: AwsClients,
  groupId: string,
  perms: IpPermission[],
): Promise<void> {
  await (await aws.ec2()).send(
    new AuthorizeSecurityGroupIngressCommand({ GroupId: groupId, IpPermissions: perms }),
  );
}

export async function revokeIngress(aws: AwsClients, groupId: string, perms: IpPermission[]): Promise<void> {
  await (await aws.ec2()).send(
    new RevokeSecurityGroupIngressCommand({ GroupId: groupId, IpPermissions: perms }),
  );
}

export async function authorizeEgress(
  aws: AwsClients,
  groupId: string,
  perms: IpPermission[],
): Promise<void> {
  await (await aws.ec2()).send(
    new AuthorizeSecurityGroupEgressCommand({ GroupId: groupId, IpPermissions: perms }),
  );
}

export async function revokeEgress(aws: AwsClients, groupId: string, perms: IpPermission[]): Promise<void> {
  await (await aws.ec2()).send(
    new RevokeSecurityGroupEgressCommand({ GroupId: groupId, IpPermissions: perms }),
  );
}

export async function deleteSecurityGroup(aws: AwsClients, groupId: string): Promise<void> {
  await (await aws.ec2()).send(new DeleteSecurityGroupCommand({ GroupId: groupId }));
}
