/**
 * The pure parts of container logging: the execution role's policy is scoped to the rail's groups in
 * the role's own partition and account, and where a task definition's container logs is read from
 * its awslogs configuration (what `rails logs` follows), whoever registered it.
 */
import type { TaskDefinition } from '@aws-sdk/client-ecs';
import { describe, expect, it } from 'vitest';
import {
  awslogsConfiguration,
  executionRolePolicy,
  taskLogNames,
  taskLogTarget,
} from '../../../src/lib/common/task-logging.js';

describe('the execution role policy', () => {
  it('allows streams and events only in the stage’s groups, in the role’s partition and account', () => {
    const policy = executionRolePolicy(
      'arn:aws-cn:iam::210987654321:role/prod-rails-task-execution',
      'cn-north-1',
      'prod',
    );
    expect(policy.Statement).toEqual([
      {
        Sid: 'ContainerLogs',
        Effect: 'Allow',
        Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        Resource: 'arn:aws-cn:logs:cn-north-1:210987654321:log-group:/rails/prod/*:log-stream:*',
      },
    ]);
  });

  it('two stages do not share groups: one stage’s prefix is not another’s', () => {
    expect(taskLogNames.group('dev', 'billing').startsWith(taskLogNames.prefix('dev'))).toBe(true);
    expect(taskLogNames.group('dev-2', 'billing').startsWith(taskLogNames.prefix('dev'))).toBe(false);
  });
});

describe('taskLogTarget', () => {
  const td = (containers: TaskDefinition['containerDefinitions']): TaskDefinition => ({
    containerDefinitions: containers,
  });

  it('reads the group, region and prefix rails sets', () => {
    const logConfiguration = awslogsConfiguration('dev', 'billing', 'eu-west-1');
    expect(taskLogTarget(td([{ name: 'web', logConfiguration }]))).toEqual({
      container: 'web',
      group: '/rails/dev/billing',
      region: 'eu-west-1',
      streamPrefix: 'rails',
    });
  });

  it('prefers the named container, else the first logging through awslogs; none without awslogs', () => {
    const a = { logDriver: 'awslogs' as const, options: { 'awslogs-group': '/a' } };
    const b = {
      logDriver: 'awslogs' as const,
      options: { 'awslogs-group': '/b', 'awslogs-stream-prefix': 'ecs' },
    };
    const defs = td([
      { name: 'sidecar', logConfiguration: { logDriver: 'splunk' } },
      { name: 'app', logConfiguration: a },
      { name: 'web', logConfiguration: b },
    ]);
    expect(taskLogTarget(defs, 'web')).toMatchObject({ container: 'web', group: '/b', streamPrefix: 'ecs' });
    expect(taskLogTarget(defs)).toMatchObject({ container: 'app', group: '/a' });
    expect(taskLogTarget(td([{ name: 'x', logConfiguration: { logDriver: 'splunk' } }]))).toBeUndefined();
    expect(taskLogTarget(undefined)).toBeUndefined();
  });
});
