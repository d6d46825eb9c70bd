/**
 * The API Gateway hop of `rails status`, end to end: rails laid by the real `rails up` with
 * `apiGateway:` in the sandbox, then the real `rails status` against it. Each case breaks the front
 * door the way it breaks in AWS — behind rails's back through the SDK, on the sandbox clock, or with
 * traffic — and checks the hop's verdict, its code, the first line and the exit code.
 */
import {
  APIGatewayClient,
  CreateDeploymentCommand,
  CreateResourceCommand,
  CreateRestApiCommand,
  CreateVpcLinkCommand,
  GetResourcesCommand,
  GetRestApisCommand,
  PutIntegrationCommand,
  PutMethodCommand,
} from '@aws-sdk/client-api-gateway';
import { DescribeLoadBalancersCommand } from '@aws-sdk/client-elastic-load-balancing-v2';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { sandboxPerFile, startTestSandbox } from '../helpers/sandbox.js';
import { exampleRail, FRONT_DOOR, railDir, rails } from '../rail/helpers.js';
import { hop, runStatusJson } from './status-cli.js';

vi.setConfig({ testTimeout: 240_000, hookTimeout: 240_000 });

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const sb = sandboxPerFile(() => startTestSandbox({ settings: FRONT_DOOR }));

let apigwClient: APIGatewayClient | undefined;
/** A REST API Gateway client on the test's sandbox. */
const apigw = () => {
  apigwClient ??= new APIGatewayClient({
    endpoint: sb.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    maxAttempts: 1,
  });
  return apigwClient;
};

const status = (cwd: string, args: string[] = []) => runStatusJson(sb.endpoint, args, cwd);

async function statusText(cwd: string, args: string[] = []) {
  const out = await runCli(['status', ...args], { endpoint: sb.endpoint, cwd });
  return { ...out, lines: out.stdout.split('\n') };
}

async function up(dir: string, args: string[] = []) {
  const r = await rails(sb, dir, ['up', ...args]);
  expect(r.code, `${r.stdout}\n${r.stderr}`).toBe(0);
}

async function restApiId(name: string): Promise<string> {
  const { items } = await apigw().send(new GetRestApisCommand({ limit: 500 }));
  return items!.find((a) => a.name === name)!.id!;
}

async function lbArn(name: string): Promise<string> {
  const { LoadBalancers } = await sb.sdk.elbv2.send(new DescribeLoadBalancersCommand({ Names: [name] }));
  return LoadBalancers![0]!.LoadBalancerArn!;
}

