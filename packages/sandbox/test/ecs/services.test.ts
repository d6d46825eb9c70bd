/** Conformance: CreateService validation and idempotency, DescribeServices, UpdateService, DeleteService, ListServices. */
import {
  CreateClusterCommand,
  DeleteServiceCommand,
  DescribeServicesCommand,
  ListServicesCommand,
  UpdateServiceCommand,
} from '@aws-sdk/client-ecs';
import { beforeAll, describe, expect, it } from 'vitest';
import { sandboxPerFile } from '../helpers/sandbox.js';
import { failure } from '../helpers/sdk.js';
import {
  albTargetGroup,
  createService,
  registerTaskDefinition,
  SUBNETS,
  serviceInput,
  startEcsSandbox,
  targetGroup,
  uniqueName,
  waitSteady,
} from './fixture.js';

const t = sandboxPerFile(startEcsSandbox);
let td: string;
beforeAll(async () => {
  td = await registerTaskDefinition(t.sdk.ecs);
});

const create = (extra = {}) => createService(t.sdk.ecs, serviceInput(td, extra));

describe('CreateService', () => {
  it('creates an ACTIVE service with one PRIMARY deployment and AWS defaults', async () => {
    const name = uniqueName('svc');
    const s = await create({ serviceName: name });
    expect(s.serviceArn).toBe(`arn:aws:ecs:us-east-1:123456789012:service/default/${name}`);
    expect(s).toMatchObject({
      status: 'ACTIVE',
      desiredCount: 1,
      launchType: 'FARGATE',
      platformVersion: 'LATEST',
      schedulingStrategy: 'REPLICA',
      propagateTags: 'NONE',
      deploymentController: { type: 'ECS' },
      deploymentConfiguration: {
        maximumPercent: 200,
        minimumHealthyPercent: 100,
        deploymentCircuitBreaker: { enable: false, rollback: false },
      },
    });
    expect(s.networkConfiguration!.awsvpcConfiguration!.assignPublicIp).toBe('DISABLED');
    expect(s.deployments).toHaveLength(1);
    expect(s.deployments![0]).toMatchObject({
      status: 'PRIMARY',
      rolloutState: 'IN_PROGRESS',
      platformVersion: '1.4.0',
    });
    expect(s.deployments![0]!.id).toMatch(/^ecs-svc\/\d{19}$/);
  });

  it('an identical repeat returns the same service', async () => {
    const input = serviceInput(td);
    const a = await createService(t.sdk.ecs, input);
    const b = await createService(t.sdk.ecs, input);
    expect(b.serviceArn).toBe(a.serviceArn);
    expect(b.deployments![0]!.id).toBe(a.deployments![0]!.id);
  });

  it('a different request for an ACTIVE name is not idempotent', async () => {
    const input = serviceInput(td);
    await createService(t.sdk.ecs, input);
    const err = await failure(createService(t.sdk.ecs, { ...input, desiredCount: 2 }));
    expect(err.name).toBe('InvalidParameterException');
    expect(err.message).toBe('Creation of service was not idempotent.');
  });

  it('re-creating a DRAINING service is not idempotent either', async () => {
    // Its task drains from the target group for the default 300 s, so the service stays DRAINING.
    const { tgArn } = await albTargetGroup(t.sdk.elbv2);
    const input = serviceInput(td, {
      loadBalancers: [{ targetGroupArn: tgArn, containerName: 'web', containerPort: 8080 }],
    });
    await createService(t.sdk.ecs, input);
    await waitSteady(t.sdk.ecs, input.serviceName!);
    await t.sdk.ecs.send(new DeleteServiceCommand({ service: input.serviceName, force: true }));
    const err = await failure(createService(t.sdk.ecs, input));
    expect(err.name).toBe('InvalidParameterException');
    const out = await t.sdk.ecs.send(new DescribeServicesCommand({ services: [input.serviceName!] }));
    expect(out.services![0]!.status).toBe('DRAINING');
  });

  it('a repeat with another clientToken is not idempotent', async () => {
    const input = serviceInput(td, { clientToken: 'token-a' });
    await createService(t.sdk.ecs, input);
    expect((await createService(t.sdk.ecs, input)).serviceName).toBe(input.serviceName);
    const err = await failure(createService(t.sdk.ecs, { ...input, clientToken: 'token-b' }));
    expect(err.name).toBe('InvalidParameterException');
  });

  it('an unknown cluster is ClusterNotFoundException', async () => {
    expect((await failure(create({ cluster: 'nope' }))).name).toBe('ClusterNotFoundException');
  });

  it('launchType and capacityProviderStrategy together are refused', async () => {
    const err = await failure(
      create({ capacityProviderStrategy: [{ capacityProvider: 'FARGATE', weight: 1 }] }),
    );
    expect(err.name).toBe('InvalidParameterException');
  });

  it('a capacity provider strategy runs on Fargate', async () => {
    const s = await create({
      launchType: undefined,
      capacityProviderStrategy: [{ capacityProvider: 'FARGATE', weight: 1 }],
    });
    expect(s.launchType).toBeUndefined();
    expect(s.capacityProviderStrategy).toEqual([{ capacityProvider: 'FARGATE', weight: 1 }]);
  });

  it.each(['LATEST', '1.4.0'])('platformVersion %s is accepted', async (platformVersion) => {
    expect((await create({ platformVersion })).platformVersion).toBe(platformVersion);
  });

  it('an unknown platformVersion is PlatformUnknownException', async () => {
    expect((await failure(create({ platformVersion: '9.9.9' }))).name).toBe('PlatformUnknownException');
  });

  it('taskDefinition may be a bare family (its latest ACTIVE revision)', async () => {
    const family = uniqueName('fam');
    await registerTaskDefinition(t.sdk.ecs, { family });
    const r2 = await registerTaskDefinition(t.sdk.ecs, { family });
    expect((await createService(t.sdk.ecs, serviceInput(family))).taskDefinition).toBe(r2);
  });

  it('an unknown task definition is refused', async () => {
    const err = await failure(createService(t.sdk.ecs, serviceInput('nope:3')));
    expect(err.name).toBe('InvalidParameterException');
  });

  it('desiredCount is required for REPLICA services', async () => {
    expect((await failure(create({ desiredCount: undefined }))).name).toBe('InvalidParameterException');
  });

  it.each([
    ['no network configuration', { networkConfiguration: undefined }],
    ['no subnets', { networkConfiguration: { awsvpcConfiguration: { subnets: [] } } }],
    [
      '17 subnets',
      { networkConfiguration: { awsvpcConfiguration: { subnets: Array(17).fill(SUBNETS[0]) } } },
    ],
    [
      'an unknown subnet',
      { networkConfiguration: { awsvpcConfiguration: { subnets: ['subnet-0000000000000dead'] } } },
    ],
    [
      '6 security groups',
      {
        networkConfiguration: {
          awsvpcConfiguration: { subnets: SUBNETS, securityGroups: Array(6).fill('sg-0c0ffee0000000d01') },
        },
      },
    ],
  ])('awsvpc services need a valid network configuration: %s', async (_case, extra) => {
    expect((await failure(create(extra))).name).toBe('InvalidParameterException');
  });

  it('a target group no load balancer uses is refused with AWS words', async () => {
    const tgArn = await targetGroup(t.sdk.elbv2);
    const err = await failure(
      create({ loadBalancers: [{ targetGroupArn: tgArn, containerName: 'web', containerPort: 8080 }] }),
    );
    expect(err.name).toBe('InvalidParameterException');
    expect(err.message).toBe(
      `The target group with targetGroupArn ${tgArn} does not have an associated load balancer.`,
    );
  });

  it('an instance target group is refused for awsvpc tasks', async () => {
    const { tgArn } = await albTargetGroup(t.sdk.elbv2, { TargetType: 'instance' });
    const err = await failure(
      create({ loadBalancers: [{ targetGroupArn: tgArn, containerName: 'web', containerPort: 8080 }] }),
    );
    expect(err.name).toBe('InvalidParameterException');
  });

  it.each([
    ['an unknown container', { containerName: 'nope', containerPort: 8080 }],
    ['an unknown container port', { containerName: 'web', containerPort: 9999 }],
  ])('load balancers must name a container port of the task definition: %s', async (_case, lb) => {
    const { tgArn } = await albTargetGroup(t.sdk.elbv2);
    const err = await failure(create({ loadBalancers: [{ targetGroupArn: tgArn, ...lb }] }));
    expect(err.name).toBe('InvalidParameterException');
  });

  it('healthCheckGracePeriodSeconds is kept (it covers container health checks too) and must not be negative', async () => {
    expect((await create({ healthCheckGracePeriodSeconds: 30 })).healthCheckGracePeriodSeconds).toBe(30);
    expect((await failure(create({ healthCheckGracePeriodSeconds: -1 }))).name).toBe(
      'InvalidParameterException',
    );
  });

  it('propagateTags SERVICE and enableECSManagedTags tag the tasks', async () => {
    const s = await create({
      propagateTags: 'SERVICE',
      enableECSManagedTags: true,
      tags: [{ key: 'team', value: 'x' }],
    });
    const { ListTasksCommand, DescribeTasksCommand } = await import('@aws-sdk/client-ecs');
    const { waitFor } = await import('./fixture.js');
    const arn = await waitFor('a task', async () => {
      const out = await t.sdk.ecs.send(new ListTasksCommand({ serviceName: s.serviceName }));
      return out.taskArns![0];
    });
    const task = (await t.sdk.ecs.send(new DescribeTasksCommand({ tasks: [arn], include: ['TAGS'] })))
      .tasks![0]!;
    expect(task.tags).toEqual(
      expect.arrayContaining([
        { key: 'team', value: 'x' },
        { key: 'aws:ecs:serviceName', value: s.serviceName },
        { key: 'aws:ecs:clusterName', value: 'default' },
      ]),
    );
  });
});

