/** Conformance: ListTasks filters and paging, DescribeTasks shapes and failures, stopped tasks, tags. */

import { DescribeNetworkInterfacesCommand } from '@aws-sdk/client-ec2';
import {
  DescribeTasksCommand,
  ListTagsForResourceCommand,
  ListTasksCommand,
  TagResourceCommand,
  UntagResourceCommand,
} from '@aws-sdk/client-ecs';
import {
  DescribeTargetHealthCommand,
  ModifyTargetGroupAttributesCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { beforeAll, describe, expect, it } from 'vitest';
import { sandboxPerFile } from '../helpers/sandbox.js';
import { failure } from '../helpers/sdk.js';
import {
  albTargetGroup,
  createService,
  registerTaskDefinition,
  serviceInput,
  startEcsSandbox,
  waitFor,
  waitSteady,
} from './fixture.js';

const t = sandboxPerFile(startEcsSandbox);
let serviceName: string;
let family: string;
let taskArns: string[];
beforeAll(async () => {
  family = `tasks-${process.pid}`;
  const td = await registerTaskDefinition(t.sdk.ecs, { family });
  const input = serviceInput(td, { desiredCount: 3 });
  serviceName = input.serviceName!;
  await createService(t.sdk.ecs, input);
  await waitSteady(t.sdk.ecs, serviceName);
  taskArns = (await t.sdk.ecs.send(new ListTasksCommand({ serviceName }))).taskArns!;
});

describe('ListTasks', () => {
  it('filters by service, family and startedBy (the deployment id)', async () => {
    expect(taskArns).toHaveLength(3);
    const byFamily = await t.sdk.ecs.send(new ListTasksCommand({ family }));
    expect(byFamily.taskArns!.sort()).toEqual([...taskArns].sort());
    const task = (await t.sdk.ecs.send(new DescribeTasksCommand({ tasks: [taskArns[0]!] }))).tasks![0]!;
    expect(task.startedBy).toMatch(/^ecs-svc\/\d{19}$/);
    expect(task.group).toBe(`service:${serviceName}`);
    const byStarter = await t.sdk.ecs.send(new ListTasksCommand({ startedBy: task.startedBy }));
    expect(byStarter.taskArns!.sort()).toEqual([...taskArns].sort());
  });

  it('startedBy must be the only filter', async () => {
    const err = await failure(t.sdk.ecs.send(new ListTasksCommand({ startedBy: 'x', family })));
    expect(err.name).toBe('InvalidParameterException');
  });

  it('pages with maxResults 1..100', async () => {
    const first = await t.sdk.ecs.send(new ListTasksCommand({ serviceName, maxResults: 2 }));
    expect(first.taskArns).toHaveLength(2);
    const second = await t.sdk.ecs.send(
      new ListTasksCommand({ serviceName, maxResults: 2, nextToken: first.nextToken }),
    );
    expect(second.taskArns).toHaveLength(1);
    expect(second.nextToken).toBeUndefined();
    expect((await failure(t.sdk.ecs.send(new ListTasksCommand({ maxResults: 0 })))).name).toBe(
      'InvalidParameterException',
    );
  });

  it('an unknown service is ServiceNotFoundException', async () => {
    const err = await failure(t.sdk.ecs.send(new ListTasksCommand({ serviceName: 'ghost' })));
    expect(err.name).toBe('ServiceNotFoundException');
  });
});

describe('DescribeTasks', () => {
  it('describes RUNNING Fargate tasks with their ENI attachment', async () => {
    const out = await t.sdk.ecs.send(new DescribeTasksCommand({ tasks: taskArns }));
    expect(out.failures).toEqual([]);
    for (const task of out.tasks!) {
      expect(task).toMatchObject({
        lastStatus: 'RUNNING',
        desiredStatus: 'RUNNING',
        launchType: 'FARGATE',
        platformVersion: '1.4.0',
        cpu: '256',
        memory: '512',
      });
      const att = task.attachments![0]!;
      expect(att).toMatchObject({ type: 'ElasticNetworkInterface', status: 'ATTACHED' });
      const eniId = att.details!.find((d) => d.name === 'networkInterfaceId')!.value!;
      const eni = (
        await t.sdk.ec2.send(new DescribeNetworkInterfacesCommand({ NetworkInterfaceIds: [eniId] }))
      ).NetworkInterfaces![0]!;
      expect(eni).toMatchObject({
        RequesterManaged: true,
        InterfaceType: 'interface',
        Description: expect.stringContaining(att.id!),
      });
      expect(task.containers![0]!.networkInterfaces![0]!.privateIpv4Address).toBe(eni.PrivateIpAddress);
    }
  });

  it('reports unknown tasks as MISSING and takes at most 100', async () => {
    const out = await t.sdk.ecs.send(
      new DescribeTasksCommand({ tasks: ['0123456789abcdef0123456789abcdef'] }),
    );
    expect(out.failures).toEqual([
      {
        arn: 'arn:aws:ecs:us-east-1:123456789012:task/default/0123456789abcdef0123456789abcdef',
        reason: 'MISSING',
      },
    ]);
    const many = Array.from({ length: 101 }, (_, i) => String(i).padStart(32, '0'));
    expect((await failure(t.sdk.ecs.send(new DescribeTasksCommand({ tasks: many })))).name).toBe(
      'InvalidParameterException',
    );
  });

  it('a stopped task stays describable with its reason, its ENI deleted and its target deregistered', async () => {
    const { tgArn } = await albTargetGroup(t.sdk.elbv2);
    await t.sdk.elbv2.send(
      new ModifyTargetGroupAttributesCommand({
        TargetGroupArn: tgArn,
        Attributes: [{ Key: 'deregistration_delay.timeout_seconds', Value: '0' }],
      }),
    );
    const td = await registerTaskDefinition(t.sdk.ecs);
    const input = serviceInput(td, {
      loadBalancers: [{ targetGroupArn: tgArn, containerName: 'web', containerPort: 8080 }],
    });
    await createService(t.sdk.ecs, input);
    await waitSteady(t.sdk.ecs, input.serviceName!);
    const stopped = await t.control.control<{ taskArn: string }>('ecs', 'stop-task', {
      service: input.serviceName,
      reason: 'Essential container in task exited',
      exitCode: 137,
    });
    const task = await waitFor('STOPPED', async () => {
      const d = (await t.sdk.ecs.send(new DescribeTasksCommand({ tasks: [stopped.taskArn] }))).tasks![0]!;
      return d.lastStatus === 'STOPPED' ? d : undefined;
    });
    expect(task).toMatchObject({
      stopCode: 'EssentialContainerExited',
      stoppedReason: 'Essential container in task exited',
    });
    expect(task.containers![0]).toMatchObject({ lastStatus: 'STOPPED', exitCode: 137 });
    expect(task.stoppedAt).toBeInstanceOf(Date);
    const eniId = task.attachments![0]!.details!.find((d) => d.name === 'networkInterfaceId')!.value!;
    const err = await failure(
      t.sdk.ec2.send(new DescribeNetworkInterfacesCommand({ NetworkInterfaceIds: [eniId] })),
    );
    expect(err.name).toBe('InvalidNetworkInterfaceID.NotFound');
    const ip = task.attachments![0]!.details!.find((d) => d.name === 'privateIPv4Address')!.value!;
    const health = await t.sdk.elbv2.send(new DescribeTargetHealthCommand({ TargetGroupArn: tgArn }));
    expect(health.TargetHealthDescriptions!.map((h) => h.Target!.Id)).not.toContain(ip);
  });
});

describe('tags', () => {
  it('TagResource, ListTagsForResource and UntagResource on a task definition', async () => {
    const arn = await registerTaskDefinition(t.sdk.ecs, { tags: [{ key: 'a', value: '1' }] });
    await t.sdk.ecs.send(
      new TagResourceCommand({
        resourceArn: arn,
        tags: [
          { key: 'b', value: '2' },
          { key: 'a', value: '3' },
        ],
      }),
    );
    const listed = await t.sdk.ecs.send(new ListTagsForResourceCommand({ resourceArn: arn }));
    expect(listed.tags).toEqual([
      { key: 'a', value: '3' },
      { key: 'b', value: '2' },
    ]);
    await t.sdk.ecs.send(new UntagResourceCommand({ resourceArn: arn, tagKeys: ['a'] }));
    expect((await t.sdk.ecs.send(new ListTagsForResourceCommand({ resourceArn: arn }))).tags).toEqual([
      { key: 'b', value: '2' },
    ]);
  });

  it('an unknown resource is ResourceNotFoundException; aws: keys are reserved', async () => {
    const ghost = 'arn:aws:ecs:us-east-1:123456789012:service/default/ghost';
    expect((await failure(t.sdk.ecs.send(new ListTagsForResourceCommand({ resourceArn: ghost })))).name).toBe(
      'ResourceNotFoundException',
    );
    const err = await failure(
      t.sdk.ecs.send(
        new TagResourceCommand({ resourceArn: taskArns[0], tags: [{ key: 'aws:x', value: '1' }] }),
      ),
    );
    expect(err.name).toBe('InvalidParameterException');
  });
});
