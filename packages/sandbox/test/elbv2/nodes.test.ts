/** ELBv2 load balancer nodes against the sandbox with the real SDK: ENIs, IP rotation, subnets and groups. */
import { CreateSecurityGroupCommand, DescribeNetworkInterfacesCommand } from '@aws-sdk/client-ec2';
import {
  CreateLoadBalancerCommand,
  SetSecurityGroupsCommand,
  SetSubnetsCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { describe, expect, it } from 'vitest';
import { elbv2State } from '../../src/services/elbv2/state.js';
import { sandboxPerFile } from '../helpers/sandbox.js';
import { createAlb, createNlb, SUBNETS, startElbSandbox, uniqueName, VPC } from './fixture.js';

const t = sandboxPerFile(startElbSandbox);

const create = (input: ConstructorParameters<typeof CreateLoadBalancerCommand>[0]) =>
  t.sdk.elbv2.send(new CreateLoadBalancerCommand(input));

describe('node ENIs', () => {
  it('each LB gets one requester-managed ENI per subnet, described ELB app/<name>/<id>', async () => {
    const lb = await createAlb(t.sdk.elbv2);
    const id = lb.LoadBalancerArn!.split('/').pop();
    const out = await t.sdk.ec2.send(
      new DescribeNetworkInterfacesCommand({
        Filters: [{ Name: 'description', Values: [`ELB app/${lb.LoadBalancerName}/${id}`] }],
      }),
    );
    const enis = out.NetworkInterfaces!;
    expect(enis).toHaveLength(2);
    expect(new Set(enis.map((e) => e.SubnetId))).toEqual(new Set(SUBNETS));
    expect(enis.every((e) => e.RequesterManaged && e.InterfaceType === 'interface')).toBe(true);
    expect(enis.every((e) => /^10\.0\.[12]\.\d+$/.test(e.PrivateIpAddress!))).toBe(true);
  });

  it('NLB ENIs are described ELB net/<name>/<id>', async () => {
    const lb = await createNlb(t.sdk.elbv2);
    const id = lb.LoadBalancerArn!.split('/').pop();
    const out = await t.sdk.ec2.send(
      new DescribeNetworkInterfacesCommand({
        Filters: [{ Name: 'description', Values: [`ELB net/${lb.LoadBalancerName}/${id}`] }],
      }),
    );
    expect(out.NetworkInterfaces).toHaveLength(2);
  });

  it('rotate-ips replaces node IPs and adds nodes spread across subnets; the ENIs follow', async () => {
    const lb = await createAlb(t.sdk.elbv2);
    const first = await t.control.rotateIps<{ before: string[]; after: string[] }>(lb.LoadBalancerName!, {
      replace: 'all',
    });
    expect(first.after).toHaveLength(2);
    expect(first.after.filter((ip) => first.before.includes(ip))).toEqual([]);
    const grown = await t.control.rotateIps<{ before: string[]; after: string[] }>(lb.LoadBalancerArn!, {
      add: 2,
      replace: 1,
    });
    expect(grown.after).toHaveLength(4);
    expect(grown.after).not.toContain(grown.before[0]);
    const id = lb.LoadBalancerArn!.split('/').pop();
    const enis = await t.sdk.ec2.send(
      new DescribeNetworkInterfacesCommand({
        Filters: [{ Name: 'description', Values: [`ELB app/${lb.LoadBalancerName}/${id}`] }],
      }),
    );
    expect(new Set(enis.NetworkInterfaces!.map((e) => e.PrivateIpAddress))).toEqual(new Set(grown.after));
    const perSubnet = SUBNETS.map((s) => enis.NetworkInterfaces!.filter((e) => e.SubnetId === s).length);
    expect(perSubnet).toEqual([2, 2]);
  });
});

describe('SetSubnets and SetSecurityGroups', () => {
  it('SetSubnets moves nodes with the subnets; an ALB still needs two AZs', async () => {
    const nlbOne = await create({
      Name: uniqueName('grow'),
      Type: 'network',
      Scheme: 'internal',
      Subnets: [SUBNETS[0]!],
    });
    const arn = nlbOne.LoadBalancers![0]!.LoadBalancerArn!;
    const out = await t.sdk.elbv2.send(new SetSubnetsCommand({ LoadBalancerArn: arn, Subnets: SUBNETS }));
    expect(out.AvailabilityZones!.map((z) => z.SubnetId).sort()).toEqual([...SUBNETS].sort());
    const lb = elbv2State(t.sandbox).loadBalancers.find((l) => l.arn === arn)!;
    expect(lb.nodes.map((n) => n.subnetId).sort()).toEqual([...SUBNETS].sort());
    await expect(
      t.sdk.elbv2.send(new SetSubnetsCommand({ LoadBalancerArn: arn, Subnets: [SUBNETS[1]!] })),
    ).rejects.toMatchObject({
      name: 'InvalidConfigurationRequestException',
    });
    const alb = await createAlb(t.sdk.elbv2);
    await expect(
      t.sdk.elbv2.send(
        new SetSubnetsCommand({ LoadBalancerArn: alb.LoadBalancerArn, Subnets: [SUBNETS[0]!] }),
      ),
    ).rejects.toMatchObject({ name: 'ValidationError' });
  });

  it('SetSecurityGroups changes an ALB and its node ENIs; an NLB made without groups cannot get any', async () => {
    const sg = await t.sdk.ec2.send(
      new CreateSecurityGroupCommand({ GroupName: uniqueName('albgroup'), Description: 'alb', VpcId: VPC }),
    );
    const alb = await createAlb(t.sdk.elbv2);
    const out = await t.sdk.elbv2.send(
      new SetSecurityGroupsCommand({ LoadBalancerArn: alb.LoadBalancerArn, SecurityGroups: [sg.GroupId!] }),
    );
    expect(out.SecurityGroupIds).toEqual([sg.GroupId]);
    const id = alb.LoadBalancerArn!.split('/').pop();
    const enis = await t.sdk.ec2.send(
      new DescribeNetworkInterfacesCommand({
        Filters: [{ Name: 'description', Values: [`ELB app/${alb.LoadBalancerName}/${id}`] }],
      }),
    );
    expect(enis.NetworkInterfaces!.map((e) => e.Groups!.map((g) => g.GroupId))).toEqual([
      [sg.GroupId],
      [sg.GroupId],
    ]);
    await expect(
      t.sdk.elbv2.send(
        new SetSecurityGroupsCommand({
          LoadBalancerArn: alb.LoadBalancerArn,
          SecurityGroups: ['sg-00000000000000bad'],
        }),
      ),
    ).rejects.toMatchObject({ name: 'InvalidSecurityGroupException' });
    const nlb = await createNlb(t.sdk.elbv2);
    await expect(
      t.sdk.elbv2.send(
        new SetSecurityGroupsCommand({ LoadBalancerArn: nlb.LoadBalancerArn, SecurityGroups: [sg.GroupId!] }),
      ),
    ).rejects.toMatchObject({ name: 'InvalidConfigurationRequestException' });
  });
});
