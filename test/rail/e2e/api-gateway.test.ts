/**
 * The front door laid by `up` against the sandbox's apigateway and apigatewayv2: a REST API over a
 * VPC link v1 to the NLB, the move to a v2 link straight to the ALB (with `staticIps: none`), an HTTP
 * API, a second `up` that makes no mutating call after each, and `down` leaving nothing.
 */
import {
  GetBasePathMappingsCommand,
  GetDeploymentCommand,
  GetDomainNameCommand,
  GetIntegrationCommand,
  GetResourcesCommand,
  GetRestApisCommand,
  GetStageCommand,
  GetVpcLinksCommand,
} from '@aws-sdk/client-api-gateway';
import {
  GetApiMappingsCommand,
  GetApisCommand,
  GetIntegrationsCommand,
  GetRoutesCommand,
  GetStagesCommand,
  GetVpcLinksCommand as GetVpcLinksV2Command,
} from '@aws-sdk/client-apigatewayv2';
import { DescribeSecurityGroupsCommand } from '@aws-sdk/client-ec2';
import { DescribeLoadBalancersCommand } from '@aws-sdk/client-elastic-load-balancing-v2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSandbox, type TestSandbox } from '../../helpers/sandbox.js';
import { exampleRail, FRONT_DOOR, mutatingCalls, railDir, rails, writeRail } from '../helpers.js';

let sb: TestSandbox;
let rest: TestSandbox['sdk']['apigw'];
let v2: TestSandbox['sdk']['apigwv2'];

beforeAll(async () => {
  sb = await startTestSandbox({ settings: FRONT_DOOR });
  rest = sb.sdk.apigw;
  v2 = sb.sdk.apigwv2;
});
afterAll(() => sb?.stop());

async function up(dir: string) {
  const r = await rails(sb, dir, ['up']);
  expect(r.code, `${r.stdout}\n${r.stderr}`).toBe(0);
  return r;
}

/** A second `up` converges to nothing: not one mutating call. */
async function expectSecondUpIdle(dir: string) {
  await sb.resetRequests();
  const r = await up(dir);
  expect(await mutatingCalls(sb)).toEqual([]);
  expect(r.stdout).not.toMatch(/\+ create|~ update|- delete/);
}

/** One request through the sandbox's data plane, entering at the custom domain. */
async function through(url = 'https://api.abq.com/ice-station-zebra/hello') {
  return sb.control.route(url, { seed: 7 });
}

async function ourRestApi(name: string) {
  const { items } = await rest.send(new GetRestApisCommand({ limit: 500 }));
  return (items ?? []).filter((a) => a.name === name);
}

async function proxyIntegration(apiId: string) {
  const { items } = await rest.send(new GetResourcesCommand({ restApiId: apiId, limit: 500 }));
  const res = items!.find((r) => r.path === '/ice-station-zebra/{proxy+}');
  expect(res, 'the proxy resource').toBeDefined();
  return rest.send(new GetIntegrationCommand({ restApiId: apiId, resourceId: res!.id, httpMethod: 'ANY' }));
}

async function deploymentOf(apiId: string) {
  const stage = await rest.send(new GetStageCommand({ restApiId: apiId, stageName: 'live' }));
  return rest.send(new GetDeploymentCommand({ restApiId: apiId, deploymentId: stage.deploymentId }));
}

describe('refused before any change', () => {
  it('a domainName the certificate does not cover: exit 2 naming apiGateway.domainName', async () => {
    const dir = railDir(
      exampleRail((r) => {
        r.apiGateway = { domainName: 'www.elsewhere.org' };
      }),
    );
    await sb.resetRequests();
    const r = await rails(sb, dir, ['up']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/apiGateway\.domainName: www\.elsewhere\.org is not covered by certificate/);
    expect(await mutatingCalls(sb)).toEqual([]);
  });
});

