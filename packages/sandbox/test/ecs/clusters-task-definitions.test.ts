/** Conformance: clusters and task definitions, driven with the real SDK over loopback. */
import {
  CreateClusterCommand,
  DeleteClusterCommand,
  DeregisterTaskDefinitionCommand,
  DescribeClustersCommand,
  DescribeTaskDefinitionCommand,
  ListTaskDefinitionsCommand,
  RegisterTaskDefinitionCommand,
} from '@aws-sdk/client-ecs';
import { describe, expect, it } from 'vitest';
import { sandboxPerFile } from '../helpers/sandbox.js';
import { failure } from '../helpers/sdk.js';
import { fargateTaskDefinition, startEcsSandbox, uniqueName } from './fixture.js';

const t = sandboxPerFile(startEcsSandbox);

describe('clusters', () => {
  it('CreateCluster for an ACTIVE name returns the existing cluster unchanged', async () => {
    const name = uniqueName('c');
    const first = await t.sdk.ecs.send(
      new CreateClusterCommand({ clusterName: name, tags: [{ key: 'a', value: '1' }] }),
    );
    const again = await t.sdk.ecs.send(new CreateClusterCommand({ clusterName: name }));
    expect(again.cluster!.clusterArn).toBe(`arn:aws:ecs:us-east-1:123456789012:cluster/${name}`);
    expect(again.cluster!.clusterArn).toBe(first.cluster!.clusterArn);
    expect(again.cluster!.tags).toEqual([{ key: 'a', value: '1' }]);
  });

  it('DescribeClusters reports unknown clusters as MISSING failures and defaults to `default`', async () => {
    const out = await t.sdk.ecs.send(new DescribeClustersCommand({ clusters: ['default', 'nope'] }));
    expect(out.clusters!.map((c) => c.clusterName)).toEqual(['default']);
    expect(out.failures).toEqual([
      { arn: 'arn:aws:ecs:us-east-1:123456789012:cluster/nope', reason: 'MISSING' },
    ]);
    const dflt = await t.sdk.ecs.send(new DescribeClustersCommand({}));
    expect(dflt.clusters![0]!.status).toBe('ACTIVE');
  });

  it('refuses a cluster name with invalid characters', async () => {
    const err = await failure(t.sdk.ecs.send(new CreateClusterCommand({ clusterName: 'bad name!' })));
    expect(err.name).toBe('InvalidParameterException');
  });

  it('DeleteCluster makes the cluster INACTIVE; a second delete is ClusterNotFoundException', async () => {
    const name = uniqueName('c');
    await t.sdk.ecs.send(new CreateClusterCommand({ clusterName: name }));
    const out = await t.sdk.ecs.send(new DeleteClusterCommand({ cluster: name }));
    expect(out.cluster!.status).toBe('INACTIVE');
    const err = await failure(t.sdk.ecs.send(new DeleteClusterCommand({ cluster: name })));
    expect(err.name).toBe('ClusterNotFoundException');
  });
});

