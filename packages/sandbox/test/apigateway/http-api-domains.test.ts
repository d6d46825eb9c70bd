/**
 * HTTP APIs (apigatewayv2), custom domains with base path and API mappings, tags, and persistence
 * across a restart, through the unmodified SDK clients.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateBasePathMappingCommand,
  CreateDeploymentCommand,
  CreateDomainNameCommand,
  CreateRestApiCommand,
  DeleteBasePathMappingCommand,
  GetBasePathMappingsCommand,
  GetDomainNameCommand,
  GetRestApiCommand,
  GetTagsCommand,
  PutIntegrationCommand,
  TagResourceCommand,
  UntagResourceCommand,
} from '@aws-sdk/client-api-gateway';
import {
  CreateApiCommand,
  CreateApiMappingCommand,
  CreateIntegrationCommand,
  CreateRouteCommand,
  CreateStageCommand,
  CreateVpcLinkCommand,
  DeleteIntegrationCommand,
  DeleteVpcLinkCommand,
  GetApiMappingsCommand,
  GetDomainNamesCommand,
  GetIntegrationsCommand,
  GetRoutesCommand,
  GetTagsCommand as GetTagsV2,
  GetVpcLinkCommand,
  UpdateIntegrationCommand,
  UpdateRouteCommand,
} from '@aws-sdk/client-apigatewayv2';
import { CreateListenerCommand } from '@aws-sdk/client-elastic-load-balancing-v2';
import { afterAll, describe, expect, it } from 'vitest';
import { SEED_CERTIFICATE_ARN } from '../../src/core/seed-ids.js';
import { createAlb, SUBNETS } from '../elbv2/fixture.js';
import { sandboxPerFile, startTestSandbox } from '../helpers/sandbox.js';
import { failure } from '../helpers/sdk.js';
import { listenerIntegration, proxyResource } from './fixture.js';

const sb = sandboxPerFile(() => startTestSandbox({ settings: { provisionMs: 50 } }));

async function httpsListener() {
  const alb = await createAlb(sb.sdk.elbv2);
  const out = await sb.sdk.elbv2.send(
    new CreateListenerCommand({
      LoadBalancerArn: alb.LoadBalancerArn,
      Protocol: 'HTTPS',
      Port: 443,
      Certificates: [{ CertificateArn: SEED_CERTIFICATE_ARN }],
      DefaultActions: [{ Type: 'fixed-response', FixedResponseConfig: { StatusCode: '404' } }],
    }),
  );
  return { alb, listener: out.Listeners![0]! };
}

describe('HTTP APIs', () => {
  it('lays an API, a v2-link integration to an ALB listener, an ANY route and the $default stage', async () => {
    const { listener } = await httpsListener();
    const link = await sb.sdk.apigwv2.send(new CreateVpcLinkCommand({ Name: 'acc-v2', SubnetIds: SUBNETS }));
    const api = await sb.sdk.apigwv2.send(
      new CreateApiCommand({ Name: 'acc-http', ProtocolType: 'HTTP', Tags: { 'rails:stage': 'acc' } }),
    );
    expect(api.ApiEndpoint).toBe(`https://${api.ApiId}.execute-api.us-east-1.amazonaws.com`);
    const integ = await listenerIntegration(sb, api.ApiId!, link.VpcLinkId!, listener.ListenerArn!);
    expect(integ).toMatchObject({
      ConnectionId: link.VpcLinkId,
      IntegrationUri: listener.ListenerArn,
      TlsConfig: { ServerNameToVerify: 'api.abq.com' },
    });
    const route = await sb.sdk.apigwv2.send(
      new CreateRouteCommand({
        ApiId: api.ApiId,
        RouteKey: 'ANY /p/{proxy+}',
        Target: `integrations/${integ.IntegrationId}`,
      }),
    );
    expect(route.RouteKey).toBe('ANY /p/{proxy+}');
    const stage = await sb.sdk.apigwv2.send(
      new CreateStageCommand({ ApiId: api.ApiId, StageName: '$default', AutoDeploy: true }),
    );
    expect(stage).toMatchObject({ StageName: '$default', AutoDeploy: true });
    expect((await sb.sdk.apigwv2.send(new GetRoutesCommand({ ApiId: api.ApiId }))).Items).toHaveLength(1);
    expect((await sb.sdk.apigwv2.send(new GetIntegrationsCommand({ ApiId: api.ApiId }))).Items).toHaveLength(
      1,
    );
    const busy = await failure(
      sb.sdk.apigwv2.send(
        new DeleteIntegrationCommand({ ApiId: api.ApiId, IntegrationId: integ.IntegrationId }),
      ),
    );
    expect(busy).toMatchObject({ name: 'ConflictException', status: 409 });
    expect(busy.message).toContain(route.RouteId);
    const second = await sb.sdk.apigwv2.send(
      new CreateIntegrationCommand({
        ApiId: api.ApiId,
        IntegrationType: 'HTTP_PROXY',
        IntegrationMethod: 'ANY',
        ConnectionType: 'VPC_LINK',
        ConnectionId: link.VpcLinkId,
        IntegrationUri: listener.ListenerArn,
      }),
    );
    const moved = await sb.sdk.apigwv2.send(
      new UpdateRouteCommand({
        ApiId: api.ApiId,
        RouteId: route.RouteId,
        Target: `integrations/${second.IntegrationId}`,
      }),
    );
    expect(moved.Target).toBe(`integrations/${second.IntegrationId}`);
    const badTarget = await failure(
      sb.sdk.apigwv2.send(
        new UpdateRouteCommand({ ApiId: api.ApiId, RouteId: route.RouteId, Target: 'integrations/nope' }),
      ),
    );
    expect(badTarget.name).toBe('BadRequestException');
    // The integration no route targets any more can go; the route moves back for what follows.
    await sb.sdk.apigwv2.send(
      new UpdateRouteCommand({
        ApiId: api.ApiId,
        RouteId: route.RouteId,
        Target: `integrations/${integ.IntegrationId}`,
      }),
    );
    await sb.sdk.apigwv2.send(
      new DeleteIntegrationCommand({ ApiId: api.ApiId, IntegrationId: second.IntegrationId }),
    );
    const updated = await sb.sdk.apigwv2.send(
      new UpdateIntegrationCommand({
        ApiId: api.ApiId,
        IntegrationId: integ.IntegrationId,
        TimeoutInMillis: 10_000,
      }),
    );
    expect(updated.TimeoutInMillis).toBe(10_000);
    const linkUse = await failure(
      sb.sdk.apigwv2.send(new DeleteVpcLinkCommand({ VpcLinkId: link.VpcLinkId })),
    );
    expect(linkUse.message).toContain(`[ANY:${route.RouteId}] in format of [Method:Resource]`);
    expect(
      (
        await sb.sdk.apigwv2.send(
          new GetTagsV2({ ResourceArn: `arn:aws:apigateway:us-east-1::/apis/${api.ApiId}` }),
        )
      ).Tags,
    ).toEqual({
      'rails:stage': 'acc',
    });
  });

  it('refuses an integration URI that is not an existing listener', async () => {
    const link = await sb.sdk.apigwv2.send(new CreateVpcLinkCommand({ Name: 'acc-v2b', SubnetIds: SUBNETS }));
    const api = await sb.sdk.apigwv2.send(new CreateApiCommand({ Name: 'x', ProtocolType: 'HTTP' }));
    const base = {
      ApiId: api.ApiId,
      IntegrationType: 'HTTP_PROXY' as const,
      IntegrationMethod: 'ANY',
      ConnectionType: 'VPC_LINK' as const,
      ConnectionId: link.VpcLinkId,
      PayloadFormatVersion: '1.0',
    };
    const lb = await failure(
      sb.sdk.apigwv2.send(
        new CreateIntegrationCommand({
          ...base,
          IntegrationUri: 'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/x/1',
        }),
      ),
    );
    expect(lb.name).toBe('BadRequestException');
    const missing = await failure(
      sb.sdk.apigwv2.send(
        new CreateIntegrationCommand({
          ...base,
          IntegrationUri: 'arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/x/1/2',
        }),
      ),
    );
    expect(missing.name).toBe('BadRequestException');
    const noLink = await failure(sb.sdk.apigwv2.send(new GetVpcLinkCommand({ VpcLinkId: 'nope00' })));
    expect(noLink.name).toBe('NotFoundException');
  });
});

describe('custom domains', () => {
  it('needs a certificate in ACM that covers the name', async () => {
    const wrong = await failure(
      sb.sdk.apigw.send(
        new CreateDomainNameCommand({
          domainName: 'api.example.org',
          regionalCertificateArn: SEED_CERTIFICATE_ARN,
          endpointConfiguration: { types: ['REGIONAL'] },
        }),
      ),
    );
    expect(wrong).toMatchObject({ name: 'BadRequestException', status: 400 });
    expect(wrong.message).toContain('does not cover');
    const none = await failure(
      sb.sdk.apigw.send(
        new CreateDomainNameCommand({
          domainName: 'api.abq.com',
          regionalCertificateArn:
            'arn:aws:acm:us-east-1:123456789012:certificate/00000000-0000-4000-8000-00000000dead',
          endpointConfiguration: { types: ['REGIONAL'] },
        }),
      ),
    );
    expect(none.name).toBe('BadRequestException');
  });

  it('maps a base path to a REST stage; the same domain shows the mapping through v2', async () => {
    const api = await sb.sdk.apigw.send(
      new CreateRestApiCommand({ name: 'acc-api', endpointConfiguration: { types: ['REGIONAL'] } }),
    );
    const { resource } = await proxyResource(sb, api.id!, api.rootResourceId!, 'ice-station-zebra');
    await sb.sdk.apigw.send(
      new PutIntegrationCommand({
        restApiId: api.id,
        resourceId: resource.id,
        httpMethod: 'ANY',
        type: 'MOCK',
      }),
    );
    await sb.sdk.apigw.send(new CreateDeploymentCommand({ restApiId: api.id, stageName: 'live' }));
    const domain = await sb.sdk.apigw.send(
      new CreateDomainNameCommand({
        domainName: 'api.abq.com',
        regionalCertificateArn: SEED_CERTIFICATE_ARN,
        endpointConfiguration: { types: ['REGIONAL'] },
        securityPolicy: 'TLS_1_2',
        tags: { 'rails:stage': 'acc' },
      }),
    );
    expect(domain).toMatchObject({
      domainName: 'api.abq.com',
      regionalHostedZoneId: 'Z1UJRXOUMOOFQ8',
      domainNameStatus: 'AVAILABLE',
    });
    expect(domain.regionalDomainName).toMatch(/^d-[a-z0-9]{10}\.execute-api\.us-east-1\.amazonaws\.com$/);
    const again = await failure(
      sb.sdk.apigw.send(
        new CreateDomainNameCommand({
          domainName: 'api.abq.com',
          regionalCertificateArn: SEED_CERTIFICATE_ARN,
          endpointConfiguration: { types: ['REGIONAL'] },
        }),
      ),
    );
    expect(again.name).toBe('ConflictException');
    const badStage = await failure(
      sb.sdk.apigw.send(
        new CreateBasePathMappingCommand({ domainName: 'api.abq.com', restApiId: api.id, stage: 'nope' }),
      ),
    );
    expect(badStage.name).toBe('BadRequestException');
    await sb.sdk.apigw.send(
      new CreateBasePathMappingCommand({ domainName: 'api.abq.com', restApiId: api.id, stage: 'live' }),
    );
    const v1 = await sb.sdk.apigw.send(new GetBasePathMappingsCommand({ domainName: 'api.abq.com' }));
    expect(v1.items).toEqual([{ basePath: '(none)', restApiId: api.id, stage: 'live' }]);
    const v2 = await sb.sdk.apigwv2.send(new GetApiMappingsCommand({ DomainName: 'api.abq.com' }));
    expect(v2.Items).toEqual([expect.objectContaining({ ApiId: api.id, ApiMappingKey: '', Stage: 'live' })]);
    const names = await sb.sdk.apigwv2.send(new GetDomainNamesCommand({}));
    expect(names.Items?.[0]?.DomainNameConfigurations?.[0]).toMatchObject({
      EndpointType: 'REGIONAL',
      CertificateArn: SEED_CERTIFICATE_ARN,
    });
    await sb.sdk.apigw.send(
      new DeleteBasePathMappingCommand({ domainName: 'api.abq.com', basePath: '(none)' }),
    );
    expect(
      (await sb.sdk.apigw.send(new GetBasePathMappingsCommand({ domainName: 'api.abq.com' }))).items,
    ).toEqual([]);
    const arn = 'arn:aws:apigateway:us-east-1::/domainnames/api.abq.com';
    await sb.sdk.apigw.send(new TagResourceCommand({ resourceArn: arn, tags: { extra: '1' } }));
    await sb.sdk.apigw.send(new UntagResourceCommand({ resourceArn: arn, tagKeys: ['rails:stage'] }));
    expect((await sb.sdk.apigw.send(new GetTagsCommand({ resourceArn: arn }))).tags).toEqual({ extra: '1' });
    expect((await sb.sdk.apigw.send(new GetDomainNameCommand({ domainName: 'api.abq.com' }))).tags).toEqual({
      extra: '1',
    });
  });

  it('maps an HTTP API stage through CreateApiMapping', async () => {
    const api = await sb.sdk.apigwv2.send(new CreateApiCommand({ Name: 'm', ProtocolType: 'HTTP' }));
    await sb.sdk.apigwv2.send(
      new CreateStageCommand({ ApiId: api.ApiId, StageName: '$default', AutoDeploy: true }),
    );
    const m = await sb.sdk.apigwv2.send(
      new CreateApiMappingCommand({
        DomainName: 'api.abq.com',
        ApiId: api.ApiId,
        Stage: '$default',
        ApiMappingKey: 'v2',
      }),
    );
    expect(m).toMatchObject({ ApiId: api.ApiId, ApiMappingKey: 'v2', Stage: '$default' });
    const dup = await failure(
      sb.sdk.apigwv2.send(
        new CreateApiMappingCommand({
          DomainName: 'api.abq.com',
          ApiId: api.ApiId,
          Stage: '$default',
          ApiMappingKey: 'v2',
        }),
      ),
    );
    expect(dup.name).toBe('ConflictException');
  });
});

describe('persistence', () => {
  const dir = mkdtempSync(join(tmpdir(), 'apigw-state-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps APIs and links, and their lifecycle, across a restart', async () => {
    const stateFile = join(dir, 'state.json');
    const first = await startTestSandbox({ stateFile, settings: { provisionMs: 50 } });
    const api = await first.sdk.apigw.send(
      new CreateRestApiCommand({ name: 'kept', endpointConfiguration: { types: ['REGIONAL'] } }),
    );
    const link = await first.sdk.apigwv2.send(new CreateVpcLinkCommand({ Name: 'kept', SubnetIds: SUBNETS }));
    await first.stop();
    const second = await startTestSandbox({ stateFile, settings: { provisionMs: 50 } });
    try {
      expect((await second.sdk.apigw.send(new GetRestApiCommand({ restApiId: api.id }))).name).toBe('kept');
      await second.control.advanceClock(3 * 60_000);
      expect(
        (await second.sdk.apigwv2.send(new GetVpcLinkCommand({ VpcLinkId: link.VpcLinkId }))).VpcLinkStatus,
      ).toBe('AVAILABLE');
    } finally {
      await second.stop();
    }
  });
});
