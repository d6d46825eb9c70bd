/**
 * EC2 network conformance: the real SDK over loopback against the seeded sandbox (ec2Query). VPCs,
 * subnets, network interfaces and tags, one case per behaviour of docs/aws-behaviour.md §4; EC2
 * errors surface with the code as err.name.
 */
import {
  CreateTagsCommand,
  DeleteTagsCommand,
  DescribeNetworkInterfacesCommand,
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  DescribeVpcsCommand,
  paginateDescribeSubnets,
} from '@aws-sdk/client-ec2';
import { describe, expect, it } from 'vitest';
import { SEED_SUBNETS, SEED_VPC_ID } from '../../src/core/seed-ids.js';
import { createNetworkInterface } from '../../src/services/ec2/network.js';
import { failure } from '../helpers/sdk.js';
import { seededEc2 } from './seeded-ec2.js';

const { ec2, sandbox, newGroup } = seededEc2();

describe('EC2 VPCs and subnets', () => {
  it('describes the seeded VPC by id, and fails an unknown id with InvalidVpcID.NotFound', async () => {
    const out = await ec2().send(new DescribeVpcsCommand({ VpcIds: [SEED_VPC_ID] }));
    expect(out.Vpcs).toHaveLength(1);
    expect(out.Vpcs![0]).toMatchObject({ VpcId: SEED_VPC_ID, CidrBlock: '10.0.0.0/16', State: 'available' });
    expect(out.Vpcs![0]!.Tags).toEqual([{ Key: 'Name', Value: 'rails-sandbox' }]);
    const err = await failure(ec2().send(new DescribeVpcsCommand({ VpcIds: ['vpc-0123456789abcdef0'] })));
    expect(err).toMatchObject({ name: 'InvalidVpcID.NotFound', status: 400 });
  });

  it('describes subnets with AvailabilityZone and AvailabilityZoneId', async () => {
    const out = await ec2().send(
      new DescribeSubnetsCommand({ SubnetIds: SEED_SUBNETS.map((s) => s.subnetId) }),
    );
    expect(out.Subnets!.map((s) => [s.SubnetId, s.AvailabilityZone, s.AvailabilityZoneId, s.VpcId])).toEqual(
      SEED_SUBNETS.map((s) => [s.subnetId, s.availabilityZone, s.availabilityZoneId, SEED_VPC_ID]),
    );
  });

  it('fails an unknown subnet id with InvalidSubnetID.NotFound', async () => {
    const err = await failure(
      ec2().send(new DescribeSubnetsCommand({ SubnetIds: ['subnet-0123456789abcdef0'] })),
    );
    expect(err.name).toBe('InvalidSubnetID.NotFound');
  });

  it('filters subnets by vpc-id, availability-zone and tag; no match is an empty list', async () => {
    const byZone = await ec2().send(
      new DescribeSubnetsCommand({
        Filters: [
          { Name: 'vpc-id', Values: [SEED_VPC_ID] },
          { Name: 'availability-zone', Values: ['us-east-1b'] },
        ],
      }),
    );
    expect(byZone.Subnets!.map((s) => s.SubnetId)).toEqual([SEED_SUBNETS[1].subnetId]);
    const byTag = await ec2().send(
      new DescribeSubnetsCommand({ Filters: [{ Name: 'tag:Name', Values: ['rails-sandbox-private-*'] }] }),
    );
    expect(byTag.Subnets).toHaveLength(2);
    const none = await ec2().send(
      new DescribeSubnetsCommand({ Filters: [{ Name: 'vpc-id', Values: ['vpc-0000000000000dead'] }] }),
    );
    expect(none.Subnets).toEqual([]);
  });

  it('pages with MaxResults and NextToken under a small page cap, and refuses MaxResults below 5', async () => {
    sandbox().settings.maxPageSize = 1;
    try {
      const pages: string[][] = [];
      for await (const page of paginateDescribeSubnets({ client: ec2(), pageSize: 5 }, {}))
        pages.push(page.Subnets!.map((s) => s.SubnetId!));
      expect(pages).toEqual(SEED_SUBNETS.map((s) => [s.subnetId]));
      const all = await ec2().send(new DescribeSubnetsCommand({}));
      expect(all.Subnets).toHaveLength(2);
    } finally {
      delete sandbox().settings.maxPageSize;
    }
    expect((await failure(ec2().send(new DescribeSubnetsCommand({ MaxResults: 4 })))).name).toBe(
      'InvalidParameterValue',
    );
  });
});