describe('REST API over a VPC link v1, then moved to v2 → ALB', () => {
  let dir: string;
  const railV1 = () =>
    exampleRail((r) => {
      r.apiGateway = { vpcLink: 'v1', domainName: 'api.abq.com' };
    });

  beforeAll(async () => {
    dir = railDir(railV1());
  });

  it('lays the link to the NLB, the API, the integration, the stage, the domain and its mapping', async () => {
    const r = await up(dir);
    expect(r.stdout).toMatch(/create\s+vpc-link-v1\s+dev-api-link/);
    const [api] = await ourRestApi('dev-api');
    expect(api?.tags).toMatchObject({ 'rails:stage': 'dev', 'rails:managed-by': 'rails' });
    const { LoadBalancers } = await sb.sdk.elbv2.send(
      new DescribeLoadBalancersCommand({ Names: ['dev-nlb'] }),
    );
    const link = ((await rest.send(new GetVpcLinksCommand({}))).items ?? []).find(
      (l) => l.name === 'dev-api-link',
    );
    expect(link?.targetArns).toEqual([LoadBalancers![0]!.LoadBalancerArn]);
    expect(link?.status).toBe('AVAILABLE');
    const integration = await proxyIntegration(api!.id!);
    expect(integration).toMatchObject({
      type: 'HTTP_PROXY',
      connectionType: 'VPC_LINK',
      connectionId: link!.id,
      uri: 'https://api.abq.com/ice-station-zebra/{proxy}',
      requestParameters: { 'integration.request.path.proxy': 'method.request.path.proxy' },
    });
    expect((await deploymentOf(api!.id!)).description).toMatch(/^rails deployment [0-9a-f]{16}$/);
    const { items } = await rest.send(new GetBasePathMappingsCommand({ domainName: 'api.abq.com' }));
    expect(items?.map((m) => [m.restApiId, m.stage])).toEqual([[api!.id, 'live']]);
    // A request enters at the domain and reaches a task through the v1 link and the NLB.
    const o = await through();
    expect(o.entry).toBe('apigateway');
    expect(o.apigw).toMatchObject({
      resourcePath: '/ice-station-zebra/{proxy+}',
      integrationUri: 'https://api.abq.com/ice-station-zebra/hello',
      vpcLinkVersion: 'V1',
      targetArn: LoadBalancers![0]!.LoadBalancerArn,
    });
    expect(o.client).toEqual({ kind: 'response', status: 200 });
  });

  it('a second up makes no mutating call (and no new deployment)', () => expectSecondUpIdle(dir));

  it('moves to v2 → ALB: integration switched and deployed, then the v1 link and the NLB go', async () => {
    const [api] = await ourRestApi('dev-api');
    const before = await deploymentOf(api!.id!);
    writeRail(
      dir,
      exampleRail((r) => {
        r.apiGateway = { vpcLink: 'v2', target: 'alb', domainName: 'api.abq.com' };
        r.staticIps = 'none';
      }),
    );
    const r = await up(dir);
    expect(r.stdout).toMatch(/create\s+vpc-link-v2\s+dev-api-link-v2/);
    const linkV2 = ((await v2.send(new GetVpcLinksV2Command({}))).Items ?? []).find(
      (l) => l.Name === 'dev-api-link-v2',
    );
    expect(linkV2?.VpcLinkStatus).toBe('AVAILABLE');
    const { LoadBalancers } = await sb.sdk.elbv2.send(new DescribeLoadBalancersCommand({}));
    const alb = LoadBalancers!.find((l) => l.LoadBalancerName === 'dev-alb')!;
    expect(LoadBalancers!.map((l) => l.LoadBalancerName)).not.toContain('dev-nlb');
    const integration = await proxyIntegration(api!.id!);
    expect(integration).toMatchObject({
      connectionType: 'VPC_LINK',
      connectionId: linkV2!.VpcLinkId,
      integrationTarget: alb.LoadBalancerArn,
    });
    // The link's own group, admitted by the ALB's on 443.
    const { SecurityGroups } = await sb.sdk.ec2.send(
      new DescribeSecurityGroupsCommand({ GroupIds: [...alb.SecurityGroups!, ...linkV2!.SecurityGroupIds!] }),
    );
    const linkSg = SecurityGroups!.find((g) => g.GroupName === 'dev-api-link')!;
    const albSg = SecurityGroups!.find((g) => g.GroupName === 'dev-alb')!;
    expect(linkV2!.SecurityGroupIds).toEqual([linkSg.GroupId]);
    expect(
      albSg.IpPermissions!.some(
        (p) => p.FromPort === 443 && p.UserIdGroupPairs?.some((u) => u.GroupId === linkSg.GroupId),
      ),
    ).toBe(true);
    // Traffic now goes through the v2 link straight to the ALB.
    const o = await through();
    expect(o.apigw).toMatchObject({ vpcLinkVersion: 'V2', targetArn: alb.LoadBalancerArn });
    expect(o.nlb).toBeUndefined();
    expect(o.client).toEqual({ kind: 'response', status: 200 });
    const after = await deploymentOf(api!.id!);
    expect(after.id).not.toBe(before.id);
    const v1 = ((await rest.send(new GetVpcLinksCommand({}))).items ?? []).filter(
      (l) => l.name === 'dev-api-link',
    );
    expect(v1).toEqual([]);
  });

  it('after the move a second up makes no mutating call', () => expectSecondUpIdle(dir));

  it('down removes the front door with the rest', async () => {
    const r = await rails(sb, dir, ['down', '--yes']);
    expect(r.code, r.stderr).toBe(0);
    expect(await ourRestApi('dev-api')).toEqual([]);
    expect((await v2.send(new GetVpcLinksV2Command({}))).Items ?? []).toEqual([]);
    expect((await rest.send(new GetVpcLinksCommand({}))).items ?? []).toEqual([]);
    const domain = await rest.send(new GetDomainNameCommand({ domainName: 'api.abq.com' })).catch((e) => e);
    expect(domain.name).toBe('NotFoundException');
    const { SecurityGroups } = await sb.sdk.ec2.send(new DescribeSecurityGroupsCommand({}));
    expect(SecurityGroups!.map((g) => g.GroupName)).not.toContain('dev-api-link');
  });
});

