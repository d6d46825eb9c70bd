/**
 * `rails route trace` from API Gateway, end to end: rails laid by `rails up` with a front door in the
 * sandbox, the real binary tracing through the custom domain, the execute-api host and `--api`, AWS-side
 * state read back through the SDK.
 */
import {
  GetResourcesCommand,
  GetRestApisCommand,
  UpdateIntegrationCommand as UpdateRestIntegrationCommand,
} from '@aws-sdk/client-api-gateway';
import {
  CreateIntegrationCommand,
  GetApisCommand,
  GetIntegrationsCommand,
  GetRoutesCommand,
  UpdateIntegrationCommand,
  UpdateRouteCommand,
} from '@aws-sdk/client-apigatewayv2';
import {
  CreateRuleCommand,
  DescribeListenersCommand,
  DescribeLoadBalancersCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { TraceReport } from '../../src/lib/trace/model.js';
import { stdoutJson } from '../helpers/cli.js';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';
import { exampleRail, FRONT_DOOR, railDir, rails, writeRail } from '../rail/helpers.js';

vi.setConfig({ testTimeout: 180_000, hookTimeout: 300_000 });

let sb: TestSandbox;
let rest: TestSandbox['sdk']['apigw'];
let v2: TestSandbox['sdk']['apigwv2'];

beforeAll(async () => {
  sb = await startTestSandbox({ settings: FRONT_DOOR });
  rest = sb.sdk.apigw;
  v2 = sb.sdk.apigwv2;
});
afterAll(() => sb?.stop());

async function trace(dir: string, url: string, ...args: string[]) {
  const out = await rails(sb, dir, ['route', 'trace', url, '--json', ...args]);
  return { ...out, report: stdoutJson<TraceReport>(out.stdout)! };
}

async function lbArn(name: string): Promise<string> {
  const { LoadBalancers } = await sb.sdk.elbv2.send(new DescribeLoadBalancersCommand({ Names: [name] }));
  return LoadBalancers![0]!.LoadBalancerArn!;
}

async function restApiId(name: string): Promise<string> {
  const { items } = await rest.send(new GetRestApisCommand({ limit: 500 }));
  return items!.find((a) => a.name === name)!.id!;
}

describe('a REST API over a VPC link v1 (custom domain → NLB → ALB)', () => {
  let dir: string;
  const v1 = () => exampleRail((r) => (r.apiGateway = { vpcLink: 'v1', domainName: 'api.abq.com' }));

  beforeAll(async () => {
    dir = railDir(v1());
    const up = await rails(sb, dir, ['up']);
    expect(up.code, `${up.stdout}\n${up.stderr}`).toBe(0);
  });

  it('the custom domain: mapping, stage, resource, integration, link, then NLB → ALB → a healthy target', async () => {
    const { code, report } = await trace(dir, 'https://api.abq.com/ice-station-zebra/hello?x=1');
    expect(code, report.summary).toBe(0);
    expect(report.outcome).toBe('forwarded');
    const api = report.api!;
    expect(api).toMatchObject({
      type: 'rest',
      enteredBy: 'domain',
      apiName: 'dev-api',
      apiId: await restApiId('dev-api'),
      domainName: 'api.abq.com',
      mapping: { basePath: '(none)', stage: 'live' },
      stage: 'live',
      path: '/ice-station-zebra/hello',
      resource: { path: '/ice-station-zebra/{proxy+}', method: 'ANY', params: { proxy: 'hello' } },
      integration: {
        type: 'HTTP_PROXY',
        connectionType: 'VPC_LINK',
        uri: 'https://api.abq.com/ice-station-zebra/{proxy}',
        filledUri: 'https://api.abq.com/ice-station-zebra/hello',
      },
      vpcLink: {
        version: 'v1',
        name: 'dev-api-link',
        status: 'AVAILABLE',
        targetArn: await lbArn('dev-nlb'),
      },
      downstream: {
        protocol: 'https',
        host: 'api.abq.com',
        port: 443,
        path: '/ice-station-zebra/hello',
        query: 'x=1',
        hostFrom: 'integration-uri',
        enters: 'nlb',
      },
    });
    expect(report.nlb.listener).toEqual({ port: 443, protocol: 'TLS' });
    expect(report.alb.listener).toEqual({ port: 443, protocol: 'HTTPS' });
    expect(report.rule?.isDefault).toBe(false);
    expect(report.services).toEqual(['dev-ice-station-zebra']);
    const groups = (report.action as { targetGroups: { healthyTargets: string[]; weight?: number }[] })
      .targetGroups;
    expect(groups.some((g) => g.healthyTargets.length > 0)).toBe(true);
  });

  it('an integration changed without a deployment: the trace follows what the stage serves and names the change', async () => {
    const apiId = await restApiId('dev-api');
    const { items } = await rest.send(new GetResourcesCommand({ restApiId: apiId, limit: 500 }));
    const resourceId = items!.find((r) => r.path === '/ice-station-zebra/{proxy+}')!.id!;
    const setUri = (uri: string) =>
      rest.send(
        new UpdateRestIntegrationCommand({
          restApiId: apiId,
          resourceId,
          httpMethod: 'ANY',
          patchOperations: [{ op: 'replace', path: '/uri', value: uri }],
        }),
      );
    await setUri('https://elsewhere.abq.com/ice-station-zebra/{proxy}');
    try {
      const { code, report } = await trace(dir, 'https://api.abq.com/ice-station-zebra/hello');
      expect(code, report.summary).toBe(0);
      // The sandbox's data plane still sends the request where the deployment says.
      const o = await sb.control.route('https://api.abq.com/ice-station-zebra/hello', { seed: 3 });
      expect(o.client).toEqual({ kind: 'response', status: 200 });
      expect(report.api?.integration).toMatchObject({
        filledUri: 'https://api.abq.com/ice-station-zebra/hello',
        readFrom: 'deployment',
      });
      expect(report.api?.downstream?.host).toBe('api.abq.com');
      expect(report.api?.deployment?.undeployedChanges).toContain(
        '~ANY /ice-station-zebra/{proxy+} (integration)',
      );
    } finally {
      await setUri('https://api.abq.com/ice-station-zebra/{proxy}');
    }
  });

  it('prints the API hops first, arrows in the traffic direction, the verdict on the first line', async () => {
    const r = await rails(sb, dir, ['route', 'trace', 'https://api.abq.com/ice-station-zebra/hello']);
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toMatch(/^result: forwarded: rule \d+ forwards to .* -> service dev-ice-station-zebra/);
    expect(r.stdout).toMatch(
      /1\. API Gateway REST API dev-api \(\w+\) via custom domain api\.abq\.com -> base path \(none\) -> stage live/,
    );
    expect(r.stdout).toMatch(/resource \/ice-station-zebra\/\{proxy\+\} method ANY \(proxy=hello\)/);
    expect(r.stdout).toMatch(/VPC link v1 dev-api-link AVAILABLE -> dev-nlb/);
    expect(r.stdout).toMatch(/sends https:\/\/api\.abq\.com:443\/ice-station-zebra\/hello to the NLB/);
    expect(r.stdout).toMatch(/NLB dev-nlb TLS:443/);
  });

  it('a path no resource serves: 403 Missing Authentication Token, exit 1, no load balancer hop', async () => {
    const { code, report } = await trace(dir, 'https://api.abq.com/nowhere/x', '--method', 'POST');
    expect(code).toBe(1);
    expect(report.outcome).toBe('api-no-route');
    expect(report.api?.answer).toEqual({ status: 403, message: 'Missing Authentication Token' });
    expect(report.summary).toMatch(/no resource of dev-api serves POST \/nowhere\/x/);
    expect(report.nlb.listener).toBeUndefined();
    // The proxy resource needs a segment after its parent.
    const bare = await trace(dir, 'https://api.abq.com/ice-station-zebra');
    expect(bare.report.outcome).toBe('api-no-route');
  });

  it('--from nlb skips API Gateway: the URL enters the NLB as before', async () => {
    const { code, report } = await trace(dir, 'https://api.abq.com/ice-station-zebra/hello', '--from', 'nlb');
    expect(code).toBe(0);
    expect(report.api).toBeUndefined();
    expect(report.nlb.listener).toEqual({ port: 443, protocol: 'TLS' });
    expect(report.outcome).toBe('forwarded');
  });

  it('--api <id> and the execute-api host (the stage as the first path segment)', async () => {
    const id = await restApiId('dev-api');
    const byFlag = await trace(dir, 'https://anything.example/ice-station-zebra/a/b', '--api', id);
    expect(byFlag.code).toBe(0);
    expect(byFlag.report.api).toMatchObject({
      enteredBy: 'api-flag',
      stage: 'live',
      resource: { params: { proxy: 'a/b' } },
      downstream: { host: 'api.abq.com', path: '/ice-station-zebra/a/b' },
    });
    const byName = await trace(dir, 'https://anything.example/ice-station-zebra/a', '--api', 'dev-api');
    expect(byName.report.api?.apiId).toBe(id);
    const host = `https://${id}.execute-api.us-east-1.amazonaws.com`;
    const exec = await trace(dir, `${host}/live/ice-station-zebra/x`);
    expect(exec.code).toBe(0);
    expect(exec.report.api).toMatchObject({
      enteredBy: 'execute-api',
      stage: 'live',
      path: '/ice-station-zebra/x',
    });
    const noStage = await trace(dir, `${host}/prod/ice-station-zebra/x`);
    expect(noStage.code).toBe(1);
    expect(noStage.report).toMatchObject({
      outcome: 'api-forbidden',
      api: { answer: { status: 403, message: 'Forbidden' } },
    });
    const unknown = await rails(sb, dir, ['route', 'trace', 'https://x.example/', '--api', 'no-such-api']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/--api no-such-api: no REST or HTTP API has that id or name/);
  });

  it('agrees with the sandbox’s own model of API Gateway on where REST paths go', async () => {
    const paths = [
      '/ice-station-zebra/hello',
      '/ice-station-zebra/a/b/',
      '/ice-station-zebra',
      '/nowhere/x',
      '/',
    ];
    for (const path of paths) {
      const url = `https://api.abq.com${path}`;
      const [{ report }, o] = await Promise.all([trace(dir, url), sb.control.route(url, { seed: 1 })]);
      expect(report.api?.enteredBy, path).toBe('domain');
      if (report.api?.answer) {
        expect(o.apigw, path).toMatchObject({
          status: report.api.answer.status,
          message: report.api.answer.message,
        });
      } else {
        expect(o.apigw, path).toMatchObject({
          resourcePath: report.api?.resource?.path,
          method: report.api?.resource?.method,
          integrationUri: report.api?.integration?.filledUri,
          targetArn: report.api?.vpcLink?.targetArn,
        });
      }
    }
  });

  it('a redirect rule behind the API: the location is built from the request the ALB sees', async () => {
    const alb = await lbArn('dev-alb');
    const { Listeners } = await sb.sdk.elbv2.send(new DescribeListenersCommand({ LoadBalancerArn: alb }));
    const https = Listeners!.find((l) => l.Port === 443)!;
    await sb.sdk.elbv2.send(
      new CreateRuleCommand({
        ListenerArn: https.ListenerArn,
        Priority: 1,
        Conditions: [{ Field: 'path-pattern', PathPatternConfig: { Values: ['/ice-station-zebra/old/*'] } }],
        Actions: [
          { Type: 'redirect', RedirectConfig: { StatusCode: 'HTTP_301', Path: '/ice-station-zebra/new' } },
        ],
      }),
    );
    const { code, report } = await trace(dir, 'https://api.abq.com/ice-station-zebra/old/x?q=1');
    expect(code).toBe(0);
    expect(report.outcome).toBe('redirected');
    expect(report.api?.resource?.params).toEqual({ proxy: 'old/x' });
    expect(report.action).toEqual({
      type: 'redirect',
      statusCode: 'HTTP_301',
      location: 'https://api.abq.com:443/ice-station-zebra/new?q=1',
    });
  });

  it('after the move to a v2 link on the ALB: API Gateway → ALB, no NLB hop', async () => {
    writeRail(
      dir,
      exampleRail((r) => {
        r.apiGateway = { vpcLink: 'v2', target: 'alb', domainName: 'api.abq.com' };
        r.staticIps = 'none';
      }),
    );
    const up = await rails(sb, dir, ['up']);
    expect(up.code, `${up.stdout}\n${up.stderr}`).toBe(0);
    const { code, report } = await trace(dir, 'https://api.abq.com/ice-station-zebra/hello');
    expect(code, report.summary).toBe(0);
    expect(report.outcome).toBe('forwarded');
    expect(report.api).toMatchObject({
      vpcLink: {
        version: 'v2',
        name: 'dev-api-link-v2',
        status: 'AVAILABLE',
        targetArn: await lbArn('dev-alb'),
      },
      integration: { integrationTarget: await lbArn('dev-alb') },
      downstream: { enters: 'alb', host: 'api.abq.com', port: 443 },
    });
    expect(report.nlb.found).toBe(false);
    expect(report.nlb.listener).toBeUndefined();
    expect(report.alb.listener).toEqual({ port: 443, protocol: 'HTTPS' });
    expect(report.albIps.reachable).toEqual(report.albIps.current);
    const text = await rails(sb, dir, ['route', 'trace', 'https://api.abq.com/ice-station-zebra/hello']);
    expect(text.stdout).toMatch(/VPC link v2 dev-api-link-v2 AVAILABLE -> dev-alb/);
    expect(text.stdout).not.toMatch(/NLB dev-nlb/);
  });
});

describe('an HTTP API over a VPC link v2 to the ALB (execute-api host, $default stage)', () => {
  let dir: string;
  let apiId: string;

  beforeAll(async () => {
    dir = railDir(
      exampleRail((r) => {
        r.stage = 'web';
        r.staticIps = 'none';
        r.apiGateway = { type: 'http', target: 'alb' };
      }),
    );
    const up = await rails(sb, dir, ['up']);
    expect(up.code, `${up.stdout}\n${up.stderr}`).toBe(0);
    apiId = ((await v2.send(new GetApisCommand({}))).Items ?? []).find((a) => a.Name === 'web-api')!.ApiId!;
  });

  it('route, integration on the ALB listener with the Host mapping up lays, link → the service rule', async () => {
    const url = `https://${apiId}.execute-api.us-east-1.amazonaws.com/ice-station-zebra/x`;
    const { code, report } = await trace(dir, url);
    expect(report.api).toMatchObject({
      type: 'http',
      enteredBy: 'execute-api',
      apiName: 'web-api',
      stage: '$default',
      route: { routeKey: 'ANY /ice-station-zebra/{proxy+}', params: { proxy: 'x' } },
      integration: {
        type: 'HTTP_PROXY',
        connectionType: 'VPC_LINK',
        serverNameToVerify: 'api.abq.com',
        hostMapping: 'api.abq.com',
      },
      vpcLink: { version: 'v2', status: 'AVAILABLE', targetArn: await lbArn('web-alb') },
      downstream: {
        enters: 'alb',
        port: 443,
        host: 'api.abq.com',
        hostFrom: 'header-mapping',
        path: '/ice-station-zebra/x',
      },
    });
    expect(code, report.summary).toBe(0);
    expect(report.outcome).toBe('forwarded');
    expect(report.services).toEqual(['web-ice-station-zebra']);
    // The sandbox's data plane sends the request the same way.
    const o = await sb.control.route(url, { seed: 3 });
    expect(o.client).toEqual({ kind: 'response', status: 200 });
  });

  it('without the Host mapping the ALB sees its own name: its default answers; up puts the mapping back', async () => {
    const [laid] = (await v2.send(new GetIntegrationsCommand({ ApiId: apiId }))).Items ?? [];
    const bare = await v2.send(
      new CreateIntegrationCommand({
        ApiId: apiId,
        IntegrationType: 'HTTP_PROXY',
        IntegrationMethod: 'ANY',
        ConnectionType: 'VPC_LINK',
        ConnectionId: laid!.ConnectionId,
        IntegrationUri: laid!.IntegrationUri,
        PayloadFormatVersion: '1.0',
        TlsConfig: { ServerNameToVerify: 'api.abq.com' },
      }),
    );
    const [route] = (await v2.send(new GetRoutesCommand({ ApiId: apiId }))).Items ?? [];
    await v2.send(
      new UpdateRouteCommand({
        ApiId: apiId,
        RouteId: route!.RouteId,
        Target: `integrations/${bare.IntegrationId}`,
      }),
    );
    const url = `https://${apiId}.execute-api.us-east-1.amazonaws.com/ice-station-zebra/x`;
    const { code, report } = await trace(dir, url);
    expect(report.api?.downstream).toMatchObject({ enters: 'alb', hostFrom: 'load-balancer' });
    // ServerNameToVerify is the TLS name only: the service's host-header rule does not match, the
    // ALB's default answers (docs/aws-behaviour.md §11), and the summary says why.
    expect(code).toBe(0);
    expect(report.outcome).toBe('fixed-response');
    expect(report.rule?.isDefault).toBe(true);
    expect(report.summary).toMatch(/maps no Host \(overwrite:header\.host\)/);
    const o = await sb.control.route(url, { seed: 3 });
    expect(o.alb?.matchedRulePriority).toBe(0);
    expect(o.alb?.actionsExecuted).toEqual(['fixed-response']);
    expect(o.client).toEqual({
      kind: 'response',
      status: Number((report.action as { statusCode: string }).statusCode),
    });
    const up = await rails(sb, dir, ['up']);
    expect(up.code, up.stderr).toBe(0);
    const again = await trace(dir, url);
    expect(again.report.outcome).toBe('forwarded');
  });

  it('a mapping from the request ($request.header.host, key in any case): trace and data plane agree on the Host', async () => {
    const [laid] = (await v2.send(new GetIntegrationsCommand({ ApiId: apiId }))).Items ?? [];
    await v2.send(
      new UpdateIntegrationCommand({
        ApiId: apiId,
        IntegrationId: laid!.IntegrationId,
        RequestParameters: { 'overwrite:header.Host': '$request.header.host' },
      }),
    );
    const executeApi = `${apiId}.execute-api.us-east-1.amazonaws.com`;
    const url = `https://${executeApi}/ice-station-zebra/x`;
    const { report } = await trace(dir, url);
    expect(report.api?.downstream).toMatchObject({ host: executeApi, hostFrom: 'header-mapping' });
    const o = await sb.control.route(url, { seed: 3 });
    expect(o.request.host).toBe(executeApi);
    // The ALB's host rule is for api.abq.com: both say its default answers.
    expect(report.rule?.isDefault).toBe(true);
    expect(o.alb?.matchedRulePriority).toBe(0);
    const up = await rails(sb, dir, ['up']);
    expect(up.code, up.stderr).toBe(0);
  });

  it('no route takes the path: 404 Not Found, exit 1', async () => {
    const { code, report } = await trace(
      dir,
      `https://${apiId}.execute-api.us-east-1.amazonaws.com/elsewhere`,
    );
    expect(code).toBe(1);
    expect(report.outcome).toBe('api-no-route');
    expect(report.api?.answer).toEqual({ status: 404, message: 'Not Found' });
  });
});
