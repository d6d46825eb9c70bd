/**
 * Bad input is refused before the first mutating call, with exit 2 and a message naming the field:
 * config-level problems (schema, duplicates, quotas) and the ones only AWS can tell (subnets, the
 * certificate, the task definition's container and port).
 */
import { CreateSubnetCommand, CreateVpcCommand } from '@aws-sdk/client-ec2';
import { RegisterTaskDefinitionCommand } from '@aws-sdk/client-ecs';
import { CreateLoadBalancerCommand } from '@aws-sdk/client-elastic-load-balancing-v2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSandbox, type TestSandbox } from '../../helpers/sandbox.js';
import { exampleRail, FAST, mutatingCalls, railDir, rails } from '../helpers.js';

let sb: TestSandbox;
let sameAz = '';
let otherVpcSubnet = '';

beforeAll(async () => {
  sb = await startTestSandbox({ settings: FAST });
  sameAz = (
    await sb.sdk.ec2.send(
      new CreateSubnetCommand({
        VpcId: 'vpc-0c0ffee0000000001',
        CidrBlock: '10.0.3.0/24',
        AvailabilityZone: 'us-east-1a',
      }),
    )
  ).Subnet!.SubnetId!;
  const vpc = (await sb.sdk.ec2.send(new CreateVpcCommand({ CidrBlock: '10.9.0.0/16' }))).Vpc!.VpcId!;
  otherVpcSubnet = (
    await sb.sdk.ec2.send(
      new CreateSubnetCommand({ VpcId: vpc, CidrBlock: '10.9.1.0/24', AvailabilityZone: 'us-east-1b' }),
    )
  ).Subnet!.SubnetId!;
  await sb.sdk.ecs.send(
    new RegisterTaskDefinitionCommand({
      family: 'no-port',
      requiresCompatibilities: ['FARGATE'],
      networkMode: 'awsvpc',
      cpu: '256',
      memory: '512',
      containerDefinitions: [{ name: 'app', image: 'nginx', portMappings: [{ containerPort: 80 }] }],
    }),
  );
});
afterAll(() => sb?.stop());

const svc = (patch: (s: any) => void) => (raw: any) => patch(raw.services[0]);
const cases: { name: string; patch: (raw: any) => void; field: RegExp; why: RegExp }[] = [
  {
    name: 'staticIps neither mode',
    patch: (r) => {
      r.staticIps = 'magic';
    },
    field: /staticIps/,
    why: /sync|alb-target/,
  },
  {
    name: 'a service name that cannot start a target group name',
    patch: svc((s) => {
      s.name = '-zebra';
    }),
    field: /services\[0\]\.name/,
    why: /letters, digits and hyphens/,
  },
  {
    name: 'two services claiming the same host and path',
    patch: (r) => r.services.push({ ...structuredClone(r.services[0]), name: 'copy' }),
    field: /services\[1\]\.paths\[0\]/,
    why: /already claimed/,
  },
  {
    name: 'a path over 128 characters',
    patch: svc((s) => {
      s.paths = [`/${'a'.repeat(130)}`];
    }),
    field: /services\[0\]\.paths\[0\]/,
    why: /128/,
  },
  {
    name: 'a path with too many wildcards',
    patch: svc((s) => {
      s.paths = ['/*/*/*/*/*/*'];
    }),
    field: /services\[0\]\.paths\[0\]/,
    why: /wildcards/,
  },
  {
    name: 'more rules than an ALB allows',
    patch: (r) => {
      r.services = Array.from({ length: 51 }, (_, i) => ({
        ...structuredClone(r.services[0]),
        name: `s${i}`,
        paths: [`/s${i}/*`],
      }));
    },
    field: /services/,
    why: /listener rules/,
  },
  {
    name: 'subnets in one Availability Zone',
    patch: (r) => {
      r.subnets = ['subnet-0c0ffee0000000a01', sameAz];
    },
    field: /subnets/,
    why: /two Availability Zones/,
  },
  {
    name: 'a subnet outside the VPC',
    patch: (r) => {
      r.subnets = ['subnet-0c0ffee0000000a01', otherVpcSubnet];
    },
    field: /subnets\[1\]/,
    why: /not in the rail's VPC/,
  },
  {
    name: 'a certificate that does not exist',
    patch: (r) => {
      r.certificate = r.certificate.replace(/0001$/, '0999');
    },
    field: /certificate/,
    why: /does not exist/,
  },
  {
    name: 'a task definition that does not exist',
    patch: svc((s) => {
      s.taskDefinition = 'nope';
    }),
    field: /services\[0\]\.taskDefinition/,
    why: /does not exist/,
  },
  {
    name: 'a task definition without the named container',
    patch: svc((s) => {
      s.container = 'web';
    }),
    field: /services\[0\]\.container/,
    why: /no container 'web'/,
  },
  {
    name: 'a task definition without the port',
    patch: svc((s) => {
      s.taskDefinition = 'no-port';
    }),
    field: /services\[0\]\.port/,
    why: /does not map port 8080/,
  },
];

describe('bad input: exit 2 naming the field, no mutating call', () => {
  it.each(cases)('$name', async ({ patch, field, why }) => {
    const dir = railDir(exampleRail(patch));
    await sb.resetRequests();
    const r = await rails(sb, dir, ['up']);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(field);
    expect(r.stderr).toMatch(why);
    expect(await mutatingCalls(sb)).toEqual([]);
  });

  it('rails validate --aws runs the same checks, read-only', async () => {
    const bad = railDir(
      exampleRail((r) => void Object.assign(r, { certificate: r.certificate.replace(/0001$/, '0999') })),
    );
    await sb.resetRequests();
    const r = await rails(sb, bad, ['validate', '--aws']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/certificate: ACM certificate .* does not exist/);
    const ok = await rails(sb, railDir(exampleRail()), ['validate', '--aws']);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/valid/);
    expect(await mutatingCalls(sb)).toEqual([]);
  });

  it('a load balancer of our name that rails did not make stops up, untouched', async () => {
    await sb.sdk.elbv2.send(
      new CreateLoadBalancerCommand({
        Name: 'other-alb',
        Type: 'application',
        Scheme: 'internal',
        Subnets: ['subnet-0c0ffee0000000a01', 'subnet-0c0ffee0000000b02'],
      }),
    );
    const dir = railDir(
      exampleRail((r) => {
        r.stage = 'other';
      }),
    );
    await sb.resetRequests();
    const r = await rails(sb, dir, ['up']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/load balancer other-alb .* without this rail's tags/);
    expect(await mutatingCalls(sb)).toEqual([]);
  });
});
