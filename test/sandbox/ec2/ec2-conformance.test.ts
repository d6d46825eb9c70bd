/**
 * EC2 conformance: the real SDK over loopback against the seeded sandbox (ec2Query). One case per
 * documented behaviour of shared/aws-semantics.md §4; EC2 errors surface with the code as err.name.
 */
import {
  AuthorizeSecurityGroupEgressCommand,
  AuthorizeSecurityGroupIngressCommand,
  CreateSecurityGroupCommand,
  CreateTagsCommand,
  DeleteSecurityGroupCommand,
  DeleteTagsCommand,
  DescribeNetworkInterfacesCommand,
  DescribeSecurityGroupRulesCommand,
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  DescribeVpcsCommand,
  paginateDescribeSubnets,
  RevokeSecurityGroupIngressCommand,
} from '@aws-sdk/client-ec2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEED_SUBNETS, SEED_VPC_ID } from '../../../src/sandbox/core/seed-ids.js';
import { createNetworkInterface } from '../../../src/sandbox/services/ec2/network.js';
import { startTestSandbox, type TestSandbox } from '../../helpers/sandbox.js';

let sbx: TestSandbox;
let n = 0;
beforeAll(async () => {
  sbx = await startTestSandbox();
});
afterAll(() => sbx?.stop());

const ec2 = () => sbx.sdk.ec2;

async function failure(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (err: any) {
    return {
      name: err.name as string,
      status: err.$metadata?.httpStatusCode as number,
      message: err.message as string,
    };
  }
  throw new Error('expected the call to fail');
}

async function newGroup(name = `g${++n}`) {
  const out = await ec2().send(
    new CreateSecurityGroupCommand({ GroupName: name, Description: 'test', VpcId: SEED_VPC_ID }),
  );
  return out.GroupId!;
}

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
    sbx.sandbox.settings.maxPageSize = 1;
    try {
      const pages: string[][] = [];
      for await (const page of paginateDescribeSubnets({ client: ec2(), pageSize: 5 }, {}))
        pages.push(page.Subnets!.map((s) => s.SubnetId!));
      expect(pages).toEqual(SEED_SUBNETS.map((s) => [s.subnetId]));
      const all = await ec2().send(new DescribeSubnetsCommand({}));
      expect(all.Subnets).toHaveLength(2);
    } finally {
      delete sbx.sandbox.settings.maxPageSize;
    }
    expect((await failure(ec2().send(new DescribeSubnetsCommand({ MaxResults: 4 })))).name).toBe(
      'InvalidParameterValue',
    );
  });
});

