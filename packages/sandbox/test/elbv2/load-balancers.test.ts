/** ELBv2 load balancers against the sandbox with the real SDK: validation, idempotency, state, attributes. */
import { DescribeNetworkInterfacesCommand } from '@aws-sdk/client-ec2';
import {
  CreateLoadBalancerCommand,
  DeleteLoadBalancerCommand,
  DescribeListenersCommand,
  DescribeLoadBalancerAttributesCommand,
  DescribeLoadBalancersCommand,
  ModifyLoadBalancerAttributesCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { describe, expect, it } from 'vitest';
import { ec2State } from '../../src/services/ec2/state.js';
import { sandboxPerFile } from '../helpers/sandbox.js';
import {
  createAlb,
  createForwardListener,
  createNlb,
  createTg,
  DEFAULT_SG,
  SUBNETS,
  sleep,
  startElbSandbox,
  uniqueName,
} from './fixture.js';

const t = sandboxPerFile(startElbSandbox);

const create = (input: ConstructorParameters<typeof CreateLoadBalancerCommand>[0]) =>
  t.sdk.elbv2.send(new CreateLoadBalancerCommand(input));

describe('CreateLoadBalancer validation', () => {
  it.each([
    ['too long', 'a'.repeat(33)],
    ['bad characters', 'my_alb'],
    ['leading hyphen', '-alb'],
    ['trailing hyphen', 'alb-'],
    ['internal- prefix', 'internal-alb'],
  ])('rejects a name with %s (ValidationError)', async (_why, name) => {
    await expect(create({ Name: name, Subnets: SUBNETS })).rejects.toMatchObject({ name: 'ValidationError' });
  });

  it('an ALB needs two AZs: one subnet is ValidationError with AWS text', async () => {
    await expect(create({ Name: uniqueName('one'), Subnets: [SUBNETS[0]!] })).rejects.toMatchObject({
      name: 'ValidationError',
      message: 'At least two subnets in two different Availability Zones must be specified',
    });
  });

  it('an NLB accepts one AZ', async () => {
    const out = await create({
      Name: uniqueName('nlb1'),
      Type: 'network',
      Scheme: 'internal',
      Subnets: [SUBNETS[0]!],
    });
    expect(out.LoadBalancers![0]!.AvailabilityZones).toHaveLength(1);
  });

  it('two subnets in one AZ is InvalidConfigurationRequest', async () => {
    const ec2 = ec2State(t.sandbox);
    const extra = {
      ...ec2.subnets[0]!,
      subnetId: 'subnet-0c0ffee00000000a3',
      cidrBlock: '10.0.3.0/24',
      nextHost: 4,
      freeHosts: [],
    };
    ec2.subnets.push(extra);
    await expect(
      create({ Name: uniqueName('sameaz'), Subnets: [SUBNETS[0]!, extra.subnetId] }),
    ).rejects.toMatchObject({
      name: 'InvalidConfigurationRequestException',
    });
  });

  it('subnets of two VPCs are InvalidConfigurationRequest', async () => {
    const ec2 = ec2State(t.sandbox);
    ec2.vpcs.push({
      vpcId: 'vpc-0000000000000beef',
      cidrBlock: '172.16.0.0/16',
      isDefault: false,
      region: 'us-east-1',
      tags: {},
    });
    const other = {
      ...ec2.subnets[1]!,
      subnetId: 'subnet-0000000000000beef',
      vpcId: 'vpc-0000000000000beef',
      cidrBlock: '172.16.1.0/24',
      nextHost: 4,
      freeHosts: [],
    };
    ec2.subnets.push(other);
    await expect(
      create({ Name: uniqueName('twovpc'), Subnets: [SUBNETS[0]!, other.subnetId] }),
    ).rejects.toMatchObject({
      name: 'InvalidConfigurationRequestException',
    });
  });

  it('internet-facing in a VPC without an internet gateway is InvalidSubnet (the default scheme)', async () => {
    await expect(create({ Name: uniqueName('public'), Subnets: SUBNETS })).rejects.toMatchObject({
      name: 'InvalidSubnetException',
    });
  });

  it('a subnet with fewer than 8 free addresses is InvalidSubnet', async () => {
    const ec2 = ec2State(t.sandbox);
    const tiny = {
      ...ec2.subnets[1]!,
      subnetId: 'subnet-00000000000007171',
      cidrBlock: '10.0.9.0/28',
      nextHost: 4,
      freeHosts: [],
    };
    ec2.subnets.push(tiny);
    for (let i = 0; i < 4; i++) {
      ec2.networkInterfaces.push({
        networkInterfaceId: `eni-0000000000000tiny${i}`,
        subnetId: tiny.subnetId,
        vpcId: tiny.vpcId,
        availabilityZone: tiny.availabilityZone,
        privateIpAddress: `10.0.9.${4 + i}`,
        description: 'taken',
        requesterManaged: false,
        interfaceType: 'interface',
        groupIds: [],
        status: 'in-use',
        tags: {},
      });
    }
    await expect(
      create({ Name: uniqueName('tiny'), Scheme: 'internal', Subnets: [SUBNETS[0]!, tiny.subnetId] }),
    ).rejects.toMatchObject({ name: 'InvalidSubnetException' });
  });

  it('an unknown subnet is SubnetNotFound', async () => {
    await expect(
      create({ Name: uniqueName('nosub'), Subnets: [SUBNETS[0]!, 'subnet-0000000000000dead'] }),
    ).rejects.toMatchObject({
      name: 'SubnetNotFoundException',
    });
  });

  it('an unknown security group is InvalidSecurityGroup', async () => {
    await expect(
      create({
        Name: uniqueName('nosg'),
        Scheme: 'internal',
        Subnets: SUBNETS,
        SecurityGroups: ['sg-00000000000000bad'],
      }),
    ).rejects.toMatchObject({ name: 'InvalidSecurityGroupException' });
  });
});

describe('CreateLoadBalancer idempotency and formats', () => {
  it('an identical repeat returns the same LB; different settings give DuplicateLoadBalancerName (moto makes a second)', async () => {
    const name = uniqueName('idem');
    const first = (await create({ Name: name, Scheme: 'internal', Subnets: SUBNETS })).LoadBalancers![0]!;
    const again = (await create({ Name: name, Scheme: 'internal', Subnets: [...SUBNETS].reverse() }))
      .LoadBalancers![0]!;
    expect(again.LoadBalancerArn).toBe(first.LoadBalancerArn);
    await expect(
      create({ Name: name, Scheme: 'internal', Type: 'network', Subnets: SUBNETS }),
    ).rejects.toMatchObject({
      name: 'DuplicateLoadBalancerNameException',
    });
    const all = await t.sdk.elbv2.send(new DescribeLoadBalancersCommand({ Names: [name] }));
    expect(all.LoadBalancers).toHaveLength(1);
  });

  it('ALB ARN, internal DNS name and hosted zone follow AWS formats; default security group applied', async () => {
    const name = uniqueName('fmt');
    const lb = await createAlb(t.sdk.elbv2, name);
    expect(lb.LoadBalancerArn).toMatch(
      new RegExp(
        `^arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/${name}/[0-9a-f]{16}$`,
      ),
    );
    expect(lb.DNSName).toMatch(new RegExp(`^internal-${name}-\\d{10}\\.us-east-1\\.elb\\.amazonaws\\.com$`));
    expect(lb.CanonicalHostedZoneId).toBe('Z35SXDOTRQ7X7K');
    expect(lb.SecurityGroups).toEqual([DEFAULT_SG]);
    expect(lb.Type).toBe('application');
  });

  it('NLB ARN and DNS name follow AWS formats', async () => {
    const name = uniqueName('nfmt');
    const lb = await createNlb(t.sdk.elbv2, name);
    expect(lb.LoadBalancerArn).toMatch(new RegExp(`:loadbalancer/net/${name}/[0-9a-f]{16}$`));
    expect(lb.DNSName).toMatch(new RegExp(`^${name}-[0-9a-f]{16}\\.elb\\.us-east-1\\.amazonaws\\.com$`));
    expect(lb.CanonicalHostedZoneId).toBe('Z26RNL4JYFTOTI');
  });

  it('is provisioning, then active after provisionMs', async () => {
    const lb = await createAlb(t.sdk.elbv2);
    expect(lb.State?.Code).toBe('provisioning');
    await sleep(80);
    const now = await t.sdk.elbv2.send(
      new DescribeLoadBalancersCommand({ LoadBalancerArns: [lb.LoadBalancerArn!] }),
    );
    expect(now.LoadBalancers![0]!.State?.Code).toBe('active');
  });
});

describe('DescribeLoadBalancers', () => {
  it('any missing name fails the whole call with LoadBalancerNotFound', async () => {
    const lb = await createAlb(t.sdk.elbv2);
    await expect(
      t.sdk.elbv2.send(new DescribeLoadBalancersCommand({ Names: [lb.LoadBalancerName!, 'no-such-lb'] })),
    ).rejects.toMatchObject({ name: 'LoadBalancerNotFoundException' });
  });

  it('pages with Marker/NextMarker and PageSize', async () => {
    for (let i = 0; i < 3; i++) await createAlb(t.sdk.elbv2);
    const total = (await t.sdk.elbv2.send(new DescribeLoadBalancersCommand({}))).LoadBalancers!.length;
    const seen: string[] = [];
    let Marker: string | undefined;
    let pages = 0;
    do {
      const out = await t.sdk.elbv2.send(new DescribeLoadBalancersCommand({ PageSize: 2, Marker }));
      expect(out.LoadBalancers!.length).toBeLessThanOrEqual(2);
      seen.push(...out.LoadBalancers!.map((l) => l.LoadBalancerArn!));
      Marker = out.NextMarker;
      pages++;
    } while (Marker);
    expect(new Set(seen).size).toBe(total);
    expect(pages).toBe(Math.ceil(total / 2));
  });

  it('PageSize outside 1-400 is ValidationError', async () => {
    await expect(t.sdk.elbv2.send(new DescribeLoadBalancersCommand({ PageSize: 401 }))).rejects.toMatchObject(
      {
        name: 'ValidationError',
      },
    );
  });
});

describe('DeleteLoadBalancer', () => {
  it('an unknown LB succeeds', async () => {
    await expect(
      t.sdk.elbv2.send(
        new DeleteLoadBalancerCommand({
          LoadBalancerArn:
            'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/gone/0123456789abcdef',
        }),
      ),
    ).resolves.toBeDefined();
  });

  it('deletes its listeners and its node ENIs', async () => {
    const lb = await createAlb(t.sdk.elbv2);
    const tg = await createTg(t.sdk.elbv2);
    const listener = await createForwardListener(t.sdk.elbv2, lb.LoadBalancerArn!, tg.TargetGroupArn!);
    await t.sdk.elbv2.send(new DeleteLoadBalancerCommand({ LoadBalancerArn: lb.LoadBalancerArn }));
    await expect(
      t.sdk.elbv2.send(new DescribeListenersCommand({ ListenerArns: [listener.ListenerArn!] })),
    ).rejects.toMatchObject({ name: 'ListenerNotFoundException' });
    const id = lb.LoadBalancerArn!.split('/').pop();
    const enis = await t.sdk.ec2.send(
      new DescribeNetworkInterfacesCommand({
        Filters: [{ Name: 'description', Values: [`ELB app/${lb.LoadBalancerName}/${id}`] }],
      }),
    );
    expect(enis.NetworkInterfaces).toEqual([]);
  });

  it('deletion protection gives OperationNotPermitted', async () => {
    const lb = await createAlb(t.sdk.elbv2);
    await t.sdk.elbv2.send(
      new ModifyLoadBalancerAttributesCommand({
        LoadBalancerArn: lb.LoadBalancerArn,
        Attributes: [{ Key: 'deletion_protection.enabled', Value: 'true' }],
      }),
    );
    await expect(
      t.sdk.elbv2.send(new DeleteLoadBalancerCommand({ LoadBalancerArn: lb.LoadBalancerArn })),
    ).rejects.toMatchObject({ name: 'OperationNotPermittedException' });
  });
});

describe('load balancer attributes', () => {
  it('ALB defaults; merged modify returns all; range -> ValidationError; unsupported key -> InvalidConfigurationRequest', async () => {
    const lb = await createAlb(t.sdk.elbv2);
    const arn = lb.LoadBalancerArn!;
    const before = await t.sdk.elbv2.send(
      new DescribeLoadBalancerAttributesCommand({ LoadBalancerArn: arn }),
    );
    const map = (a: { Key?: string; Value?: string }[] = []) =>
      Object.fromEntries(a.map((x) => [x.Key, x.Value]));
    expect(map(before.Attributes)).toMatchObject({
      'idle_timeout.timeout_seconds': '60',
      'deletion_protection.enabled': 'false',
      'routing.http2.enabled': 'true',
    });
    const out = await t.sdk.elbv2.send(
      new ModifyLoadBalancerAttributesCommand({
        LoadBalancerArn: arn,
        Attributes: [{ Key: 'idle_timeout.timeout_seconds', Value: '120' }],
      }),
    );
    expect(out.Attributes!.length).toBe(before.Attributes!.length);
    expect(map(out.Attributes)['idle_timeout.timeout_seconds']).toBe('120');
    await expect(
      t.sdk.elbv2.send(
        new ModifyLoadBalancerAttributesCommand({
          LoadBalancerArn: arn,
          Attributes: [{ Key: 'idle_timeout.timeout_seconds', Value: '5000' }],
        }),
      ),
    ).rejects.toMatchObject({ name: 'ValidationError' });
    await expect(
      t.sdk.elbv2.send(
        new ModifyLoadBalancerAttributesCommand({
          LoadBalancerArn: arn,
          Attributes: [{ Key: 'dns_record.client_routing_policy', Value: 'any_availability_zone' }],
        }),
      ),
    ).rejects.toMatchObject({ name: 'InvalidConfigurationRequestException' });
  });
});
