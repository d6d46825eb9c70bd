/**
 * EC2 security group conformance: the real SDK over loopback against the seeded sandbox. Groups
 * (names, duplicates, dependencies, DryRun) and rules (canonical CIDRs, all-or-nothing duplicates,
 * revokes), one case per behaviour of docs/aws-behaviour.md §4.
 */
import {
  AuthorizeSecurityGroupEgressCommand,
  AuthorizeSecurityGroupIngressCommand,
  CreateSecurityGroupCommand,
  DeleteSecurityGroupCommand,
  DescribeSecurityGroupRulesCommand,
  DescribeSecurityGroupsCommand,
  RevokeSecurityGroupIngressCommand,
} from '@aws-sdk/client-ec2';
import { describe, expect, it } from 'vitest';
import { SEED_SUBNETS, SEED_VPC_ID } from '../../src/core/seed-ids.js';
import { createNetworkInterface } from '../../src/services/ec2/network.js';
import { ec2State } from '../../src/services/ec2/state.js';
import { failure } from '../helpers/sdk.js';
import { seededEc2 } from './seeded-ec2.js';

const { ec2, sandbox, newGroup } = seededEc2();

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

  it("addresses groups by name only in a default VPC: none here, so 'none'", async () => {
    const err = await failure(ec2().send(new DescribeSecurityGroupsCommand({ GroupNames: ['default'] })));
    expect(err).toMatchObject({
      name: 'InvalidGroup.NotFound',
      message: "The security group 'default' does not exist in default VPC 'none'",
    });
  });

  it('fails an unknown group id with InvalidGroup.NotFound', async () => {
    const err = await failure(
      ec2().send(new DescribeSecurityGroupsCommand({ GroupIds: ['sg-0123456789abcdef0'] })),
    );
    expect(err.name).toBe('InvalidGroup.NotFound');
  });

  it('refuses to delete a group while an interface uses it (DependencyViolation)', async () => {
    const id = await newGroup();
    const eni = createNetworkInterface(sandbox(), {
      subnetId: SEED_SUBNETS[0].subnetId,
      description: 'x',
      groupIds: [id],
    });
    const err = await failure(ec2().send(new DeleteSecurityGroupCommand({ GroupId: id })));
    expect(err.name).toBe('DependencyViolation');
    ec2State(sandbox()).networkInterfaces = ec2State(sandbox()).networkInterfaces.filter(
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
