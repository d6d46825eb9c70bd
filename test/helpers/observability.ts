/**
 * What the incident suites set up before the data plane writes anything a reader can find: a task
 * definition whose container logs through awslogs, and a bucket the load balancers' access-log delivery
 * may write to, with the attributes that turn delivery on.
 */
import { RegisterTaskDefinitionCommand } from '@aws-sdk/client-ecs';
import { ModifyLoadBalancerAttributesCommand } from '@aws-sdk/client-elastic-load-balancing-v2';
import { CreateBucketCommand, PutBucketPolicyCommand } from '@aws-sdk/client-s3';
import type { SdkClients } from './sdk.js';

/**
 * A Fargate task definition of `family` whose `app` container listens on 8080 and, with `group`, logs
 * to it through awslogs under the stream prefix `app` (ECS needs an execution role for that).
 */
export function appTaskDefinition(family: string, group?: string): RegisterTaskDefinitionCommand {
  return new RegisterTaskDefinitionCommand({
    family,
    requiresCompatibilities: ['FARGATE'],
    networkMode: 'awsvpc',
    cpu: '256',
    memory: '512',
    executionRoleArn: 'arn:aws:iam::123456789012:role/ecsTaskExecutionRole',
    containerDefinitions: [
      {
        name: 'app',
        image: 'nginx:1',
        essential: true,
        portMappings: [{ containerPort: 8080 }],
        ...(group
          ? {
              logConfiguration: {
                logDriver: 'awslogs' as const,
                options: {
                  'awslogs-group': group,
                  'awslogs-region': 'us-east-1',
                  'awslogs-stream-prefix': 'app',
                },
              },
            }
          : {}),
      },
    ],
  });
}

/**
 * What ELB needs before it logs: the bucket, a policy letting its delivery write (the ALB's service
 * principal, and the log delivery service an NLB's TLS logs go through), the attributes on each load
 * balancer.
 */
export async function enableAccessLogs(
  sdk: SdkClients,
  arns: string[],
  bucket: string,
  prefix?: string,
): Promise<void> {
  await sdk.s3.send(new CreateBucketCommand({ Bucket: bucket }));
  const allow = (service: string, action: string, resource: string) => ({
    Effect: 'Allow',
    Principal: { Service: service },
    Action: action,
    Resource: resource,
  });
  const policy = {
    Version: '2012-10-17',
    Statement: [
      allow('logdelivery.elasticloadbalancing.amazonaws.com', 's3:PutObject', `arn:aws:s3:::${bucket}/*`),
      allow('delivery.logs.amazonaws.com', 's3:PutObject', `arn:aws:s3:::${bucket}/*`),
      allow('delivery.logs.amazonaws.com', 's3:GetBucketAcl', `arn:aws:s3:::${bucket}`),
    ],
  };
  await sdk.s3.send(new PutBucketPolicyCommand({ Bucket: bucket, Policy: JSON.stringify(policy) }));
  for (const arn of arns)
    await sdk.elbv2.send(
      new ModifyLoadBalancerAttributesCommand({
        LoadBalancerArn: arn,
        Attributes: [
          { Key: 'access_logs.s3.enabled', Value: 'true' },
          { Key: 'access_logs.s3.bucket', Value: bucket },
          ...(prefix ? [{ Key: 'access_logs.s3.prefix', Value: prefix }] : []),
        ],
      }),
    );
}
