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
import { exampleRail, FAST, railDir, rails } from '../rail/helpers.js';
import { hop, runStatusJson } from './status-cli.js';

vi.setConfig({ testTimeout: 240_000, hookTimeout: 240_000 });

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
// A VPC link is PENDING for AWS's minutes; 200 ms of sandbox time here.
const sb = sandboxPerFile(() => startTestSandbox({ settings: { ...FAST, vpcLinkProvisionMs: 200 } }));

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
});
