/** API Gateway REST (v1) conformance through the unmodified SDK: APIs, resources, methods, integrations, deployments, stages. */
import {
  CreateDeploymentCommand,
  CreateResourceCommand,
  CreateRestApiCommand,
  CreateStageCommand,
  DeleteDeploymentCommand,
  DeleteRestApiCommand,
  GetDeploymentCommand,
  GetExportCommand,
  GetIntegrationCommand,
  GetResourcesCommand,
  GetRestApiCommand,
  GetRestApisCommand,
  GetStagesCommand,
  PutIntegrationCommand,
  PutMethodCommand,
  UpdateIntegrationCommand,
  UpdateStageCommand,
} from '@aws-sdk/client-api-gateway';
import { CreateVpcLinkCommand as CreateVpcLinkV2Command } from '@aws-sdk/client-apigatewayv2';
import { describe, expect, it } from 'vitest';
import { createAlb, createNlb } from '../elbv2/fixture.js';
import { sandboxPerFile, startTestSandbox } from '../helpers/sandbox.js';
import { failure } from '../helpers/sdk.js';
import { createV1Link, proxyResource } from './fixture.js';

const sb = sandboxPerFile(() => startTestSandbox({ settings: { provisionMs: 50 } }));

async function newApi(name = 'acc-api') {
  return sb.sdk.apigw.send(
    new CreateRestApiCommand({
      name,
      endpointConfiguration: { types: ['REGIONAL'] },
      tags: { 'rails:stage': 'acc' },
    }),
  );
}

