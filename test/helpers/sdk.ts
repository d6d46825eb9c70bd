/** Real SDK clients pointed at a sandbox endpoint, for checking AWS-side state in tests. */
import { ACMClient } from '@aws-sdk/client-acm';
import { APIGatewayClient } from '@aws-sdk/client-api-gateway';
import { ApiGatewayV2Client } from '@aws-sdk/client-apigatewayv2';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
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
    logs: new CloudWatchLogsClient(config),
    sts: new STSClient(config),
    acm: new ACMClient(config),
    apigw: new APIGatewayClient(config),
    apigwv2: new ApiGatewayV2Client(config),
  };
}

export type SdkClients = ReturnType<typeof sdkClients>;

/** The error a call fails with, as the SDK threw it; throws when the call succeeds. */
export async function rejection(call: Promise<unknown>): Promise<any> {
  try {
    await call;
  } catch (err) {
    return err;
  }
  throw new Error('expected the call to fail');
}

/**
 * The SDK error a call fails with: its name, the query-protocol `Code` (undefined for JSON
 * protocols), the HTTP status and the message; throws when the call succeeds.
 */
export async function failure(call: Promise<unknown>) {
  const err = await rejection(call);
  return {
    name: err.name as string,
    code: err.Code as string | undefined,
    status: err.$metadata?.httpStatusCode as number,
    message: err.message as string,
  };
}
