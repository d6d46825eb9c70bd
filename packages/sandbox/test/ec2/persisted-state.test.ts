/**
 * EC2, IAM and CloudWatch state is plain JSON: what one sandbox wrote to its state file, the next
 * one started on that file serves (groups with rules, roles with policies, metrics with datapoints).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetMetricDataCommand, PutMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import {
  AuthorizeSecurityGroupIngressCommand,
  CreateSecurityGroupCommand,
  DescribeSecurityGroupsCommand,
} from '@aws-sdk/client-ec2';
import { CreateRoleCommand, GetRolePolicyCommand, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { afterAll, expect, it } from 'vitest';
import { SEED_VPC_ID } from '../../src/core/seed-ids.js';
import { findRoleByArn } from '../../src/services/iam/roles.js';
import { startTestSandbox } from '../helpers/sandbox.js';

const dir = mkdtempSync(join(tmpdir(), 'rails-state-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('serves groups, roles and metrics again after a restart on the same state file', async () => {
  const stateFile = join(dir, 'state.json');
  const first = await startTestSandbox({ stateFile });
  const when = new Date(Math.floor(first.sandbox.clock.now() / 60_000) * 60_000 - 120_000);
  let groupId: string;
  let roleArn: string;
  try {
    groupId = (
      await first.sdk.ec2.send(
        new CreateSecurityGroupCommand({ GroupName: 'kept', Description: 'd', VpcId: SEED_VPC_ID }),
      )
    ).GroupId!;
    await first.sdk.ec2.send(
      new AuthorizeSecurityGroupIngressCommand({
        GroupId: groupId,
        IpPermissions: [
          { IpProtocol: 'tcp', FromPort: 80, ToPort: 80, IpRanges: [{ CidrIp: '10.0.0.0/16' }] },
        ],
      }),
    );
    const trust = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' },
      ],
    });
    roleArn = (
      await first.sdk.iam.send(new CreateRoleCommand({ RoleName: 'kept', AssumeRolePolicyDocument: trust }))
    ).Role!.Arn!;
    await first.sdk.iam.send(
      new PutRolePolicyCommand({
        RoleName: 'kept',
        PolicyName: 'p',
        PolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }],
        }),
      }),
    );
    await first.sdk.cloudwatch.send(
      new PutMetricDataCommand({
        Namespace: 'Rails/Kept',
        MetricData: [{ MetricName: 'm', Value: 7, Timestamp: when }],
      }),
    );
  } finally {
    await first.stop();
  }

  const second = await startTestSandbox({ stateFile });
  try {
    const groups = await second.sdk.ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: [groupId] }));
    expect(groups.SecurityGroups![0]!.IpPermissions![0]!.IpRanges).toEqual([{ CidrIp: '10.0.0.0/16' }]);
    expect(findRoleByArn(second.sandbox, roleArn)?.inlinePolicies).toHaveProperty('p');
    const policy = await second.sdk.iam.send(new GetRolePolicyCommand({ RoleName: 'kept', PolicyName: 'p' }));
    expect(policy.PolicyName).toBe('p');
    const data = await second.sdk.cloudwatch.send(
      new GetMetricDataCommand({
        StartTime: new Date(when.getTime() - 60_000),
        EndTime: new Date(when.getTime() + 60_000),
        MetricDataQueries: [
          {
            Id: 'm',
            MetricStat: { Metric: { Namespace: 'Rails/Kept', MetricName: 'm' }, Period: 60, Stat: 'Sum' },
          },
        ],
      }),
    );
    expect(data.MetricDataResults![0]!.Values).toEqual([7]);
  } finally {
    await second.stop();
  }
});