describe('REST APIs', () => {
  it('creates a regional API with a root resource, lists and gets it, and deletes it', async () => {
    const api = await newApi();
    expect(api).toMatchObject({
      name: 'acc-api',
      endpointConfiguration: { types: ['REGIONAL'] },
      tags: { 'rails:stage': 'acc' },
    });
    expect(api.id).toMatch(/^[a-z0-9]{10}$/);
    expect(api.createdDate).toBeInstanceOf(Date);
    const res = await sb.sdk.apigw.send(new GetResourcesCommand({ restApiId: api.id }));
    expect(res.items).toEqual([{ id: api.rootResourceId, path: '/' }]);
    const list = await sb.sdk.apigw.send(new GetRestApisCommand({}));
    expect(list.items?.map((a) => a.id)).toContain(api.id);
    await sb.sdk.apigw.send(new DeleteRestApiCommand({ restApiId: api.id }));
    const gone = await failure(sb.sdk.apigw.send(new GetRestApiCommand({ restApiId: api.id })));
    expect(gone).toMatchObject({ name: 'NotFoundException', status: 404 });
    expect(gone.message).toContain(`Invalid API identifier specified 123456789012:${api.id}`);
  });

  it('applies the path-part rules: siblings conflict, {proxy+} is a leaf, one variable per parent', async () => {
    const api = await newApi();
    const p = await sb.sdk.apigw.send(
      new CreateResourceCommand({ restApiId: api.id, parentId: api.rootResourceId, pathPart: 'p' }),
    );
    expect(p.path).toBe('/p');
    const proxy = await sb.sdk.apigw.send(
      new CreateResourceCommand({ restApiId: api.id, parentId: p.id, pathPart: '{proxy+}' }),
    );
    expect(proxy).toMatchObject({ path: '/p/{proxy+}', parentId: p.id, pathPart: '{proxy+}' });
    const dup = await failure(
      sb.sdk.apigw.send(
        new CreateResourceCommand({ restApiId: api.id, parentId: api.rootResourceId, pathPart: 'p' }),
      ),
    );
    expect(dup).toMatchObject({
      name: 'ConflictException',
      status: 409,
      message: 'Another resource with the same parent already has this name: p',
    });
    const child = await failure(
      sb.sdk.apigw.send(new CreateResourceCommand({ restApiId: api.id, parentId: proxy.id, pathPart: 'x' })),
    );
    expect(child).toMatchObject({ name: 'BadRequestException', status: 400 });
    const second = await failure(
      sb.sdk.apigw.send(new CreateResourceCommand({ restApiId: api.id, parentId: p.id, pathPart: '{id}' })),
    );
    expect(second.message).toContain('already has a variable path part');
    const bad = await failure(
      sb.sdk.apigw.send(new CreateResourceCommand({ restApiId: api.id, parentId: p.id, pathPart: 'a b' })),
    );
    expect(bad.name).toBe('BadRequestException');
  });

  it('puts ANY with a proxy parameter and an HTTP_PROXY integration over a v1 link, embedded in GetResources', async () => {
    const nlb = await createNlb(sb.sdk.elbv2);
    const link = await createV1Link(sb, nlb.LoadBalancerArn!);
    const api = await newApi();
    const { resource } = await proxyResource(sb, api.id!, api.rootResourceId!, 'p');
    const out = await sb.sdk.apigw.send(
      new PutIntegrationCommand({
        restApiId: api.id,
        resourceId: resource.id,
        httpMethod: 'ANY',
        type: 'HTTP_PROXY',
        integrationHttpMethod: 'ANY',
        uri: 'https://api.abq.com/p/{proxy}',
        connectionType: 'VPC_LINK',
        connectionId: link.id,
        requestParameters: { 'integration.request.path.proxy': 'method.request.path.proxy' },
      }),
    );
    expect(out).toMatchObject({
      type: 'HTTP_PROXY',
      httpMethod: 'ANY',
      connectionId: link.id,
      connectionType: 'VPC_LINK',
    });
    const res = await sb.sdk.apigw.send(new GetResourcesCommand({ restApiId: api.id, embed: ['methods'] }));
    const proxy = res.items!.find((r) => r.path === '/p/{proxy+}')!;
    expect(proxy.resourceMethods?.ANY).toMatchObject({
      httpMethod: 'ANY',
      authorizationType: 'NONE',
      requestParameters: { 'method.request.path.proxy': true },
      methodIntegration: { uri: 'https://api.abq.com/p/{proxy}', connectionId: link.id },
    });
    const plain = await sb.sdk.apigw.send(new GetResourcesCommand({ restApiId: api.id }));
    expect(plain.items!.find((r) => r.path === '/p/{proxy+}')!.resourceMethods).toEqual({ ANY: {} });
  });

  it('refuses a v2 link without integrationTarget, and a proxy parameter the method does not declare', async () => {
    const alb = await createAlb(sb.sdk.elbv2);
    const api = await newApi();
    const { resource } = await proxyResource(sb, api.id!, api.rootResourceId!, 'q');
    const v2 = await sb.sdk.apigwv2.send(
      new CreateVpcLinkV2Command({
        Name: 'acc-link-v2',
        SubnetIds: ['subnet-0c0ffee0000000a01', 'subnet-0c0ffee0000000b02'],
      }),
    );
    const base = {
      restApiId: api.id,
      resourceId: resource.id,
      httpMethod: 'ANY',
      type: 'HTTP_PROXY' as const,
      integrationHttpMethod: 'ANY',
      uri: 'https://api.abq.com/q/{proxy}',
      connectionType: 'VPC_LINK' as const,
      connectionId: v2.VpcLinkId,
      requestParameters: { 'integration.request.path.proxy': 'method.request.path.proxy' },
    };
    const missing = await failure(sb.sdk.apigw.send(new PutIntegrationCommand(base)));
    expect(missing).toMatchObject({
      name: 'BadRequestException',
      message: `IntegrationTarget is required for VpcLinkV2 ${v2.VpcLinkId}`,
    });
    const ok = await sb.sdk.apigw.send(
      new PutIntegrationCommand({ ...base, integrationTarget: alb.LoadBalancerArn }),
    );
    expect(ok.integrationTarget).toBe(alb.LoadBalancerArn);
    const undeclared = await failure(
      sb.sdk.apigw.send(
        new PutIntegrationCommand({
          ...base,
          integrationTarget: alb.LoadBalancerArn,
          requestParameters: { 'integration.request.path.x': 'method.request.path.x' },
        }),
      ),
    );
    expect(undeclared.message).toContain(
      'Invalid mapping expression parameter specified: method.request.path.x',
    );
  });

  it('serves the deployment a stage points at: later changes are undeployed until the next deployment', async () => {
    const api = await newApi();
    const { resource } = await proxyResource(sb, api.id!, api.rootResourceId!, 'p');
    const none = await failure(sb.sdk.apigw.send(new CreateDeploymentCommand({ restApiId: api.id })));
    expect(none.message).toBe('No integration defined for method');
    await sb.sdk.apigw.send(
      new PutIntegrationCommand({
        restApiId: api.id,
        resourceId: resource.id,
        httpMethod: 'ANY',
        type: 'MOCK',
      }),
    );
    const d1 = await sb.sdk.apigw.send(
      new CreateDeploymentCommand({ restApiId: api.id, description: 'hash-1' }),
    );
    await sb.sdk.apigw.send(
      new CreateStageCommand({ restApiId: api.id, stageName: 'live', deploymentId: d1.id, tags: { a: 'b' } }),
    );
    const dupStage = await failure(
      sb.sdk.apigw.send(
        new CreateStageCommand({ restApiId: api.id, stageName: 'live', deploymentId: d1.id }),
      ),
    );
    expect(dupStage.name).toBe('ConflictException');
    await sb.sdk.apigw.send(
      new UpdateIntegrationCommand({
        restApiId: api.id,
        resourceId: resource.id,
        httpMethod: 'ANY',
        patchOperations: [{ op: 'replace', path: '/timeoutInMillis', value: '5000' }],
      }),
    );
    const live = await sb.sdk.apigw.send(
      new GetIntegrationCommand({ restApiId: api.id, resourceId: resource.id, httpMethod: 'ANY' }),
    );
    expect(live.timeoutInMillis).toBe(5000);
    const deployed = sb.sandbox.state.apigateway.regions['us-east-1'].restApis[api.id!].deployments[d1.id!];
    expect(deployed.resources[resource.id!].methods.ANY.integration.timeoutInMillis).toBe(29000);
    const d2 = await sb.sdk.apigw.send(
      new CreateDeploymentCommand({ restApiId: api.id, description: 'hash-2' }),
    );
    const busy = await failure(
      sb.sdk.apigw.send(new DeleteDeploymentCommand({ restApiId: api.id, deploymentId: d1.id })),
    );
    expect(busy.message).toBe('Active stages pointing to this deployment must be moved or deleted');
    const moved = await sb.sdk.apigw.send(
      new UpdateStageCommand({
        restApiId: api.id,
        stageName: 'live',
        patchOperations: [{ op: 'replace', path: '/deploymentId', value: d2.id }],
      }),
    );
    expect(moved.deploymentId).toBe(d2.id);
    await sb.sdk.apigw.send(new DeleteDeploymentCommand({ restApiId: api.id, deploymentId: d1.id }));
    const stages = await sb.sdk.apigw.send(new GetStagesCommand({ restApiId: api.id }));
    expect(stages.item).toEqual([
      expect.objectContaining({ stageName: 'live', deploymentId: d2.id, tags: { a: 'b' } }),
    ]);
  });

  it('GetDeployment embed=apisummary: the deployed paths and methods, not the live ones', async () => {
    const api = await newApi();
    const { resource } = await proxyResource(sb, api.id!, api.rootResourceId!, 'p');
    await sb.sdk.apigw.send(
      new PutIntegrationCommand({
        restApiId: api.id,
        resourceId: resource.id,
        httpMethod: 'ANY',
        type: 'MOCK',
      }),
    );
    const d = await sb.sdk.apigw.send(new CreateDeploymentCommand({ restApiId: api.id, stageName: 'live' }));
    // A method added after the deployment is not in its summary.
    await sb.sdk.apigw.send(
      new PutMethodCommand({
        restApiId: api.id,
        resourceId: resource.id,
        httpMethod: 'GET',
        authorizationType: 'NONE',
      }),
    );
    const plain = await sb.sdk.apigw.send(
      new GetDeploymentCommand({ restApiId: api.id, deploymentId: d.id }),
    );
    expect(plain.apiSummary).toBeUndefined();
    const embedded = await sb.sdk.apigw.send(
      new GetDeploymentCommand({ restApiId: api.id, deploymentId: d.id, embed: ['apisummary'] }),
    );
    expect(embedded.apiSummary).toEqual({
      '/p/{proxy+}': { ANY: { authorizationType: 'NONE', apiKeyRequired: false } },
    });
  });

  it('GetExport of a stage: the deployed integrations, not the live ones; an unknown stage is NotFound', async () => {
    const api = await newApi();
    const { resource } = await proxyResource(sb, api.id!, api.rootResourceId!, 'p');
    const put = (uri: string) =>
      sb.sdk.apigw.send(
        new PutIntegrationCommand({
          restApiId: api.id,
          resourceId: resource.id,
          httpMethod: 'ANY',
          type: 'HTTP_PROXY',
          integrationHttpMethod: 'ANY',
          uri,
          requestParameters: { 'integration.request.path.proxy': 'method.request.path.proxy' },
        }),
      );
    await put('https://old.example.com/p/{proxy}');
    await sb.sdk.apigw.send(new CreateDeploymentCommand({ restApiId: api.id, stageName: 'live' }));
    await put('https://new.example.com/p/{proxy}');
    const exportOf = (extensions?: string) =>
      sb.sdk.apigw.send(
        new GetExportCommand({
          restApiId: api.id,
          stageName: 'live',
          exportType: 'oas30',
          accepts: 'application/json',
          ...(extensions ? { parameters: { extensions } } : {}),
        }),
      );
    const doc = JSON.parse(new TextDecoder().decode((await exportOf('integrations')).body));
    expect(doc.openapi).toMatch(/^3\.0/);
    const op = doc.paths['/p/{proxy+}']['x-amazon-apigateway-any-method'];
    expect(op['x-amazon-apigateway-integration']).toMatchObject({
      type: 'http_proxy',
      httpMethod: 'ANY',
      uri: 'https://old.example.com/p/{proxy}',
      requestParameters: { 'integration.request.path.proxy': 'method.request.path.proxy' },
    });
    // Without the extension the document holds no integration.
    const bare = JSON.parse(new TextDecoder().decode((await exportOf()).body));
    expect(
      bare.paths['/p/{proxy+}']['x-amazon-apigateway-any-method']['x-amazon-apigateway-integration'],
    ).toBeUndefined();
    const unknown = await failure(
      sb.sdk.apigw.send(new GetExportCommand({ restApiId: api.id, stageName: 'nope', exportType: 'oas30' })),
    );
    expect(unknown).toMatchObject({ name: 'NotFoundException', status: 404 });
  });

  it('answers an unknown method with NotFoundException', async () => {
    const api = await newApi();
    const err = await failure(
      sb.sdk.apigw.send(
        new PutIntegrationCommand({
          restApiId: api.id,
          resourceId: api.rootResourceId,
          httpMethod: 'GET',
          type: 'MOCK',
        }),
      ),
    );
    expect(err).toMatchObject({
      name: 'NotFoundException',
      status: 404,
      message: 'Invalid Method identifier specified',
    });
    const method = await sb.sdk.apigw.send(
      new PutMethodCommand({
        restApiId: api.id,
        resourceId: api.rootResourceId,
        httpMethod: 'GET',
        authorizationType: 'NONE',
      }),
    );
    expect(method.httpMethod).toBe('GET');
  });
});