describe('EC2 security groups', () => {
  it('creates a group with tags and the default all-traffic egress rule', async () => {
    const out = await ec2().send(
      new CreateSecurityGroupCommand({
        GroupName: 'rail-alb',
        Description: 'ALB of the rail',
        VpcId: SEED_VPC_ID,
        TagSpecifications: [
          { ResourceType: 'security-group', Tags: [{ Key: 'rails:rail', Value: 'zebra' }] },
        ],
      }),
    );
    expect(out.GroupId).toMatch(/^sg-[0-9a-f]{17}$/);
    const described = await ec2().send(new DescribeSecurityGroupsCommand({ GroupIds: [out.GroupId!] }));
    const group = described.SecurityGroups![0]!;
    expect(group).toMatchObject({
      GroupName: 'rail-alb',
      Description: 'ALB of the rail',
      VpcId: SEED_VPC_ID,
    });
    expect(group.Tags).toEqual([{ Key: 'rails:rail', Value: 'zebra' }]);
    expect(group.IpPermissions).toEqual([]);
    expect(group.IpPermissionsEgress).toEqual([
      expect.objectContaining({ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }] }),
    ]);
  });

  it('is not idempotent: a same name in the VPC, ignoring case, is InvalidGroup.Duplicate', async () => {
    await newGroup('Rail-Dup');
    const err = await failure(
      ec2().send(
        new CreateSecurityGroupCommand({ GroupName: 'rail-dup', Description: 'x', VpcId: SEED_VPC_ID }),
      ),
    );
    expect(err.name).toBe('InvalidGroup.Duplicate');
    expect(err.message).toBe(`The security group 'rail-dup' already exists for VPC '${SEED_VPC_ID}'`);
  });

  it('refuses names starting with sg- and names over 255 characters', async () => {
    const prefixed = await failure(
      ec2().send(
        new CreateSecurityGroupCommand({ GroupName: 'sg-web', Description: 'x', VpcId: SEED_VPC_ID }),
      ),
    );
    const long = await failure(
      ec2().send(
        new CreateSecurityGroupCommand({ GroupName: 'x'.repeat(256), Description: 'x', VpcId: SEED_VPC_ID }),
      ),
    );
    expect([prefixed.name, long.name]).toEqual(['InvalidParameterValue', 'InvalidParameterValue']);
  });

  it('checks a DryRun call in full, answers DryRunOperation, and creates nothing', async () => {
    const input = { GroupName: 'dry', Description: 'x', VpcId: SEED_VPC_ID, DryRun: true };
    const ok = await failure(ec2().send(new CreateSecurityGroupCommand(input)));
    expect(ok).toMatchObject({ name: 'DryRunOperation', status: 412 });
    const bad = await failure(ec2().send(new CreateSecurityGroupCommand({ ...input, GroupName: 'sg-dry' })));
    expect(bad.name).toBe('InvalidParameterValue');
    const found = await ec2().send(
      new DescribeSecurityGroupsCommand({ Filters: [{ Name: 'group-name', Values: ['dry'] }] }),
    );
    expect(found.SecurityGroups).toEqual([]);
  });

  it('needs a VPC that exists', async () => {
    const unknown = await failure(
      ec2().send(
        new CreateSecurityGroupCommand({ GroupName: 'x', Description: 'x', VpcId: 'vpc-0123456789abcdef0' }),
      ),
    );
    expect(unknown.name).toBe('InvalidVpcID.NotFound');
    const none = await failure(
      ec2().send(new CreateSecurityGroupCommand({ GroupName: 'x', Description: 'x' })),
    );
    expect(none.name).toBe('VPCIdNotSpecified');
  });

  it('finds a group by the group-name and vpc-id filters', async () => {
    const id = await newGroup('findable');
    const out = await ec2().send(
      new DescribeSecurityGroupsCommand({
        Filters: [
          { Name: 'group-name', Values: ['findable'] },
          { Name: 'vpc-id', Values: [SEED_VPC_ID] },
        ],
      }),
    );
    expect(out.SecurityGroups!.map((g) => g.GroupId)).toEqual([id]);
  });

  it('fails an unknown group id with InvalidGroup.NotFound', async () => {
    const err = await failure(
      ec2().send(new DescribeSecurityGroupsCommand({ GroupIds: ['sg-0123456789abcdef0'] })),
    );
    expect(err.name).toBe('InvalidGroup.NotFound');
  });

  it('refuses to delete a group while an interface uses it (DependencyViolation)', async () => {
    const id = await newGroup();
    const eni = createNetworkInterface(sbx.sandbox, {
      subnetId: SEED_SUBNETS[0].subnetId,
      description: 'x',
      groupIds: [id],
    });
    const err = await failure(ec2().send(new DeleteSecurityGroupCommand({ GroupId: id })));
    expect(err.name).toBe('DependencyViolation');
    sbx.sandbox.state.ec2.networkInterfaces = sbx.sandbox.state.ec2.networkInterfaces.filter(
      (e) => e.networkInterfaceId !== eni.networkInterfaceId,
    );
    await ec2().send(new DeleteSecurityGroupCommand({ GroupId: id }));
    expect((await failure(ec2().send(new DescribeSecurityGroupsCommand({ GroupIds: [id] })))).name).toBe(
      'InvalidGroup.NotFound',
    );
  });

  it("refuses to delete a group another group's rule references", async () => {
    const alb = await newGroup();
    const tasks = await newGroup();
    await ec2().send(
      new AuthorizeSecurityGroupIngressCommand({
        GroupId: tasks,
        IpPermissions: [
          { IpProtocol: 'tcp', FromPort: 8080, ToPort: 8080, UserIdGroupPairs: [{ GroupId: alb }] },
        ],
      }),
    );
    expect((await failure(ec2().send(new DeleteSecurityGroupCommand({ GroupId: alb })))).name).toBe(
      'DependencyViolation',
    );
  });
});