describe('DescribeServices', () => {
  it('reports missing services as failures and takes at most 10 names', async () => {
    const s = await create();
    const out = await t.sdk.ecs.send(new DescribeServicesCommand({ services: [s.serviceName!, 'ghost'] }));
    expect(out.services!.map((x) => x.serviceName)).toEqual([s.serviceName]);
    expect(out.failures).toEqual([
      { arn: 'arn:aws:ecs:us-east-1:123456789012:service/default/ghost', reason: 'MISSING' },
    ]);
    const err = await failure(
      t.sdk.ecs.send(
        new DescribeServicesCommand({ services: Array.from({ length: 11 }, (_, i) => `s${i}`) }),
      ),
    );
    expect(err.name).toBe('InvalidParameterException');
  });

  it('an unknown cluster is ClusterNotFoundException', async () => {
    const err = await failure(
      t.sdk.ecs.send(new DescribeServicesCommand({ cluster: 'nope', services: ['x'] })),
    );
    expect(err.name).toBe('ClusterNotFoundException');
  });

  it('includes tags only when asked', async () => {
    const s = await create({ tags: [{ key: 'k', value: 'v' }] });
    const plain = await t.sdk.ecs.send(new DescribeServicesCommand({ services: [s.serviceName!] }));
    expect(plain.services![0]!.tags).toBeUndefined();
    const tagged = await t.sdk.ecs.send(
      new DescribeServicesCommand({ services: [s.serviceName!], include: ['TAGS'] }),
    );
    expect(tagged.services![0]!.tags).toEqual([{ key: 'k', value: 'v' }]);
  });
});

