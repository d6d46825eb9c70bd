/**
 * `apiGateway:` taken out of rail.yaml: no name in rail.yaml leads to the front door any more, so
 * rails finds it by its tags. The next `up` of the whole rail takes it away (API, stage, custom domain
 * and mapping, VPC link; a v2 link's group), the rest of the rail stays, a second `up` changes
 * nothing; `down` with such a rail.yaml takes the front door with the rest.
 */
import { GetDomainNameCommand, GetRestApisCommand, GetVpcLinksCommand } from '@aws-sdk/client-api-gateway';
import { GetApisCommand, GetVpcLinksCommand as GetVpcLinksV2Command } from '@aws-sdk/client-apigatewayv2';
import { DescribeSecurityGroupsCommand } from '@aws-sdk/client-ec2';
import { DescribeLoadBalancersCommand } from '@aws-sdk/client-elastic-load-balancing-v2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSandbox, type TestSandbox, withFault } from '../../helpers/sandbox.js';
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

async function ok(dir: string, args: string[]) {
  const r = await rails(sb, dir, args);
  expect(r.code, `${r.stdout}\n${r.stderr}`).toBe(0);
  return r;
}

async function frontDoor() {
  const [restApis, httpApis, linksV1, linksV2, domain, groups] = await Promise.all([
    rest.send(new GetRestApisCommand({ limit: 500 })).then((o) => (o.items ?? []).map((a) => a.name)),
    v2.send(new GetApisCommand({})).then((o) => (o.Items ?? []).map((a) => a.Name)),
    rest.send(new GetVpcLinksCommand({})).then((o) => (o.items ?? []).map((l) => l.name)),
    v2.send(new GetVpcLinksV2Command({})).then((o) => (o.Items ?? []).map((l) => l.Name)),
    rest
      .send(new GetDomainNameCommand({ domainName: 'api.abq.com' }))
      .then((d) => d.domainName)
      .catch((e) => e.name),
    sb.sdk.ec2
      .send(new DescribeSecurityGroupsCommand({}))
      .then((o) => (o.SecurityGroups ?? []).map((g) => g.GroupName)),
  ]);
  return { restApis, httpApis, linksV1, linksV2, domain, linkGroup: groups.includes('dev-api-link') };
}

const GONE = {
  restApis: [],
  httpApis: [],
  linksV1: [],
  linksV2: [],
  domain: 'NotFoundException',
  linkGroup: false,
};

describe('a REST API over a v1 link with a custom domain, then apiGateway: removed', () => {
  let dir: string;

  beforeAll(async () => {
    dir = railDir(exampleRail((r) => (r.apiGateway = { vpcLink: 'v1', domainName: 'api.abq.com' })));
    await ok(dir, ['up']);
    expect(await frontDoor()).toMatchObject({
      restApis: ['dev-api'],
      linksV1: ['dev-api-link'],
      domain: 'api.abq.com',
    });
    writeRail(dir, exampleRail());
  });

  it('the plan names the front door it takes away, and --dry-run changes nothing', async () => {
    await sb.resetRequests();
    const r = await ok(dir, ['up', '--dry-run']);
    expect(r.stdout).toMatch(/dev-api/);
    expect(r.stdout).toMatch(/api\.abq\.com/);
    expect(r.stdout).toMatch(/dev-api-link/);
    expect(await mutatingCalls(sb)).toEqual([]);
  });

  it('up takes the front door away; both load balancers stay', async () => {
    await ok(dir, ['up']);
    expect(await frontDoor()).toEqual(GONE);
    const { LoadBalancers } = await sb.sdk.elbv2.send(new DescribeLoadBalancersCommand({}));
    expect(LoadBalancers!.map((lb) => lb.LoadBalancerName).sort()).toEqual(['dev-alb', 'dev-nlb']);
  });

  it('a second up makes no mutating call', async () => {
    await sb.resetRequests();
    await ok(dir, ['up']);
    expect(await mutatingCalls(sb)).toEqual([]);
  });

  it('credentials that may not read API Gateway: up goes on and says what it could not check', async () => {
    const denied = {
      service: 'apigateway',
      operation: 'GetRestApis',
      code: 'AccessDeniedException',
      status: 403,
    };
    await withFault(sb, denied, async () => {
      await sb.resetRequests();
      const r = await ok(dir, ['up']);
      expect(r.stderr).toMatch(/API Gateway could not be read \(AccessDeniedException/);
      expect(await mutatingCalls(sb)).toEqual([]);
    });
  });
});

describe('a v2 link straight to the ALB, then down with a rail.yaml without apiGateway', () => {
  it('down takes the front door with the rest, the link group included', async () => {
    await sb.control.resetState();
    const dir = railDir(
      exampleRail((r) => {
        r.apiGateway = { vpcLink: 'v2', target: 'alb', domainName: 'api.abq.com' };
        r.staticIps = 'none';
      }),
    );
    await ok(dir, ['up']);
    expect(await frontDoor()).toMatchObject({ restApis: ['dev-api'], linksV2: ['dev-api-link-v2'] });
    expect((await frontDoor()).linkGroup).toBe(true);
    writeRail(
      dir,
      exampleRail((r) => (r.staticIps = 'none')),
    );
    await ok(dir, ['down', '--yes']);
    expect(await frontDoor()).toEqual(GONE);
    const { LoadBalancers } = await sb.sdk.elbv2.send(new DescribeLoadBalancersCommand({}));
    expect(LoadBalancers ?? []).toEqual([]);
  });

  it('an up cut off before the link group went: the next up removes it though no API or link is left', async () => {
    await sb.control.resetState();
    const dir = railDir(
      exampleRail((r) => {
        r.apiGateway = { vpcLink: 'v2', target: 'alb' };
        r.staticIps = 'none';
      }),
    );
    await ok(dir, ['up']);
    writeRail(
      dir,
      exampleRail((r) => (r.staticIps = 'none')),
    );
    await sb.control.injectFault({
      service: 'ec2',
      operation: 'DeleteSecurityGroup',
      code: 'InjectedFailure',
      status: 400,
    });
    const cut = await rails(sb, dir, ['up']);
    await sb.control.clearFaults();
    expect(cut.code, cut.stderr).toBe(1);
    expect(await frontDoor()).toMatchObject({ restApis: [], linksV2: [], linkGroup: true });
    await ok(dir, ['up']);
    expect((await frontDoor()).linkGroup).toBe(false);
    await sb.resetRequests();
    await ok(dir, ['up']);
    expect(await mutatingCalls(sb)).toEqual([]);
  });
});