describe('a REST API over a VPC link v1 to the NLB, with a custom domain', () => {
  let dir: string;
  beforeAll(async () => {
    dir = railDir(
      exampleRail((r) => {
        r.apiGateway = { vpcLink: 'v1', domainName: 'api.abq.com' };
      }),
    );
    await up(dir);
  });

  it('is the first hop, ok: stage deployed, link AVAILABLE to the NLB, the path integrated, the domain mapped', async () => {
    const { report, stderr } = await status(dir);
    expect(report, stderr).toBeDefined();
    expect(report!.hops[0]).toEqual({ hop: 'api', verdict: 'ok' });
    expect(report!.hops.map((h) => h.hop).slice(0, 4)).toEqual(['api', 'nlb', 'static-ips', 'alb']);
    const api = report!.api!;
    expect(api).toMatchObject({
      id: await restApiId('dev-api'),
      name: 'dev-api',
      type: 'rest',
      state: 'found',
      from: 'config',
      stage: 'live',
      stageFound: true,
      undeployedChanges: false,
      undeployedBasis: 'deployment-hash',
      link: { version: 'v1', name: 'dev-api-link', status: 'AVAILABLE', targets: [await lbArn('dev-nlb')] },
      integrations: [
        {
          path: '/ice-station-zebra/{proxy+}',
          method: 'ANY',
          service: 'ice-station-zebra',
          found: true,
          type: 'HTTP_PROXY',
          connectionType: 'VPC_LINK',
          uri: 'https://api.abq.com/ice-station-zebra/{proxy}',
        },
      ],
      domain: { name: 'api.abq.com', found: true, mapping: { basePath: '', stage: 'live' } },
    });
    expect(api.domain!.mapping!.apiId).toBe(api.id);
    expect(api.domain!.certificate!.daysLeft).toBeGreaterThan(30);
    expect(api.reasons).toEqual([]);
    expect(api.signals).toMatchObject({ traffic: false, note: 'no traffic in the last 15m' });
    // The API's metrics ride in the rail's one GetMetricData: REST by ApiName and Stage.
    expect(report!.signals!.calls).toBe(1);
  });

  it('prints the API hop first, on the path in traffic order', async () => {
    const text = await statusText(dir);
    expect(text.stdout).toMatch(/path: API Gateway → VPC link v1 → NLB → static IPs → ALB → 1 service/);
    const apiLine = text.lines.findIndex((l) => /API Gateway REST API dev-api/.test(l));
    const nlbLine = text.lines.findIndex((l) => /\bNLB dev-nlb\b/.test(l));
    expect(apiLine).toBeGreaterThan(0);
    expect(nlbLine).toBeGreaterThan(apiLine);
    expect(text.lines[apiLine]).toMatch(/^\[OK\]/);
    expect(text.stdout).toMatch(/VPC link v1 dev-api-link \(\w+\) AVAILABLE .*→ NLB dev-nlb/);
    expect(text.stdout).toMatch(/domain https:\/\/api\.abq\.com \/ → \w+\/live/);
  });

  it("a resource changed behind rails's back: undeployed changes, degraded, named on the first line", async () => {
    const id = await restApiId('dev-api');
    const { items } = await apigw().send(new GetResourcesCommand({ restApiId: id, limit: 500 }));
    const proxy = items!.find((r) => r.path === '/ice-station-zebra/{proxy+}')!;
    const root = items!.find((r) => r.path === '/')!;
    // The integration now points at another backend path, and a new resource gets a method: neither is deployed.
    await apigw().send(
      new PutIntegrationCommand({
        restApiId: id,
        resourceId: proxy.id,
        httpMethod: 'ANY',
        type: 'HTTP_PROXY',
        integrationHttpMethod: 'ANY',
        uri: 'https://api.abq.com/elsewhere/{proxy}',
        connectionType: 'VPC_LINK',
        connectionId: (await status(dir)).report!.api!.link!.id,
        requestParameters: { 'integration.request.path.proxy': 'method.request.path.proxy' },
      }),
    );
    const extra = await apigw().send(
      new CreateResourceCommand({ restApiId: id, parentId: root.id, pathPart: 'extra' }),
    );
    await apigw().send(
      new PutMethodCommand({
        restApiId: id,
        resourceId: extra.id,
        httpMethod: 'GET',
        authorizationType: 'NONE',
      }),
    );
    const { code, report } = await status(dir);
    expect(code).toBe(1);
    expect(hop(report, 'api')).toBe('degraded');
    expect(report!.api).toMatchObject({
      undeployedChanges: true,
      undeployed: ['+ GET /extra', 'integrations changed'],
    });
    expect(report!.api!.reasons[0]!.code).toBe('Api.UndeployedChanges');
    if (report!.verdict === 'degraded')
      expect(report!.firstProblem).toMatchObject({ hop: 'api', code: 'Api.UndeployedChanges' });
    const text = await statusText(dir);
    expect(text.stdout).toMatch(/degraded Api\.UndeployedChanges: stage live serves deployment \w+/);
  });

  it('under traffic through the domain with half the answers 500: Api.5xx breaks the API hop', async () => {
    const behaviour = await sb.control.addTargetBehaviour({
      selector: { service: 'dev-ice-station-zebra' },
      errorRate: 0.5,
    });
    const source = await sb.control.startTraffic({
      urls: ['https://api.abq.com/ice-station-zebra/orders'],
      rps: 10,
    });
    try {
      await sb.control.advanceClock(6 * MINUTE);
      const { code, report } = await status(dir);
      expect(code).toBe(1);
      expect(report!.firstProblem).toMatchObject({ hop: 'api', verdict: 'broken', code: 'Api.5xx' });
      expect(report!.firstProblem!.message).toMatch(
        /^\d+ % of [\d,]+ requests answered 5xx by the API in the last 5m$/,
      );
      const signals = report!.api!.signals!;
      expect(signals.traffic).toBe(true);
      expect(Math.abs(signals.inputs.errorPercent! - 50)).toBeLessThan(8);
      expect(signals.series.map((s) => `${s.metric} ${s.stat}`)).toEqual(
        expect.arrayContaining(['Count Sum', '5XXError Sum', 'Latency p99']),
      );
      const text = await statusText(dir);
      expect(text.lines[0]).toMatch(/^\[BROKEN\]\s+first broken hop: api: Api\.5xx: /);
      expect(text.stdout).toMatch(/signals 15m: requests \[[\d, ]+\] [\d,]+\/5m {3}5xx \[[\d %-]+\] \d+ %/);
    } finally {
      await sb.control.stopTraffic(source.id);
      await sb.control.clearTargetBehaviours(behaviour.id);
    }
  });
});