describe('EC2 security group rules', () => {
  it('canonicalises CIDRs and lists the created rules with sgr- ids', async () => {
    const id = await newGroup();
    const out = await ec2().send(
      new AuthorizeSecurityGroupIngressCommand({
        GroupId: id,
        IpPermissions: [
          {
            IpProtocol: 'tcp',
            FromPort: 80,
            ToPort: 80,
            IpRanges: [{ CidrIp: '10.0.0.18/16', Description: 'vpc' }],
          },
        ],
      }),
    );
    expect(out.Return).toBe(true);
    expect(out.SecurityGroupRules).toEqual([
      expect.objectContaining({
        SecurityGroupRuleId: expect.stringMatching(/^sgr-[0-9a-f]{17}$/),
        GroupId: id,
        IsEgress: false,
        IpProtocol: 'tcp',
        FromPort: 80,
        ToPort: 80,
        CidrIpv4: '10.0.0.0/16',
        Description: 'vpc',
      }),
    ]);
  });

  it('fails the whole call when any rule is a duplicate (InvalidPermission.Duplicate)', async () => {
    const id = await newGroup();
    const rule = { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: '10.0.0.0/16' }] };
    await ec2().send(new AuthorizeSecurityGroupIngressCommand({ GroupId: id, IpPermissions: [rule] }));
    const err = await failure(
      ec2().send(
        new AuthorizeSecurityGroupIngressCommand({
          GroupId: id,
          IpPermissions: [
            { IpProtocol: 'tcp', FromPort: 80, ToPort: 80, IpRanges: [{ CidrIp: '10.1.0.0/16' }] },
            rule,
          ],
        }),
      ),
    );
    expect(err.name).toBe('InvalidPermission.Duplicate');
    const rules = await ec2().send(
      new DescribeSecurityGroupRulesCommand({ Filters: [{ Name: 'group-id', Values: [id] }] }),
    );
    expect(rules.SecurityGroupRules!.filter((r) => !r.IsEgress).map((r) => r.FromPort)).toEqual([443]);
  });

  it('treats a re-added default egress rule as a duplicate', async () => {
    const id = await newGroup();
    const err = await failure(
      ec2().send(
        new AuthorizeSecurityGroupEgressCommand({
          GroupId: id,
          IpPermissions: [{ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }] }],
        }),
      ),
    );
    expect(err.name).toBe('InvalidPermission.Duplicate');
  });

  it('revokes an existing rule, and a missing one is InvalidPermission.NotFound', async () => {
    const id = await newGroup();
    const rule = { IpProtocol: 'tcp', FromPort: 80, ToPort: 80, IpRanges: [{ CidrIp: '10.0.0.0/16' }] };
    await ec2().send(new AuthorizeSecurityGroupIngressCommand({ GroupId: id, IpPermissions: [rule] }));
    const out = await ec2().send(
      new RevokeSecurityGroupIngressCommand({ GroupId: id, IpPermissions: [rule] }),
    );
    expect(out.Return).toBe(true);
    expect(out.RevokedSecurityGroupRules).toHaveLength(1);
    const err = await failure(
      ec2().send(new RevokeSecurityGroupIngressCommand({ GroupId: id, IpPermissions: [rule] })),
    );
    expect(err.name).toBe('InvalidPermission.NotFound');
  });

  it('requires both ports for tcp', async () => {
    const id = await newGroup();
    const err = await failure(
      ec2().send(
        new AuthorizeSecurityGroupIngressCommand({
          GroupId: id,
          IpPermissions: [{ IpProtocol: 'tcp', FromPort: 80, IpRanges: [{ CidrIp: '10.0.0.0/16' }] }],
        }),
      ),
    );
    expect(err.name).toBe('InvalidParameterValue');
  });

  it('groups rules of one port range into one IpPermission with ranges and group pairs', async () => {
    const peer = await newGroup();
    const id = await newGroup();
    await ec2().send(
      new AuthorizeSecurityGroupIngressCommand({
        GroupId: id,
        IpPermissions: [
          {
            IpProtocol: 'tcp',
            FromPort: 8080,
            ToPort: 8080,
            IpRanges: [{ CidrIp: '10.0.1.0/24' }, { CidrIp: '10.0.2.0/24' }],
            UserIdGroupPairs: [{ GroupId: peer }],
          },
        ],
      }),
    );
    const out = await ec2().send(new DescribeSecurityGroupsCommand({ GroupIds: [id] }));
    const perms = out.SecurityGroups![0]!.IpPermissions!;
    expect(perms).toHaveLength(1);
    expect(perms[0]!.IpRanges!.map((r) => r.CidrIp)).toEqual(['10.0.1.0/24', '10.0.2.0/24']);
    expect(perms[0]!.UserIdGroupPairs!.map((p) => p.GroupId)).toEqual([peer]);
  });
});

describe('EC2 network interfaces and tags', () => {
  it('finds requester-managed load balancer interfaces by description wildcard', async () => {
    const eni = createNetworkInterface(sbx.sandbox, {
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
