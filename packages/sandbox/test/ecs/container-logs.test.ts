/**
 * Container log configuration as ECS checks it: RegisterTaskDefinition refuses what ECS refuses
 * (unknown drivers, Fargate's drivers, stream prefix and execution role) and echoes the rest; a
 * task whose awslogs group does not exist fails to start, unless awslogs-create-group creates it;
 * the seeded task definition logs to a seeded group with a seeded execution role.
 */
import { DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs';
import {
  DescribeTaskDefinitionCommand,
  DescribeTasksCommand,
  ListTasksCommand,
  type LogConfiguration,
  RegisterTaskDefinitionCommand,
} from '@aws-sdk/client-ecs';
import { GetRoleCommand } from '@aws-sdk/client-iam';
import { describe, expect, it } from 'vitest';
import { sandboxPerFile } from '../helpers/sandbox.js';
import { failure } from '../helpers/sdk.js';
import {
  createService,
  describeService,
  fargateTaskDefinition,
  serviceInput,
  startEcsSandbox,
  uniqueName,
  waitFor,
  waitSteady,
} from './fixture.js';

const t = sandboxPerFile(startEcsSandbox);
const ROLE = 'arn:aws:iam::123456789012:role/ecsTaskExecutionRole';

function awslogs(options: Record<string, string>): LogConfiguration {
  return { logDriver: 'awslogs', options };
}

function register(logConfiguration: LogConfiguration, extra: Record<string, unknown> = {}) {
  return t.sdk.ecs.send(
    new RegisterTaskDefinitionCommand(
      fargateTaskDefinition({
        executionRoleArn: ROLE,
        containerDefinitions: [
          { name: 'web', image: 'nginx:1', portMappings: [{ containerPort: 8080 }], logConfiguration },
        ],
        ...extra,
      }),
    ),
  );
}

/** The service's first stopped task, once there is one. */
function firstStoppedTask(serviceName: string) {
  return waitFor('a task to stop', async () => {
    const arns = (await t.sdk.ecs.send(new ListTasksCommand({ serviceName, desiredStatus: 'STOPPED' })))
      .taskArns!;
    if (!arns.length) return undefined;
    const task = (await t.sdk.ecs.send(new DescribeTasksCommand({ tasks: [arns[0]!] }))).tasks![0]!;
    return task.lastStatus === 'STOPPED' ? task : undefined;
  });
}

async function groupNames(prefix: string): Promise<string[]> {
  const out = await t.sdk.logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: prefix }));
  return (out.logGroups ?? []).map((g) => g.logGroupName!);
}

describe('RegisterTaskDefinition and logConfiguration', () => {
  it('echoes an awslogs configuration back as given', async () => {
    const config = awslogs({
      'awslogs-group': '/ecs/echo',
      'awslogs-region': 'us-east-1',
      'awslogs-stream-prefix': 'ecs',
    });
    const out = await register(config);
    expect(out.taskDefinition!.containerDefinitions![0]!.logConfiguration).toEqual(config);
    const again = await t.sdk.ecs.send(
      new DescribeTaskDefinitionCommand({ taskDefinition: out.taskDefinition!.taskDefinitionArn }),
    );
    expect(again.taskDefinition!.containerDefinitions![0]!.logConfiguration).toEqual(config);
    expect(again.taskDefinition!.requiresAttributes?.map((a) => a.name)).toEqual(
      expect.arrayContaining([
        'com.amazonaws.ecs.capability.logging-driver.awslogs',
        'ecs.capability.execution-role-awslogs',
      ]),
    );
  });

  it('on Fargate, awslogs needs awslogs-stream-prefix', async () => {
    const err = await failure(
      register(awslogs({ 'awslogs-group': '/ecs/x', 'awslogs-region': 'us-east-1' })),
    );
    expect(err.name).toBe('ClientException');
    expect(err.message).toBe(
      'Fargate requires log configuration options to include awslogs-stream-prefix to support log driver awslogs.',
    );
  });

  it('on EC2, awslogs without a stream prefix or an execution role is accepted', async () => {
    const out = await t.sdk.ecs.send(
      new RegisterTaskDefinitionCommand({
        family: uniqueName('ec2'),
        containerDefinitions: [
          {
            name: 'web',
            image: 'nginx:1',
            memory: 128,
            logConfiguration: awslogs({ 'awslogs-group': '/ecs/x', 'awslogs-region': 'us-east-1' }),
          },
        ],
      }),
    );
    expect(out.taskDefinition!.status).toBe('ACTIVE');
  });

  it('an unknown driver is refused, and Fargate refuses the drivers it does not run', async () => {
    const unknown = await failure(register({ logDriver: 'carrier-pigeon' as never }));
    expect(unknown.name).toBe('ClientException');
    expect(unknown.message).toMatch(/Log driver carrier-pigeon is not supported/);
    const fluentd = await failure(register({ logDriver: 'fluentd' }));
    expect(fluentd.name).toBe('ClientException');
    expect(fluentd.message).toMatch(/Fargate does not support log driver fluentd/);
  });

  it('a group name AWS cannot hold is refused', async () => {
    const err = await failure(
      register(
        awslogs({
          'awslogs-group': 'bad group!',
          'awslogs-region': 'us-east-1',
          'awslogs-stream-prefix': 'p',
        }),
      ),
    );
    expect(err.message).toBe("Log driver awslogs option 'awslogs-group' contains invalid characters.");
  });
});

