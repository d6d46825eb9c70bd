/**
 * The one place that builds AWS SDK clients. Region, profile, endpoint, retry mode and user agent are
 * applied here and nowhere else; each client is created lazily, once per process, and its SDK module
 * is imported only when first used. Credentials come from the SDK's standard provider chain.
 */
import type { ACMClient } from '@aws-sdk/client-acm';
import type { APIGatewayClient } from '@aws-sdk/client-api-gateway';
import type { ApiGatewayV2Client } from '@aws-sdk/client-apigatewayv2';
import type { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import type { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import type { EC2Client } from '@aws-sdk/client-ec2';
import type { ECSClient } from '@aws-sdk/client-ecs';
import type { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import type { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import type { IAMClient } from '@aws-sdk/client-iam';
import type { LambdaClient } from '@aws-sdk/client-lambda';
import type { ResourceGroupsTaggingAPIClient } from '@aws-sdk/client-resource-groups-tagging-api';
import type { S3Client } from '@aws-sdk/client-s3';
import type { STSClient } from '@aws-sdk/client-sts';
import { callLogMiddleware, RoundMeter } from './call-log.js';

// The SDK's notice about future Node.js versions is for developers, not for a CLI's users.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

export interface AwsClientSettings {
  region: string;
  profile?: string;
  /** One endpoint for every service (the SDK's AWS_ENDPOINT_URL[_<SERVICE>] variables work too). */
  endpoint?: string;
  /** Static credentials (the embedded sandbox); otherwise the SDK's default chain. */
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  /**
   * Receives one line per AWS call (service, operation, start offset, round, duration, outcome): the CLI shows them under
   * --verbose. Without it nothing is logged.
   */
  callLog?: (line: string) => void;
  /** Attempts per call including the first (adaptive retry mode). */
  maxAttempts?: number;
  userAgent: string;
  /** The embedded sandbox's DNS server, when running under --sandbox. */
  sandboxDns?: { host: string; port: number };
}

type AnyClient = { middlewareStack: { add: (...a: any[]) => void }; destroy(): void };

export class AwsClients {
  private readonly made = new Map<string, Promise<AnyClient>>();
  /** Every call of every client: its round (call-log.ts); --verbose prints the totals at the end. */
  readonly meter = new RoundMeter();

  constructor(readonly settings: AwsClientSettings) {}

  private commonConfig(): Record<string, unknown> {
    const s = this.settings;
    return {
      region: s.region,
      ...(s.profile ? { profile: s.profile } : {}),
      ...(s.endpoint ? { endpoint: s.endpoint } : {}),
      ...(s.credentials ? { credentials: s.credentials } : {}),
      retryMode: 'adaptive',
      maxAttempts: s.maxAttempts ?? 6,
      // Each command class's middleware chain is resolved once per client, not at every call: the
      // stack is complete before the first call (the call log is added at creation) and no call
      // passes per-call options, which would bypass the cache.
      cacheMiddleware: true,
      customUserAgent: s.userAgent,
    };
  }

  private client<T>(key: string, make: (config: Record<string, unknown>) => Promise<AnyClient>): Promise<T> {
    let p = this.made.get(key);
    if (!p) {
      p = make(this.commonConfig()).then((client) => {
        client.middlewareStack.add(
          callLogMiddleware(key, this.settings.callLog, this.settings.endpoint, this.meter),
          {
            step: 'initialize',
            name: 'railsCallLog',
          },
        );
        return client;
      });
      this.made.set(key, p);
    }
    return p as Promise<T>;
  }

  elbv2(): Promise<ElasticLoadBalancingV2Client> {
    return this.client(
      'elbv2',
      async (c) => new (await import('./sdk/elbv2.js')).ElasticLoadBalancingV2Client(c),
    );
  }
  ec2(): Promise<EC2Client> {
    return this.client('ec2', async (c) => new (await import('./sdk/ec2.js')).EC2Client(c));
  }
  ecs(): Promise<ECSClient> {
    return this.client('ecs', async (c) => new (await import('./sdk/ecs.js')).ECSClient(c));
  }
  s3(): Promise<S3Client> {
    // Path-style addressing when an endpoint is set: `bucket.localhost` does not resolve on loopback.
    const forcePathStyle = Boolean(
      this.settings.endpoint ?? process.env.AWS_ENDPOINT_URL_S3 ?? process.env.AWS_ENDPOINT_URL,
    );
    return this.client(
      's3',
      async (c) => new (await import('./sdk/s3.js')).S3Client({ ...c, forcePathStyle }),
    );
  }
  lambda(): Promise<LambdaClient> {
    return this.client('lambda', async (c) => new (await import('./sdk/lambda.js')).LambdaClient(c));
  }
  iam(): Promise<IAMClient> {
    return this.client('iam', async (c) => new (await import('./sdk/iam.js')).IAMClient(c));
  }
  events(): Promise<EventBridgeClient> {
    return this.client('events', async (c) => new (await import('./sdk/events.js')).EventBridgeClient(c));
  }
  cloudwatch(): Promise<CloudWatchClient> {
    return this.client(
      'cloudwatch',
      async (c) => new (await import('./sdk/cloudwatch.js')).CloudWatchClient(c),
    );
  }
  logs(): Promise<CloudWatchLogsClient> {
    return this.client('logs', async (c) => new (await import('./sdk/logs.js')).CloudWatchLogsClient(c));
  }
  sts(): Promise<STSClient> {
    return this.client('sts', async (c) => new (await import('./sdk/sts.js')).STSClient(c));
  }
  acm(): Promise<ACMClient> {
    return this.client('acm', async (c) => new (await import('./sdk/acm.js')).ACMClient(c));
  }
  /** API Gateway REST APIs and their VPC links v1 (`apigateway`). */
  apigateway(): Promise<APIGatewayClient> {
    return this.client(
      'apigateway',
      async (c) => new (await import('./sdk/apigateway.js')).APIGatewayClient(c),
    );
  }
  /** HTTP APIs and VPC links v2 (`apigatewayv2`). */
  apigatewayv2(): Promise<ApiGatewayV2Client> {
    return this.client(
      'apigatewayv2',
      async (c) => new (await import('./sdk/apigatewayv2.js')).ApiGatewayV2Client(c),
    );
  }
  tagging(): Promise<ResourceGroupsTaggingAPIClient> {
    return this.client(
      'tagging',
      async (c) => new (await import('./sdk/tagging.js')).ResourceGroupsTaggingAPIClient(c),
    );
  }

  /** Closes every client's sockets so the process can exit promptly. */
  async destroy(): Promise<void> {
    for (const p of this.made.values()) (await p).destroy();
    this.made.clear();
  }
}