describe('an API rails did not make, named with --api', () => {
  let dir: string;
  let apiId: string;
  beforeAll(async () => {
    dir = railDir(exampleRail((r) => (r.stage = 'own')));
    await up(dir);
    // Made through the SDK with a v1 link to the ALB: AWS accepts it, and the link ends FAILED
    // ("NLB ARN is malformed", docs/aws-behaviour.md §11).
    const link = await apigw().send(
      new CreateVpcLinkCommand({ name: 'handmade-link', targetArns: [await lbArn('own-alb')] }),
    );
    const api = await apigw().send(
      new CreateRestApiCommand({ name: 'handmade', endpointConfiguration: { types: ['REGIONAL'] } }),
    );
    apiId = api.id!;
    const shop = await apigw().send(
      new CreateResourceCommand({ restApiId: apiId, parentId: api.rootResourceId, pathPart: 'shop' }),
    );
    await apigw().send(
      new PutMethodCommand({
        restApiId: apiId,
        resourceId: shop.id,
        httpMethod: 'ANY',
        authorizationType: 'NONE',
      }),
    );
    await apigw().send(
      new PutIntegrationCommand({
        restApiId: apiId,
        resourceId: shop.id,
        httpMethod: 'ANY',
        type: 'HTTP_PROXY',
        integrationHttpMethod: 'ANY',
        uri: 'https://api.abq.com/shop',
        connectionType: 'VPC_LINK',
        connectionId: link.id,
      }),
    );
    await apigw().send(new CreateDeploymentCommand({ restApiId: apiId, stageName: 'prod' }));
    await sb.control.advanceClock(MINUTE);
  });

  it('--api <id> with --nlb/--alb: the link FAILED with its message, and it does not reach the NLB', async () => {
    const { code, report, stderr } = await status(dir, [
      '--api',
      apiId,
      '--nlb',
      'own-nlb',
      '--alb',
      'own-alb',
    ]);
    expect(code, stderr).toBe(1);
    expect(report!.hops[0]).toEqual({ hop: 'api', verdict: 'broken' });
    expect(report!.api).toMatchObject({
      id: apiId,
      name: 'handmade',
      from: 'flag',
      stage: 'prod',
      stageFound: true,
      undeployedChanges: false,
      undeployedBasis: 'api-summary',
      link: { version: 'v1', name: 'handmade-link', status: 'FAILED', statusMessage: 'NLB ARN is malformed' },
      integrations: [{ path: '/shop', method: 'ANY', found: true, uri: 'https://api.abq.com/shop' }],
    });
    const codes = report!.api!.reasons.map((r) => r.code);
    expect(codes).toEqual(
      expect.arrayContaining(['Api.LinkFailed', 'Api.LinkWrongTarget', 'Api.UndeployedUnknown']),
    );
    expect(report!.firstProblem).toMatchObject({ hop: 'api', verdict: 'broken', code: 'Api.LinkFailed' });
    expect(report!.firstProblem!.message).toBe('VPC link v1 handmade-link FAILED: NLB ARN is malformed');
  });

  it("--api <name> with rail.yaml: rail.yaml's service paths are expected on it", async () => {
    const { code, report } = await status(dir, ['--api', 'handmade']);
    expect(code).toBe(1);
    expect(report!.api!.id).toBe(apiId);
    expect(report!.api!.integrations).toEqual([
      { path: '/ice-station-zebra/{proxy+}', method: 'ANY', service: 'ice-station-zebra', found: false },
    ]);
    expect(report!.api!.reasons.map((r) => r.code)).toContain('Api.MissingIntegration');
  });

  it('an --api no API has: exit 2, a clear message, nothing printed on stdout', async () => {
    const out = await runCli(['status', '--api', 'nosuchapi'], { endpoint: sb.endpoint, cwd: dir });
    expect(out.code).toBe(2);
    expect(out.stderr).toMatch(/--api nosuchapi: no REST or HTTP API has that id or name/);
    expect(out.stdout).toBe('');
  });
});