describe('tasks and their log group', () => {
  it('a task logging to a missing group fails to start, with the logger error, and the service says so', async () => {
    const group = `/ecs/${uniqueName('missing')}`;
    const td = (
      await register(
        awslogs({ 'awslogs-group': group, 'awslogs-region': 'us-east-1', 'awslogs-stream-prefix': 'ecs' }),
      )
    ).taskDefinition!.taskDefinitionArn!;
    const input = serviceInput(td, { desiredCount: 1 });
    await createService(t.sdk.ecs, input);
    const stopped = await firstStoppedTask(input.serviceName!);
    expect(stopped.stopCode).toBe('TaskFailedToStart');
    expect(stopped.stoppedReason).toBe(
      'ResourceInitializationError: failed to validate logger args: create stream has been retried 1 times: ' +
        'failed to create Cloudwatch log stream: ResourceNotFoundException: The specified log group does not exist. : exit status 1',
    );
    expect(stopped.startedAt).toBeUndefined();
    const svc = await describeService(t.sdk.ecs, input.serviceName!);
    expect(svc.runningCount).toBe(0);
    expect(svc.events!.map((e) => e.message)).toContain(
      `(service ${input.serviceName}) is unable to consistently start tasks successfully. For more information, see the Troubleshooting section of the Amazon ECS Developer Guide.`,
    );
    expect(await groupNames(group)).toEqual([]);
  });

  it('with awslogs-create-group "true" the group is created and the task runs', async () => {
    const group = `/ecs/${uniqueName('created')}`;
    const td = (
      await register(
        awslogs({
          'awslogs-group': group,
          'awslogs-region': 'us-east-1',
          'awslogs-stream-prefix': 'ecs',
          'awslogs-create-group': 'true',
        }),
      )
    ).taskDefinition!.taskDefinitionArn!;
    expect(await groupNames(group)).toEqual([]);
    const input = serviceInput(td, { desiredCount: 1 });
    await createService(t.sdk.ecs, input);
    const svc = await waitSteady(t.sdk.ecs, input.serviceName!);
    expect(svc.runningCount).toBe(1);
    expect(await groupNames(group)).toEqual([group]);
  });

  it('without awslogs-region the task definition registers, and its tasks fail to start', async () => {
    const td = (
      await t.sdk.ecs.send(
        new RegisterTaskDefinitionCommand(
          fargateTaskDefinition({
            executionRoleArn: ROLE,
            containerDefinitions: [
              {
                name: 'web',
                image: 'nginx:1',
                logConfiguration: awslogs({
                  'awslogs-group': '/ecs/ice-station-zebra',
                  'awslogs-stream-prefix': 'ecs',
                }),
              },
            ],
          }),
        ),
      )
    ).taskDefinition!.taskDefinitionArn!;
    const input = serviceInput(td, { desiredCount: 1 });
    await createService(t.sdk.ecs, input);
    const reason = (await firstStoppedTask(input.serviceName!)).stoppedReason;
    expect(reason).toBe(
      'ResourceInitializationError: failed to validate logger args: unable to get awslogs driver arguments: awslogs-region is required',
    );
  });
});

describe('the seed', () => {
  it('ice-station-zebra logs through awslogs to a seeded group, with a seeded execution role', async () => {
    const { taskDefinition: td } = await t.sdk.ecs.send(
      new DescribeTaskDefinitionCommand({ taskDefinition: 'ice-station-zebra' }),
    );
    expect(td!.executionRoleArn).toBe(ROLE);
    expect(td!.containerDefinitions![0]!.logConfiguration).toEqual(
      awslogs({
        'awslogs-group': '/ecs/ice-station-zebra',
        'awslogs-region': 'us-east-1',
        'awslogs-stream-prefix': 'ecs',
      }),
    );
    expect(await groupNames('/ecs/ice-station-zebra')).toEqual(['/ecs/ice-station-zebra']);
    const { Role: role } = await t.sdk.iam.send(new GetRoleCommand({ RoleName: 'ecsTaskExecutionRole' }));
    expect(role!.Arn).toBe(ROLE);
    const trust = JSON.parse(decodeURIComponent(role!.AssumeRolePolicyDocument!));
    expect(trust.Statement[0].Principal).toEqual({ Service: 'ecs-tasks.amazonaws.com' });
  });

  it('and its tasks start', async () => {
    const input = serviceInput('ice-station-zebra', { desiredCount: 1 });
    await createService(t.sdk.ecs, input);
    const svc = await waitSteady(t.sdk.ecs, input.serviceName!);
    expect(svc.runningCount).toBe(1);
  });
});