describe('EC2 network interfaces and tags', () => {
  it('finds requester-managed load balancer interfaces by description wildcard', async () => {
    const eni = createNetworkInterface(sandbox(), {
      subnetId: SEED_SUBNETS[1].subnetId,
      description: 'ELB app/rail-alb/50dc6c495c0c9188',
      requesterId: 'amazon-elb',
    });
    const out = await ec2().send(
      new DescribeNetworkInterfacesCommand({
        Filters: [
          { Name: 'description', Values: ['ELB app/rail-alb/*'] },
          { Name: 'vpc-id', Values: [SEED_VPC_ID] },
        ],
      }),
    );
    expect(out.NetworkInterfaces).toHaveLength(1);
    expect(out.NetworkInterfaces![0]).toMatchObject({
      NetworkInterfaceId: eni.networkInterfaceId,
      RequesterManaged: true,
      RequesterId: 'amazon-elb',
      PrivateIpAddress: eni.privateIpAddress,
      AvailabilityZone: 'us-east-1b',
      Status: 'in-use',
      PrivateIpAddresses: [
        expect.objectContaining({ PrivateIpAddress: eni.privateIpAddress, Primary: true }),
      ],
    });
    const byIp = await ec2().send(
      new DescribeNetworkInterfacesCommand({
        Filters: [{ Name: 'addresses.private-ip-address', Values: [eni.privateIpAddress] }],
      }),
    );
    expect(byIp.NetworkInterfaces!.map((e) => e.NetworkInterfaceId)).toEqual([eni.networkInterfaceId]);
    const missing = await failure(
      ec2().send(new DescribeNetworkInterfacesCommand({ NetworkInterfaceIds: ['eni-0123456789abcdef0'] })),
    );
    expect(missing.name).toBe('InvalidNetworkInterfaceID.NotFound');
    const combined = await failure(
      ec2().send(
        new DescribeNetworkInterfacesCommand({
          NetworkInterfaceIds: [eni.networkInterfaceId],
          MaxResults: 5,
        }),
      ),
    );
    expect(combined.name).toBe('InvalidParameterCombination');
  });

  it('tags and untags VPCs, subnets and groups', async () => {
    const id = await newGroup();
    await ec2().send(
      new CreateTagsCommand({
        Resources: [SEED_VPC_ID, SEED_SUBNETS[0].subnetId, id],
        Tags: [{ Key: 'team', Value: 'rail' }],
      }),
    );
    const tagged = await ec2().send(
      new DescribeSecurityGroupsCommand({ Filters: [{ Name: 'tag:team', Values: ['rail'] }] }),
    );
    expect(tagged.SecurityGroups!.map((g) => g.GroupId)).toEqual([id]);
    const vpcs = await ec2().send(
      new DescribeVpcsCommand({ Filters: [{ Name: 'tag:team', Values: ['rail'] }] }),
    );
    expect(vpcs.Vpcs).toHaveLength(1);
    await ec2().send(
      new DeleteTagsCommand({
        Resources: [SEED_VPC_ID, SEED_SUBNETS[0].subnetId, id],
        Tags: [{ Key: 'team' }],
      }),
    );
    const after = await ec2().send(
      new DescribeVpcsCommand({ Filters: [{ Name: 'tag:team', Values: ['rail'] }] }),
    );
    expect(after.Vpcs).toEqual([]);
    const bad = await failure(
      ec2().send(
        new CreateTagsCommand({ Resources: ['vpc-0123456789abcdef0'], Tags: [{ Key: 'a', Value: 'b' }] }),
      ),
    );
    expect(bad.name).toBe('InvalidVpcID.NotFound');
  });
});
