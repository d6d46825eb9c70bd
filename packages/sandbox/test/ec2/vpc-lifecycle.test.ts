/** EC2 networks beyond the seeded one, through the real SDK: create and delete VPCs and subnets. */
import {
  CreateSecurityGroupCommand,
  CreateSubnetCommand,
  CreateVpcCommand,
  DeleteSecurityGroupCommand,
  DeleteSubnetCommand,
  DeleteVpcCommand,
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  DescribeVpcsCommand,
} from '@aws-sdk/client-ec2';
import { describe, expect, it } from 'vitest';
import { SEED_SUBNETS } from '../../src/core/seed-ids.js';
import { createNetworkInterface, deleteNetworkInterface } from '../../src/services/ec2/network.js';
import { sandboxPerFile } from '../helpers/sandbox.js';
import { failure } from '../helpers/sdk.js';

const sbx = sandboxPerFile();

const ec2 = () => sbx.sdk.ec2;
/** The name of the SDK error a call fails with. */
const errorName = async (call: Promise<unknown>) => (await failure(call)).name;

describe('EC2 VPC and subnet lifecycle', () => {
  it('creates a VPC with its default security group, and subnets inside it', async () => {
    const vpc = (
      await ec2().send(
        new CreateVpcCommand({
          CidrBlock: '172.31.0.0/16',
          TagSpecifications: [{ ResourceType: 'vpc', Tags: [{ Key: 'Name', Value: 'second' }] }],
        }),
      )
    ).Vpc!;
    expect(vpc.VpcId).toMatch(/^vpc-[0-9a-f]{17}$/);
    expect((await ec2().send(new DescribeVpcsCommand({ VpcIds: [vpc.VpcId!] }))).Vpcs![0]!.State).toBe(
      'available',
    );
    const groups = await ec2().send(
      new DescribeSecurityGroupsCommand({ Filters: [{ Name: 'vpc-id', Values: [vpc.VpcId!] }] }),
    );
    expect(groups.SecurityGroups!.map((g) => g.GroupName)).toEqual(['default']);
    const subnet = (
      await ec2().send(
        new CreateSubnetCommand({
          VpcId: vpc.VpcId,
          CidrBlock: '172.31.16.0/20',
          AvailabilityZone: 'us-east-1c',
        }),
      )
    ).Subnet!;
    expect(subnet).toMatchObject({
      AvailabilityZone: 'us-east-1c',
      AvailabilityZoneId: 'use1-az3',
      AvailableIpAddressCount: 4091,
    });
  });

  it('refuses blocks outside /16–/28, outside the VPC, or overlapping another subnet', async () => {
    expect(await errorName(ec2().send(new CreateVpcCommand({ CidrBlock: '10.0.0.0/8' })))).toBe(
      'InvalidVpc.Range',
    );
    const vpcId = (await ec2().send(new CreateVpcCommand({ CidrBlock: '192.168.0.0/16' }))).Vpc!.VpcId!;
    expect(
      await errorName(ec2().send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: '10.9.0.0/24' }))),
    ).toBe('InvalidSubnet.Range');
    await ec2().send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: '192.168.0.0/24' }));
    expect(
      await errorName(ec2().send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: '192.168.0.128/25' }))),
    ).toBe('InvalidSubnet.Conflict');
    expect(
      await errorName(
        ec2().send(new CreateSubnetCommand({ VpcId: 'vpc-0123456789abcdef0', CidrBlock: '10.0.0.0/24' })),
      ),
    ).toBe('InvalidVpcID.NotFound');
  });

  it('refuses to delete a subnet with interfaces or a VPC with subnets or groups (DependencyViolation)', async () => {
    const vpcId = (await ec2().send(new CreateVpcCommand({ CidrBlock: '10.50.0.0/16' }))).Vpc!.VpcId!;
    const subnetId = (await ec2().send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: '10.50.1.0/24' })))
      .Subnet!.SubnetId!;
    const groupId = (
      await ec2().send(new CreateSecurityGroupCommand({ GroupName: 'g', Description: 'd', VpcId: vpcId }))
    ).GroupId!;
    const eni = createNetworkInterface(sbx.sandbox, { subnetId, description: 'x' });
    expect(await errorName(ec2().send(new DeleteSubnetCommand({ SubnetId: subnetId })))).toBe(
      'DependencyViolation',
    );
    deleteNetworkInterface(sbx.sandbox, eni.networkInterfaceId);
    await ec2().send(new DeleteSubnetCommand({ SubnetId: subnetId }));
    expect(await errorName(ec2().send(new DeleteVpcCommand({ VpcId: vpcId })))).toBe('DependencyViolation');
    await ec2().send(new DeleteSecurityGroupCommand({ GroupId: groupId }));
    await ec2().send(new DeleteVpcCommand({ VpcId: vpcId }));
    expect(await errorName(ec2().send(new DescribeVpcsCommand({ VpcIds: [vpcId] })))).toBe(
      'InvalidVpcID.NotFound',
    );
    const seeded = await ec2().send(new DescribeSubnetsCommand({ SubnetIds: [SEED_SUBNETS[0].subnetId] }));
    expect(seeded.Subnets).toHaveLength(1);
  });
});
