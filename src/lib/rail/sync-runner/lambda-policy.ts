/**
 * The sync Lambda's IAM documents, least privilege: register/deregister on exactly the rail's NLB IP
 * target groups, the state bucket's objects, target health, the ALB's network interfaces only for the
 * eni source, metrics only in rails's namespace, and its own log group.
 */
import { railNames } from '../../common/names.js';

export const LAMBDA_TRUST_POLICY = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
};

export interface PolicyScope {
  targetGroupArns: string[];
  bucket: string;
  source: 'eni' | 'dns';
  functionName: string;
  /** From the target group ARNs: `arn:<partition>:elasticloadbalancing:<region>:<account>:...`. */
  partition: string;
  region: string;
  accountId: string;
}

/** Partition, region and account of an ARN. */
export function arnParts(arn: string): { partition: string; region: string; accountId: string } {
  const [, partition = 'aws', , region = '', accountId = ''] = arn.split(':');
  return { partition, region, accountId };
}

export function lambdaPolicy(s: PolicyScope): Record<string, unknown> {
  const logGroup = `arn:${s.partition}:logs:${s.region}:${s.accountId}:log-group:/aws/lambda/${s.functionName}`;
  const statements: Record<string, unknown>[] = [
    {
      Sid: 'FollowAlbIps',
      Effect: 'Allow',
      Action: ['elasticloadbalancing:RegisterTargets', 'elasticloadbalancing:DeregisterTargets'],
      Resource: [...s.targetGroupArns].sort(),
    },
    // Describe* actions of ELB and EC2 support no resource-level permissions.
    {
      Sid: 'ReadTargetHealth',
      Effect: 'Allow',
      Action: 'elasticloadbalancing:DescribeTargetHealth',
      Resource: '*',
    },
  ];
  if (s.source === 'eni') {
    statements.push({
      Sid: 'ReadAlbInterfaces',
      Effect: 'Allow',
      Action: 'ec2:DescribeNetworkInterfaces',
      Resource: '*',
    });
  }
  statements.push(
    {
      Sid: 'SyncState',
      Effect: 'Allow',
      Action: ['s3:GetObject', 's3:PutObject'],
      Resource: `arn:${s.partition}:s3:::${s.bucket}/*`,
    },
    // Without ListBucket a missing state file reads as 403 instead of 404 (NoSuchKey).
    {
      Sid: 'SyncStateMissingKeys',
      Effect: 'Allow',
      Action: 's3:ListBucket',
      Resource: `arn:${s.partition}:s3:::${s.bucket}`,
    },
    {
      Sid: 'Metrics',
      Effect: 'Allow',
      Action: 'cloudwatch:PutMetricData',
      Resource: '*',
      Condition: { StringEquals: { 'cloudwatch:namespace': railNames.metricsNamespace } },
    },
    { Sid: 'LogGroup', Effect: 'Allow', Action: 'logs:CreateLogGroup', Resource: `${logGroup}:*` },
    {
      Sid: 'LogEvents',
      Effect: 'Allow',
      Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
      Resource: `${logGroup}:log-stream:*`,
    },
  );
  return { Version: '2012-10-17', Statement: statements };
}