describe('HTTP API over a VPC link v2 to the ALB', () => {
  let dir: string;
  beforeAll(() => {
    dir = railDir(
      exampleRail((r) => {
        r.stage = 'web';
        r.staticIps = 'none';
        r.apiGateway = { type: 'http', target: 'alb', domainName: 'api.abq.com' };
      }),
    );
  });

  it('lays the API, one integration per host on the ALB listener, the routes and the $default stage', async () => {
    await up(dir);
    const api = ((await v2.send(new GetApisCommand({}))).Items ?? []).find((a) => a.Name === 'web-api');
    expect(api?.Tags).toMatchObject({ 'rails:stage': 'web' });
    const integrations = (await v2.send(new GetIntegrationsCommand({ ApiId: api!.ApiId }))).Items ?? [];
    expect(integrations).toHaveLength(1);
    expect(integrations[0]).toMatchObject({
      IntegrationType: 'HTTP_PROXY',
      ConnectionType: 'VPC_LINK',
      TlsConfig: { ServerNameToVerify: 'api.abq.com' },
      // The listener is no host: the mapping sets the Host the ALB's host-header rules see.
      RequestParameters: { 'overwrite:header.host': 'api.abq.com' },
    });
    expect(integrations[0]!.IntegrationUri).toMatch(/listener\/app\/web-alb\//);
    const routes = (await v2.send(new GetRoutesCommand({ ApiId: api!.ApiId }))).Items ?? [];
    expect(routes.map((r) => [r.RouteKey, r.Target])).toEqual([
      ['ANY /ice-station-zebra/{proxy+}', `integrations/${integrations[0]!.IntegrationId}`],
    ]);
    const stages = (await v2.send(new GetStagesCommand({ ApiId: api!.ApiId }))).Items ?? [];
    expect(stages.map((s) => [s.StageName, s.AutoDeploy])).toEqual([['$default', true]]);
    const mappings = (await v2.send(new GetApiMappingsCommand({ DomainName: 'api.abq.com' }))).Items ?? [];
    expect(mappings.map((m) => [m.ApiId, m.Stage])).toEqual([[api!.ApiId, '$default']]);
    const o = await through();
    expect(o.apigw).toMatchObject({
      kind: 'http',
      routeKey: 'ANY /ice-station-zebra/{proxy+}',
      vpcLinkVersion: 'V2',
    });
    expect(o.client).toEqual({ kind: 'response', status: 200 });
  });

  it('a second up makes no mutating call', () => expectSecondUpIdle(dir));

  it('down leaves no API and no link', async () => {
    const r = await rails(sb, dir, ['down', '--yes']);
    expect(r.code, r.stderr).toBe(0);
    expect(((await v2.send(new GetApisCommand({}))).Items ?? []).filter((a) => a.Name === 'web-api')).toEqual(
      [],
    );
    expect((await v2.send(new GetVpcLinksV2Command({}))).Items ?? []).toEqual([]);
  });
});

describe('rails create-api: the front door alone, against a laid rail', () => {
  let dir: string;
  beforeAll(async () => {
    dir = railDir(exampleRail((r) => (r.stage = 'hop')));
    await up(dir);
  });

  it('refuses when rail.yaml has no apiGateway (exit 2), changing nothing', async () => {
    await sb.resetRequests();
    const r = await rails(sb, dir, ['create-api']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no apiGateway/);
    expect(await mutatingCalls(sb)).toEqual([]);
  });

  it('lays only API Gateway calls (and the link), then converges to nothing', async () => {
    writeRail(
      dir,
      exampleRail((r) => {
        r.stage = 'hop';
        r.apiGateway = { vpcLink: 'v1' };
      }),
    );
    await sb.resetRequests();
    const r = await rails(sb, dir, ['create-api']);
    expect(r.code, `${r.stdout}\n${r.stderr}`).toBe(0);
    expect(r.stdout).toMatch(/API Gateway hop of stage hop/);
    const services = new Set(
      (await sb.requests()).filter((q) => q.mutating).map((q) => q.service.replace(/v2$/, '')),
    );
    expect([...services]).toEqual(['apigateway']);
    expect((await ourRestApi('hop-api')).length).toBe(1);
    await sb.resetRequests();
    const again = await rails(sb, dir, ['create-api']);
    expect(again.code).toBe(0);
    expect(await mutatingCalls(sb)).toEqual([]);
  });

  it('a removed path: its resources go and the stage is deployed again', async () => {
    const [api] = await ourRestApi('hop-api');
    const before = await deploymentOf(api!.id!);
    writeRail(
      dir,
      exampleRail((r) => {
        r.stage = 'hop';
        r.services[0].paths = ['/zebra/*'];
        r.apiGateway = { vpcLink: 'v1' };
      }),
    );
    await up(dir);
    const { items } = await rest.send(new GetResourcesCommand({ restApiId: api!.id, limit: 500 }));
    expect(items!.map((r) => r.path).sort()).toEqual(['/', '/zebra', '/zebra/{proxy+}']);
    expect((await deploymentOf(api!.id!)).id).not.toBe(before.id);
    await expectSecondUpIdle(dir);
  });
});

describe('HTTP API moved from the NLB to the ALB', () => {
  let dir: string;
  const rail = (target: 'nlb' | 'alb') =>
    exampleRail((r) => {
      r.stage = 'mv';
      r.services[0].host = 'mv.abq.com';
      r.apiGateway = { type: 'http', target };
    });
  beforeAll(() => {
    dir = railDir(rail('nlb'));
  });

  it('switches the integration to the ALB listener in place; the route keeps it', async () => {
    await up(dir);
    const api = ((await v2.send(new GetApisCommand({}))).Items ?? []).find((a) => a.Name === 'mv-api')!;
    const [before] = (await v2.send(new GetIntegrationsCommand({ ApiId: api.ApiId }))).Items ?? [];
    expect(before!.IntegrationUri).toMatch(/listener\/net\/mv-nlb\//);
    writeRail(dir, rail('alb'));
    await sb.resetRequests();
    await up(dir);
    expect((await mutatingCalls(sb)).filter((op) => /Integration|Route/.test(op))).toEqual([
      'UpdateIntegration',
    ]);
    const [after] = (await v2.send(new GetIntegrationsCommand({ ApiId: api.ApiId }))).Items ?? [];
    expect(after!.IntegrationId).toBe(before!.IntegrationId);
    expect(after!.IntegrationUri).toMatch(/listener\/app\/mv-alb\//);
  });

  it('then a second up makes no mutating call', () => expectSecondUpIdle(dir));

  it('a changed service path: the old route goes, the new one uses the same integration', async () => {
    writeRail(
      dir,
      exampleRail((r) => {
        r.stage = 'mv';
        r.services[0].host = 'mv.abq.com';
        r.services[0].paths = ['/zebra/*'];
        r.apiGateway = { type: 'http', target: 'alb' };
      }),
    );
    await up(dir);
    const api = ((await v2.send(new GetApisCommand({}))).Items ?? []).find((a) => a.Name === 'mv-api')!;
    const integrations = (await v2.send(new GetIntegrationsCommand({ ApiId: api.ApiId }))).Items ?? [];
    const routes = (await v2.send(new GetRoutesCommand({ ApiId: api.ApiId }))).Items ?? [];
    expect(routes.map((r) => [r.RouteKey, r.Target])).toEqual([
      ['ANY /zebra/{proxy+}', `integrations/${integrations[0]!.IntegrationId}`],
    ]);
    expect(integrations).toHaveLength(1);
  });
});