describe('a link still PENDING (up --no-wait)', () => {
  it('is broken with Api.LinkPending until the link is AVAILABLE', async () => {
    await sb.control.settings({ vpcLinkProvisionMs: 10 * MINUTE });
    const dir = railDir(
      exampleRail((r) => {
        r.stage = 'pend';
        r.apiGateway = { vpcLink: 'v1' };
      }),
    );
    try {
      await up(dir, ['--no-wait']);
      const { code, report } = await status(dir);
      expect(code).toBe(1);
      expect(report!.firstProblem).toMatchObject({ hop: 'api', verdict: 'broken', code: 'Api.LinkPending' });
      expect(report!.api!.link).toMatchObject({ version: 'v1', name: 'pend-api-link', status: 'PENDING' });
    } finally {
      await sb.control.settings({ vpcLinkProvisionMs: 200 });
    }
    await sb.control.advanceClock(MINUTE);
    expect(hop((await status(dir)).report, 'api')).toBe('ok');
  });
});

describe('a REST API over a v2 link to the ALB, and an HTTP API, both with staticIps: none', () => {
  let restDir: string;
  let httpDir: string;
  beforeAll(async () => {
    restDir = railDir(
      exampleRail((r) => {
        r.stage = 'vtwo';
        r.staticIps = 'none';
        r.apiGateway = { vpcLink: 'v2', target: 'alb' };
      }),
    );
    httpDir = railDir(
      exampleRail((r) => {
        r.stage = 'web';
        r.staticIps = 'none';
        r.services[0].host = 'web.abq.com';
        r.apiGateway = { type: 'http', target: 'alb' };
      }),
    );
    await up(restDir);
    await up(httpDir);
  });

  it('REST over v2: the integration names the ALB; no NLB hop is judged, by design', async () => {
    const { code, report, stderr } = await status(restDir);
    expect(report?.api?.reasons, stderr).toEqual([]);
    expect(report!.hops.map((h) => h.hop)).toEqual(['api', 'alb', 'service:vtwo-ice-station-zebra']);
    expect(report!.nlb).toMatchObject({ state: 'absent', verdict: 'ok' });
    expect(report!.staticIps).toMatchObject({ mode: 'none', verdict: 'ok' });
    const alb = await lbArn('vtwo-alb');
    expect(report!.api).toMatchObject({
      type: 'rest',
      link: { version: 'v2', name: 'vtwo-api-link-v2', status: 'AVAILABLE', targets: [alb] },
      integrations: [{ path: '/ice-station-zebra/{proxy+}', found: true, integrationTarget: alb }],
    });
    expect(code).toBe(0);
    const text = await statusText(restDir);
    expect(text.stdout).toMatch(/path: API Gateway → VPC link v2 → ALB → 1 service/);
    expect(text.stdout).toMatch(/NLB and static IPs: none by design \(staticIps: none\)/);
  });

  it('HTTP API: the $default stage deploys itself; the route goes to the ALB listener', async () => {
    const { code, report } = await status(httpDir);
    expect(report!.api).toMatchObject({
      type: 'http',
      stage: '$default',
      stageFound: true,
      autoDeploy: true,
      undeployedChanges: false,
      link: { version: 'v2', name: 'web-api-link-v2', status: 'AVAILABLE' },
      integrations: [{ path: 'ANY /ice-station-zebra/{proxy+}', found: true, connectionType: 'VPC_LINK' }],
    });
    expect(report!.api!.integrations[0]!.uri).toMatch(/:listener\/app\/web-alb\//);
    expect(report!.api!.reasons).toEqual([]);
    expect(report!.hops[0]).toEqual({ hop: 'api', verdict: 'ok' });
    expect(code).toBe(0);
  });

  it('60 days without traffic: the v2 links go INACTIVE, degraded with Api.LinkInactive', async () => {
    await sb.control.advanceClock(61 * DAY);
    for (const dir of [restDir, httpDir]) {
      const { code, report } = await status(dir, ['--no-signals']);
      expect(code).toBe(1);
      expect(report!.api!.link!.status).toBe('INACTIVE');
      expect(report!.firstProblem).toMatchObject({
        hop: 'api',
        verdict: 'degraded',
        code: 'Api.LinkInactive',
      });
    }
  });
});
