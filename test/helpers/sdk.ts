/** Real SDK clients pointed at a sandbox endpoint, for checking AWS-side state in tests. */
import { ACMClient } from '@aws-sdk/client-acm';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { EC2Client } from '@aws-sdk/client-ec2';
import { ECSClient } from '@aws-sdk/client-ecs';
import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { IAMClient } from '@aws-sdk/client-iam';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { S3Client } from '@aws-sdk/client-s3';
import { STSClient } from '@aws-sdk/client-sts';

export function sdkClients(endpoint: string, region = 'us-east-1') {
  const config = {
    endpoint,
    region,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    maxAttempts: 1,
  };
  return {
    elbv2: new ElasticLoadBalancingV2Client(config),
    ec2: new EC2Client(config),
    ecs: new ECSClient(config),
    s3: new S3Client({ ...config, forcePathStyle: true }),
    lambda: new LambdaClient(config),
    iam: new IAMClient(config),
    events: new EventBridgeClient(config),
    cloudwatch: new CloudWatchClient(config),
    sts: new STSClient(config),
    acm: new ACMClient(config),
  };
}

export type SdkClients = ReturnType<typeof sdkClients>;
