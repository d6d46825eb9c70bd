/**
 * Requests entering at API Gateway (traffic/route): custom domain and execute-api hosts → mapping →
 * stage → the deployed resource or HTTP API route → integration → VPC link → the NLB (v1) or the ALB
 * (v2) → the rail's ALB rules and tasks. Unmatched paths, undeployed changes, links not AVAILABLE.
 */
import {
  CreateBasePathMappingCommand,
  CreateDeploymentCommand,
  CreateDomainNameCommand,
  CreateResourceCommand,
  CreateRestApiCommand,
  PutIntegrationCommand,
  PutMethodCommand,
} from '@aws-sdk/client-api-gateway';
import {
  CreateApiCommand,
  CreateRouteCommand,
  CreateStageCommand,
  CreateVpcLinkCommand as CreateV2Link,
  GetApisCommand,
  GetVpcLinkCommand as GetV2Link,
} from '@aws-sdk/client-apigatewayv2';
import { GetMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import {
  DescribeListenersCommand,
  DescribeLoadBalancersCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { SEED_CERTIFICATE_ARN, SEED_SUBNETS } from '../../src/core/seed-ids.js';
import { buildRoutingTable } from '../../src/dataplane/route/index.js';
import { requestFromUrl } from '../../src/dataplane/route/parse-request.js';
import { seededRandom } from '../../src/dataplane/route/seeded-random.js';
import { advanceSignals, recordOutcomes } from '../../src/dataplane/signals/index.js';
import { layRouteRail, type RouteRail } from '../dataplane/route/route-fixture.js';
import { sandboxPerFile, startTestSandbox } from '../helpers/sandbox.js';
import { createV1Link, listenerIntegration, proxyResource } from './fixture.js';

vi.setConfig({ testTimeout: 30_000, hookTimeout: 60_000 });

const sb = sandboxPerFile(() =>
  startTestSandbox({ settings: { provisionMs: 20, healthCheckMs: 60, taskStepMs: 20 }, tickIntervalMs: 20 }),
);
const MINUTE = 60_000;
const SUBNETS = SEED_SUBNETS.map((s) => s.subnetId);
let rail: RouteRail;
let restApi: { id: string; root: string };
let linkId: string;

beforeAll(async () => {
  rail = await layRouteRail(sb, 'ag');
  const api = await sb.sdk.apigw.send(
    new CreateRestApiCommand({ name: 'ag-api', endpointConfiguration: { types: ['REGIONAL'] } }),
  );
  restApi = { id: api.id!, root: api.rootResourceId! };
  const link = await createV1Link(sb, rail.nlbArn);
  linkId = link.id!;
  const { resource } = await proxyResource(sb, restApi.id, restApi.root, 'orders');
  await sb.sdk.apigw.send(
    new PutIntegrationCommand({
      restApiId: restApi.id,
      resourceId: resource.id,
      httpMethod: 'ANY',
      type: 'HTTP_PROXY',
      integrationHttpMethod: 'ANY',
      uri: 'https://api.abq.com/orders/{proxy}',
      connectionType: 'VPC_LINK',
      connectionId: linkId,
      requestParameters: { 'integration.request.path.proxy': 'method.request.path.proxy' },
    }),
  );
  await sb.sdk.apigw.send(new CreateDeploymentCommand({ restApiId: restApi.id, stageName: 'live' }));
  await sb.sdk.apigw.send(
    new CreateDomainNameCommand({
      domainName: 'api.abq.com',
      regionalCertificateArn: SEED_CERTIFICATE_ARN,
      endpointConfiguration: { types: ['REGIONAL'] },
    }),
  );
  await sb.sdk.apigw.send(
    new CreateBasePathMappingCommand({ domainName: 'api.abq.com', restApiId: restApi.id, stage: 'live' }),
  );
});

describe('REST API over a v1 link → NLB → ALB', () => {
  it('fails with 500 while the link is PENDING, then reaches the task through the NLB and the ALB', async () => {
    const pending = await sb.control.route('https://api.abq.com/orders/v1/x', { seed: 1 });
    expect(pending).toMatchObject({ entry: 'apigateway', client: { kind: 'response', status: 500 } });
    expect(pending.apigw).toMatchObject({
      vpcLinkStatus: 'PENDING',
      message: 'Internal server error',
      vpcLinkVersion: 'V1',
    });
    await sb.control.advanceClock(2 * MINUTE);
    const out = await sb.control.route('https://api.abq.com/orders/v1/x', { seed: 1 });
    expect(out.client).toEqual({ kind: 'response', status: 200 });
    expect(out.apigw).toMatchObject({
      kind: 'rest',
      apiId: restApi.id,
      stage: 'live',
      domainName: 'api.abq.com',
      basePath: '',
      resourcePath: '/orders/{proxy+}',
      method: 'ANY',
      integrationUri: 'https://api.abq.com/orders/v1/x',
      vpcLinkId: linkId,
      vpcLinkStatus: 'AVAILABLE',
      targetArn: rail.nlbArn,
      status: 200,
    });
    expect(out.apigw!.clientRequest.host).toBe('api.abq.com');
    expect(out.nlb?.loadBalancerArn).toBe(rail.nlbArn);
    expect(out.alb?.loadBalancerArn).toBe(rail.albArn);
    expect(out.alb?.target?.serviceName).toBeDefined();
    expect(out.apigw!.integrationLatencyMs).toBeGreaterThan(0);
    expect(out.apigw!.latencyMs).toBeGreaterThan(out.apigw!.integrationLatencyMs!);
  });

  it('answers an unmatched path 403 Missing Authentication Token, without reaching the NLB', async () => {
    const out = await sb.control.route('https://api.abq.com/nothing/here', { seed: 2 });
    expect(out.client).toEqual({ kind: 'response', status: 403 });
    expect(out.apigw?.message).toBe('Missing Authentication Token');
    expect(out.nlb).toBeUndefined();
    const bare = await sb.control.route('https://api.abq.com/orders', { seed: 2 });
    expect(bare.client).toEqual({ kind: 'response', status: 403 });
  });

  it('serves the deployed snapshot: a resource added since answers 403 until the API is deployed', async () => {
    const { resource } = await proxyResource(sb, restApi.id, restApi.root, 'billing');
    await sb.sdk.apigw.send(
      new PutIntegrationCommand({
        restApiId: restApi.id,
        resourceId: resource.id,
        httpMethod: 'ANY',
        type: 'HTTP_PROXY',
        integrationHttpMethod: 'ANY',
        uri: 'https://api.abq.com/billing/{proxy}',
        connectionType: 'VPC_LINK',
        connectionId: linkId,
        requestParameters: { 'integration.request.path.proxy': 'method.request.path.proxy' },
      }),
    );
    const before = await sb.control.route('https://api.abq.com/billing/v1/x', { seed: 3 });
    expect(before.client).toEqual({ kind: 'response', status: 403 });
    await sb.sdk.apigw.send(new CreateDeploymentCommand({ restApiId: restApi.id, stageName: 'live' }));
    const after = await sb.control.route('https://api.abq.com/billing/v1/x', { seed: 3 });
    expect(after.apigw?.resourcePath).toBe('/billing/{proxy+}');
    expect(after.alb?.matchedRulePriority).toBe(20);
  });

  it('takes the stage from the path on the execute-api host', async () => {
    const host = `${restApi.id}.execute-api.us-east-1.amazonaws.com`;
    const out = await sb.control.route(`https://${host}/live/orders/v1/x`, { seed: 4 });
    expect(out.client).toEqual({ kind: 'response', status: 200 });
    expect(out.apigw).toMatchObject({ stage: 'live', resourcePath: '/orders/{proxy+}' });
    const noStage = await sb.control.route(`https://${host}/staging/orders/v1/x`, { seed: 4 });
    expect(noStage.client).toEqual({ kind: 'response', status: 403 });
    expect(noStage.apigw?.message).toBe('Forbidden');
  });

  it('defines GET beside ANY: GET uses its own method, POST still ANY', async () => {
    const parent = await sb.sdk.apigw.send(
      new CreateResourceCommand({ restApiId: restApi.id, parentId: restApi.root, pathPart: 'mock' }),
    );
    for (const httpMethod of ['GET', 'ANY']) {
      await sb.sdk.apigw.send(
        new PutMethodCommand({
          restApiId: restApi.id,
          resourceId: parent.id,
          httpMethod,
          authorizationType: 'NONE',
        }),
      );
      await sb.sdk.apigw.send(
        new PutIntegrationCommand({ restApiId: restApi.id, resourceId: parent.id, httpMethod, type: 'MOCK' }),
      );
    }
    await sb.sdk.apigw.send(new CreateDeploymentCommand({ restApiId: restApi.id, stageName: 'live' }));
    expect((await sb.control.route('https://api.abq.com/mock', { method: 'GET' })).apigw?.method).toBe('GET');
    expect((await sb.control.route('https://api.abq.com/mock', { method: 'POST' })).apigw?.method).toBe(
      'ANY',
    );
  });
});

describe('VPC link v2', () => {
  it('REST over a v2 link reaches the ALB directly; after 60 idle days the first request fails', async () => {
    const link = await sb.sdk.apigwv2.send(new CreateV2Link({ Name: 'ag-v2', SubnetIds: SUBNETS }));
    const api = await sb.sdk.apigw.send(
      new CreateRestApiCommand({ name: 'ag-v2-api', endpointConfiguration: { types: ['REGIONAL'] } }),
    );
    const { resource } = await proxyResource(sb, api.id!, api.rootResourceId!, 'orders');
    await sb.sdk.apigw.send(
      new PutIntegrationCommand({
        restApiId: api.id,
        resourceId: resource.id,
        httpMethod: 'ANY',
        type: 'HTTP_PROXY',
        integrationHttpMethod: 'ANY',
        uri: 'https://api.abq.com/orders/{proxy}',
        connectionType: 'VPC_LINK',
        connectionId: link.VpcLinkId,
        integrationTarget: rail.albArn,
        requestParameters: { 'integration.request.path.proxy': 'method.request.path.proxy' },
      }),
    );
    await sb.sdk.apigw.send(new CreateDeploymentCommand({ restApiId: api.id, stageName: 'live' }));
    await sb.control.advanceClock(2 * MINUTE);
    const url = `https://${api.id}.execute-api.us-east-1.amazonaws.com/live/orders/v1/x`;
    const out = await sb.control.route(url, { seed: 5 });
    expect(out.client).toEqual({ kind: 'response', status: 200 });
    expect(out.apigw).toMatchObject({ vpcLinkVersion: 'V2', targetArn: rail.albArn });
    expect(out.nlb).toBeUndefined();
    expect(out.alb?.loadBalancerArn).toBe(rail.albArn);
    await sb.control.advanceClock(61 * 24 * 60 * MINUTE);
    expect((await sb.sdk.apigwv2.send(new GetV2Link({ VpcLinkId: link.VpcLinkId }))).VpcLinkStatus).toBe(
      'INACTIVE',
    );
    const first = await sb.control.route(url, { seed: 5 });
    expect(first.client).toEqual({ kind: 'response', status: 500 });
    expect(first.apigw?.vpcLinkStatus).toBe('INACTIVE');
    expect((await sb.sdk.apigwv2.send(new GetV2Link({ VpcLinkId: link.VpcLinkId }))).VpcLinkStatus).toBe(
      'PENDING',
    );
    await sb.control.advanceClock(2 * MINUTE);
    expect((await sb.control.route(url, { seed: 5 })).client).toEqual({ kind: 'response', status: 200 });
  });

  it('an HTTP API route reaches the ALB listener its integration names; no route is 404', async () => {
    const link = await sb.sdk.apigwv2.send(new CreateV2Link({ Name: 'ag-http', SubnetIds: SUBNETS }));
    const listeners = await sb.sdk.elbv2.send(new DescribeListenersCommand({ LoadBalancerArn: rail.albArn }));
    const https = listeners.Listeners!.find((l) => l.Port === 443)!;
    const api = await sb.sdk.apigwv2.send(new CreateApiCommand({ Name: 'ag-http', ProtocolType: 'HTTP' }));
    /** A route to the :443 listener over the link, with these parameter mappings. */
    const routeTo = async (routeKey: string, RequestParameters?: Record<string, string>) => {
      const integ = await listenerIntegration(
        sb,
        api.ApiId!,
        link.VpcLinkId!,
        https.ListenerArn!,
        RequestParameters,
      );
      await sb.sdk.apigwv2.send(
        new CreateRouteCommand({
          ApiId: api.ApiId,
          RouteKey: routeKey,
          Target: `integrations/${integ.IntegrationId}`,
        }),
      );
    };
    await routeTo('ANY /orders/{proxy+}', { 'overwrite:header.host': 'api.abq.com' });
    // The same listener without a Host mapping: ServerNameToVerify is only the TLS name.
    await routeTo('ANY /plain/{proxy+}');
    await sb.sdk.apigwv2.send(
      new CreateStageCommand({ ApiId: api.ApiId, StageName: '$default', AutoDeploy: true }),
    );
    await sb.control.advanceClock(2 * MINUTE);
    const host = `${api.ApiId}.execute-api.us-east-1.amazonaws.com`;
    const out = await sb.control.route(`https://${host}/orders/v1/x`, { seed: 6 });
    expect(out.client).toEqual({ kind: 'response', status: 200 });
    expect(out.apigw).toMatchObject({
      kind: 'http',
      routeKey: 'ANY /orders/{proxy+}',
      targetArn: rail.albArn,
    });
    expect(out.request.host).toBe('api.abq.com');
    const unmapped = await sb.control.route(`https://${host}/plain/x`, { seed: 6 });
    const { LoadBalancers } = await sb.sdk.elbv2.send(
      new DescribeLoadBalancersCommand({ LoadBalancerArns: [rail.albArn] }),
    );
    expect(unmapped.request.host).toBe(LoadBalancers![0]!.DNSName!.toLowerCase());
    const none = await sb.control.route(`https://${host}/elsewhere`, { seed: 6 });
    expect(none.client).toEqual({ kind: 'response', status: 404 });
    expect(none.apigw?.message).toBe('Not Found');
  });
});

describe('AWS/ApiGateway metrics', () => {
  /** One minute's Sum of `MetricName` with these dimensions, from `t0`. */
  async function minuteSum(t0: number, MetricName: string, dims: Record<string, string>) {
    const out = await sb.sdk.cloudwatch.send(
      new GetMetricDataCommand({
        MetricDataQueries: [
          {
            Id: 'q',
            MetricStat: {
              Metric: {
                Namespace: 'AWS/ApiGateway',
                MetricName,
                Dimensions: Object.entries(dims).map(([Name, Value]) => ({ Name, Value })),
              },
              Period: 60,
              Stat: 'Sum',
            },
          },
        ],
        StartTime: new Date(t0),
        EndTime: new Date(t0 + 60_000),
      }),
    );
    return out.MetricDataResults![0]!.Values;
  }

  it('HTTP APIs publish Count, 4xx and 5xx (lower case) by ApiId and Stage', async () => {
    const api = ((await sb.sdk.apigwv2.send(new GetApisCommand({}))).Items ?? []).find(
      (a) => a.Name === 'ag-http',
    )!;
    const t0 = Math.ceil(sb.sandbox.clock.now() / 60_000) * 60_000 + 60_000;
    const table = buildRoutingTable(sb.sandbox, []);
    const host = `${api.ApiId}.execute-api.us-east-1.amazonaws.com`;
    const outcomes = [`https://${host}/orders/v1/x`, `https://${host}/elsewhere`].map((url, i) =>
      table.route(
        requestFromUrl(url, { at: t0 + 1000 * i, clientIp: '10.0.9.9', clientPort: 51000 + i }),
        seededRandom(3),
      ),
    );
    expect(outcomes.map((o) => o.client)).toEqual([
      { kind: 'response', status: 200 },
      { kind: 'response', status: 404 },
    ]);
    recordOutcomes(sb.sandbox, outcomes);
    advanceSignals(sb.sandbox, t0, t0 + 60_000);
    const dims = { ApiId: api.ApiId!, Stage: '$default' };
    expect(await minuteSum(t0, 'Count', dims)).toEqual([2]);
    expect(await minuteSum(t0, '4xx', dims)).toEqual([1]);
    expect(await minuteSum(t0, '5xx', dims)).toEqual([0]);
    expect(await minuteSum(t0, '4XXError', dims)).toEqual([]);
  });

  it('publishes Count, 4XXError, 5XXError and Latency by ApiName and Stage once the minute ends', async () => {
    const t0 = Math.ceil(sb.sandbox.clock.now() / 60_000) * 60_000 + 60_000;
    const table = buildRoutingTable(sb.sandbox, []);
    const random = seededRandom(9);
    const urls = [
      ...Array.from({ length: 4 }, () => 'https://api.abq.com/orders/v1/x'),
      'https://api.abq.com/nothing',
      'https://api.abq.com/nothing/either',
    ];
    const outcomes = urls.map((url, i) =>
      table.route(
        requestFromUrl(url, { at: t0 + 1000 * i, clientIp: '10.0.9.9', clientPort: 50000 + i }),
        random,
      ),
    );
    expect(outcomes.map((o) => o.client)).toEqual([
      ...Array.from({ length: 4 }, () => ({ kind: 'response', status: 200 })),
      { kind: 'response', status: 403 },
      { kind: 'response', status: 403 },
    ]);
    recordOutcomes(sb.sandbox, outcomes);
    advanceSignals(sb.sandbox, t0, t0 + 60_000);
    const metric = async (MetricName: string, Stat = 'Sum') => {
      const out = await sb.sdk.cloudwatch.send(
        new GetMetricDataCommand({
          MetricDataQueries: [
            {
              Id: 'q',
              MetricStat: {
                Metric: {
                  Namespace: 'AWS/ApiGateway',
                  MetricName,
                  Dimensions: [
                    { Name: 'ApiName', Value: 'ag-api' },
                    { Name: 'Stage', Value: 'live' },
                  ],
                },
                Period: 60,
                Stat,
              },
            },
          ],
          StartTime: new Date(t0),
          EndTime: new Date(t0 + 60_000),
        }),
      );
      return out.MetricDataResults![0]!.Values;
    };
    expect(await metric('Count')).toEqual([6]);
    expect(await metric('4XXError')).toEqual([2]);
    expect(await metric('5XXError')).toEqual([0]);
    const [latency] = (await metric('Latency', 'Maximum'))!;
    const [integration] = (await metric('IntegrationLatency', 'Maximum'))!;
    expect(latency).toBeGreaterThan(integration!);
  });
});