describe('UpdateService and DeleteService', () => {
  it('updating a service that never existed is ServiceNotFoundException', async () => {
    const err = await failure(
      t.sdk.ecs.send(new UpdateServiceCommand({ service: 'never', desiredCount: 1 })),
    );
    expect(err.name).toBe('ServiceNotFoundException');
  });

  it('updating a deleted service is ServiceNotActiveException', async () => {
    const s = await create({ desiredCount: 0 });
    await t.sdk.ecs.send(new DeleteServiceCommand({ service: s.serviceName }));
    const err = await failure(
      t.sdk.ecs.send(new UpdateServiceCommand({ service: s.serviceName, desiredCount: 1 })),
    );
    expect(err.name).toBe('ServiceNotActiveException');
  });

  it('a service scaled above 0 is deleted only with force', async () => {
    const s = await create({ desiredCount: 1 });
    const err = await failure(t.sdk.ecs.send(new DeleteServiceCommand({ service: s.serviceName })));
    expect(err.name).toBe('InvalidParameterException');
    const out = await t.sdk.ecs.send(new DeleteServiceCommand({ service: s.serviceName, force: true }));
    expect(out.service!.status).toBe('DRAINING');
  });

  it('loadBalancers: [] removes them and starts a deployment', async () => {
    const { tgArn } = await albTargetGroup(t.sdk.elbv2);
    const s = await create({
      loadBalancers: [{ targetGroupArn: tgArn, containerName: 'web', containerPort: 8080 }],
    });
    const out = await t.sdk.ecs.send(new UpdateServiceCommand({ service: s.serviceName, loadBalancers: [] }));
    expect(out.service!.loadBalancers).toEqual([]);
    expect(out.service!.deployments).toHaveLength(2);
  });
});

describe('ListServices', () => {
  it('pages with maxResults and nextToken, per cluster', async () => {
    const cluster = uniqueName('c');
    await t.sdk.ecs.send(new CreateClusterCommand({ clusterName: cluster }));
    const names = [];
    for (let i = 0; i < 5; i++) names.push((await create({ cluster, desiredCount: 0 })).serviceArn);
    const seen: string[] = [];
    let nextToken: string | undefined;
    let pages = 0;
    do {
      const out = await t.sdk.ecs.send(new ListServicesCommand({ cluster, maxResults: 2, nextToken }));
      seen.push(...out.serviceArns!);
      nextToken = out.nextToken;
      pages++;
    } while (nextToken);
    expect(pages).toBe(3);
    expect(seen).toEqual(names);
    const err = await failure(t.sdk.ecs.send(new ListServicesCommand({ cluster, maxResults: 101 })));
    expect(err.name).toBe('InvalidParameterException');
  });
});
