/** EC2 handlers called directly on a seeded hand-built sandbox (the SDK suite covers the wire). */
import { beforeEach, describe, expect, it } from 'vitest';
import { SEED_SUBNETS, SEED_VPC_ID } from '../../src/core/seed-ids.js';
import { ec2Service } from '../../src/services/ec2/index.js';
import { createNetworkInterface } from '../../src/services/ec2/network.js';
import { call, errorOf, handBuiltSandbox } from './hand-built-sandbox.js';

let sb: ReturnType<typeof handBuiltSandbox>;
const ec2 = (op: string, input: Record<string, unknown> = {}) => call(sb, ec2Service, op, input);

beforeEach(() => {
  sb = handBuiltSandbox();
  ec2Service.seed!(sb);
});

describe('EC2 handlers', () => {
  it('seeds the VPC, two subnets with AZ ids, and the default group', async () => {
    const vpcs = await ec2('DescribeVpcs', { VpcId: [SEED_VPC_ID] });
    expect(vpcs.vpcSet[0]).toMatchObject({ vpcId: SEED_VPC_ID, cidrBlock: '10.0.0.0/16' });
    const subnets = await ec2('DescribeSubnets', { Filter: [{ Name: 'vpc-id', Value: [SEED_VPC_ID] }] });
    expect(subnets.subnetSet.map((s: any) => s.availabilityZoneId)).toEqual(['use1-az1', 'use1-az2']);
    expect(subnets.subnetSet[0].availableIpAddressCount).toBe(251);
  });

  it('pages subnets only when MaxResults is given, capped by maxPageSize', async () => {
    sb.settings.maxPageSize = 1;
    expect((await ec2('DescribeSubnets')).subnetSet).toHaveLength(2);
    const first = await ec2('DescribeSubnets', { MaxResults: '5' });
    expect(first.subnetSet).toHaveLength(1);
    const second = await ec2('DescribeSubnets', { MaxResults: '5', NextToken: first.nextToken });
    expect(second.subnetSet[0].subnetId).toBe(SEED_SUBNETS[1].subnetId);
    expect(second.nextToken).toBeUndefined();
    expect((await errorOf(ec2('DescribeSubnets', { MaxResults: '4' }))).code).toBe('InvalidParameterValue');
  });

  it('authorizes rules all-or-nothing with canonical CIDRs and refuses duplicates', async () => {
    const { groupId } = await ec2('CreateSecurityGroup', {
      GroupName: 'web',
      GroupDescription: 'd',
      VpcId: SEED_VPC_ID,
    });
    const out = await ec2('AuthorizeSecurityGroupIngress', {
      GroupId: groupId,
      IpPermissions: [
        { IpProtocol: '6', FromPort: '80', ToPort: '80', IpRanges: [{ CidrIp: '10.0.0.18/16' }] },
      ],
    });
    expect(out.securityGroupRuleSet[0]).toMatchObject({ ipProtocol: 'tcp', cidrIpv4: '10.0.0.0/16' });
    expect(out.securityGroupRuleSet[0].securityGroupRuleId).toMatch(/^sgr-[0-9a-f]{17}$/);
    const dup = await errorOf(
      ec2('AuthorizeSecurityGroupIngress', {
        GroupId: groupId,
        IpPermissions: [
          { IpProtocol: 'tcp', FromPort: '443', ToPort: '443', IpRanges: [{ CidrIp: '10.1.0.0/16' }] },
          { IpProtocol: 'tcp', FromPort: '80', ToPort: '80', IpRanges: [{ CidrIp: '10.0.9.9/16' }] },
        ],
      }),
    );
    expect(dup.code).toBe('InvalidPermission.Duplicate');
    const described = await ec2('DescribeSecurityGroups', { GroupId: [groupId] });
    expect(described.securityGroupInfo[0].ipPermissions).toHaveLength(1);
    expect(described.securityGroupInfo[0].ipPermissionsEgress[0]).toMatchObject({ ipProtocol: '-1' });
  });

  it('refuses to delete a group an interface or another group references', async () => {
    const a = await ec2('CreateSecurityGroup', { GroupName: 'a', GroupDescription: 'd', VpcId: SEED_VPC_ID });
    const b = await ec2('CreateSecurityGroup', { GroupName: 'b', GroupDescription: 'd', VpcId: SEED_VPC_ID });
    await ec2('AuthorizeSecurityGroupIngress', {
      GroupId: b.groupId,
      IpPermissions: [{ IpProtocol: 'tcp', FromPort: '80', ToPort: '80', Groups: [{ GroupId: a.groupId }] }],
    });
    expect((await errorOf(ec2('DeleteSecurityGroup', { GroupId: a.groupId }))).code).toBe(
      'DependencyViolation',
    );
    const eni = createNetworkInterface(sb, {
      subnetId: SEED_SUBNETS[0].subnetId,
      description: 'x',
      groupIds: [b.groupId],
    });
    expect((await errorOf(ec2('DeleteSecurityGroup', { GroupId: b.groupId }))).code).toBe(
      'DependencyViolation',
    );
    expect(eni.privateIpAddress).toBe('10.0.1.4');
  });

  it('finds load balancer interfaces by wildcard description', async () => {
    createNetworkInterface(sb, {
      subnetId: SEED_SUBNETS[0].subnetId,
      description: 'ELB app/rail-alb/0123456789abcdef',
      requesterId: 'amazon-elb',
    });
    createNetworkInterface(sb, {
      subnetId: SEED_SUBNETS[1].subnetId,
      description: 'task',
      requesterId: 'amazon-aws',
    });
    const out = await ec2('DescribeNetworkInterfaces', {
      Filter: [
        { Name: 'description', Value: ['ELB app/rail-alb/*'] },
        { Name: 'requester-managed', Value: ['true'] },
      ],
    });
    expect(out.networkInterfaceSet).toHaveLength(1);
    expect(out.networkInterfaceSet[0]).toMatchObject({ requesterManaged: true, requesterId: 'amazon-elb' });
  });
});