describe('task definitions', () => {
  const register = (extra = {}) =>
    t.sdk.ecs.send(new RegisterTaskDefinitionCommand(fargateTaskDefinition(extra)));

  it('every register is a new revision, looked up by family, family:revision and ARN', async () => {
    const family = uniqueName('fam');
    const r1 = (await register({ family })).taskDefinition!;
    const r2 = (await register({ family })).taskDefinition!;
    expect([r1.revision, r2.revision]).toEqual([1, 2]);
    expect(r2.taskDefinitionArn).toBe(`arn:aws:ecs:us-east-1:123456789012:task-definition/${family}:2`);
    const latest = await t.sdk.ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: family }));
    expect(latest.taskDefinition!.revision).toBe(2);
    const byRev = await t.sdk.ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: `${family}:1` }));
    expect(byRev.taskDefinition!.taskDefinitionArn).toBe(r1.taskDefinitionArn);
    const byArn = await t.sdk.ecs.send(
      new DescribeTaskDefinitionCommand({ taskDefinition: r1.taskDefinitionArn }),
    );
    expect(byArn.taskDefinition!.revision).toBe(1);
    expect(byArn.taskDefinition!.compatibilities).toEqual(['EC2', 'FARGATE']);
    expect(byArn.taskDefinition!.containerDefinitions![0]!.portMappings).toEqual([
      { containerPort: 8080, hostPort: 8080, protocol: 'tcp' },
    ]);
  });

  it('Fargate needs networkMode awsvpc', async () => {
    const err = await failure(register({ networkMode: 'bridge' }));
    expect(err.name).toBe('ClientException');
    expect(err.message).toBe("Fargate only supports network mode 'awsvpc'.");
  });

  it.each([
    ['256', '4096'],
    ['512', '512'],
    ['1024', '1536'],
    ['3000', '8192'],
  ])('Fargate refuses cpu %s with memory %s', async (cpu, memory) => {
    const err = await failure(register({ cpu, memory }));
    expect(err.name).toBe('ClientException');
    expect(err.message).toBe(
      `No Fargate configuration exists for given values: ${cpu} CPU, ${memory} memory`,
    );
  });

  it.each([
    ['256', '2048'],
    ['0.5 vCPU', '4GB'],
    ['4096', '30720'],
    ['16384', '122880'],
  ])('Fargate accepts cpu %s with memory %s', async (cpu, memory) => {
    const out = await register({ cpu, memory });
    expect(out.taskDefinition!.status).toBe('ACTIVE');
  });

  it('the awslogs driver on Fargate needs an execution role', async () => {
    const containerDefinitions = [
      {
        name: 'web',
        image: 'nginx:1',
        logConfiguration: {
          logDriver: 'awslogs' as const,
          options: { 'awslogs-group': '/x', 'awslogs-region': 'us-east-1', 'awslogs-stream-prefix': 'ecs' },
        },
      },
    ];
    const err = await failure(register({ containerDefinitions }));
    expect(err.name).toBe('ClientException');
    expect(err.message).toBe(
      'Fargate requires task definition to have execution role ARN to support log driver awslogs.',
    );
    const ok = await register({
      containerDefinitions,
      executionRoleArn: 'arn:aws:iam::123456789012:role/exec',
    });
    expect(ok.taskDefinition!.executionRoleArn).toBe('arn:aws:iam::123456789012:role/exec');
  });

  it('awsvpc host ports must equal container ports', async () => {
    const err = await failure(
      register({
        containerDefinitions: [
          { name: 'web', image: 'x', portMappings: [{ containerPort: 80, hostPort: 81 }] },
        ],
      }),
    );
    expect(err.name).toBe('ClientException');
  });

  it('an unknown task definition cannot be described', async () => {
    const err = await failure(
      t.sdk.ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: 'nope:1' })),
    );
    expect(err.name).toBe('ClientException');
    expect(err.message).toBe('Unable to describe task definition.');
  });

  it('a deregistered revision is INACTIVE, still describable, no longer the family latest', async () => {
    const family = uniqueName('fam');
    await register({ family });
    await register({ family });
    const out = await t.sdk.ecs.send(new DeregisterTaskDefinitionCommand({ taskDefinition: `${family}:2` }));
    expect(out.taskDefinition!.status).toBe('INACTIVE');
    const latest = await t.sdk.ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: family }));
    expect(latest.taskDefinition!.revision).toBe(1);
    const listed = await t.sdk.ecs.send(new ListTaskDefinitionsCommand({ familyPrefix: family }));
    expect(listed.taskDefinitionArns).toEqual([
      `arn:aws:ecs:us-east-1:123456789012:task-definition/${family}:1`,
    ]);
  });

  it('the seeded ice-station-zebra task definition is Fargate, awsvpc, app on 8080 with a /health check', async () => {
    const out = await t.sdk.ecs.send(
      new DescribeTaskDefinitionCommand({ taskDefinition: 'ice-station-zebra' }),
    );
    const td = out.taskDefinition!;
    expect(td).toMatchObject({
      networkMode: 'awsvpc',
      cpu: '256',
      memory: '512',
      requiresCompatibilities: ['FARGATE'],
    });
    const app = td.containerDefinitions![0]!;
    expect(app.name).toBe('app');
    expect(app.portMappings![0]!.containerPort).toBe(8080);
    expect(app.healthCheck!.command!.join(' ')).toContain('/health');
  });
});
