import { describe, expect, it } from 'vitest';
import type { AwsClients } from '../../../src/lib/aws/clients.js';
import { railTags } from '../../../src/lib/common/names.js';
import type { RailConfig } from '../../../src/lib/config/schema.js';
import { linkStep } from '../../../src/lib/rail/api-links.js';
import {
  apiRoute,
  apiRoutes,
  deploymentDescription,
  deploymentHash,
  resourcePaths,
  restIntegrationSpec,
} from '../../../src/lib/rail/api-spec.js';
import type { Observed } from '../../../src/lib/rail/discover.js';
import { type ApiSeen, keptApi } from '../../../src/lib/rail/discover-api.js';
import { apiPhases } from '../../../src/lib/rail/plan-api.js';
import { movedLinkChains } from '../../../src/lib/rail/plan-api-move.js';
import { newResolved, type PlanContext, planItems } from '../../../src/lib/rail/steps.js';
import { minimalRail } from '../helpers.js';

const NLB = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/net/dev-nlb/1';
const ALB = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/dev-alb/2';
const OURS = (role: string) => railTags('dev', role);

const zebra = {
  name: 'zebra',
  host: 'api.abq.com',
  paths: ['/ice-station-zebra/*'],
} as RailConfig['services'][number];

function rail(api: Partial<NonNullable<RailConfig['apiGateway']>>, patch: Partial<RailConfig> = {}) {
  return minimalRail({
    services: [zebra],
    apiGateway: { type: 'rest', target: 'nlb', stageName: 'live', ...api },
    ...patch,
  });
}

function noApi(): ApiSeen {
  return { restApis: [], httpApis: [], basePathMappings: [], apiMappings: [] };
}

function context(r: RailConfig, api: ApiSeen, extra: Partial<Observed> = {}): PlanContext {
  const seen = {
    api,
    securityGroups: new Map(),
    tags: new Map(),
    nlbTargetGroups: new Map(),
    ...extra,
  } as unknown as Observed;
  const res = newResolved();
  res.nlbArn = NLB;
  res.albArn = ALB;
  // Planning is pure: a step that calls AWS at plan time fails the test.
  return { aws: {} as AwsClients, rail: r, seen, res, conflicts: [] };
}

/** The API as `up` leaves it with a v1 link: what the second `up` reads. */
function laidV1(r: RailConfig): ApiSeen {
  const route = apiRoutes(r).routes[0]!;
  const integration = restIntegrationSpec(route, 'link1', undefined);
  const api = { id: 'api1', name: 'dev-api', tags: OURS('api') };
  return {
    ...noApi(),
    restApis: [api],
    linkV1: {
      id: 'link1',
      name: 'dev-api-link',
      status: 'AVAILABLE',
      targetArns: [NLB],
      tags: OURS('api-link-v1'),
    },
    rest: {
      api,
      resources: [
        { id: 'root', path: '/' },
        { id: 'r1', path: '/ice-station-zebra' },
        { id: 'r2', path: '/ice-station-zebra/{proxy+}' },
      ],
      methods: new Map([
        [
          '/ice-station-zebra/{proxy+}',
          {
            httpMethod: 'ANY',
            requestParameters: { 'method.request.path.proxy': true },
            methodIntegration: { ...integration },
          },
        ],
      ]),
      stages: [{ stageName: 'live', deploymentId: 'd1' }],
      deployment: {
        id: 'd1',
        description: deploymentDescription(
          deploymentHash([{ resourcePath: route.resourcePath, integration }]),
        ),
      },
    },
  };
}

describe('service paths as API routes', () => {
  it('a trailing /* becomes {proxy+} with the path passed on', () => {
    expect(apiRoute('zebra', 'api.abq.com', '/ice-station-zebra/*')).toEqual({
      service: 'zebra',
      host: 'api.abq.com',
      pattern: '/ice-station-zebra/*',
      resourcePath: '/ice-station-zebra/{proxy+}',
      proxy: true,
      uri: 'https://api.abq.com/ice-station-zebra/{proxy}',
    });
  });
  it('an exact path is a literal resource; a wildcard inside a path is skipped with why', () => {
    expect(apiRoute('a', 'h.io', '/health')).toMatchObject({ resourcePath: '/health', proxy: false });
    expect(apiRoute('a', 'h.io', '/a*/b')).toMatch(/literal paths/);
  });
  it('parents come before children', () => {
    const { routes } = apiRoutes(rail({}, { services: [{ ...zebra, paths: ['/a/b/*', '/c'] }] }));
    expect(resourcePaths(routes)).toEqual(['/a', '/c', '/a/b', '/a/b/{proxy+}']);
  });
  it('a path claimed by two hosts goes to the first (API Gateway routes by path only)', () => {
    const r = rail({}, { services: [zebra, { ...zebra, name: 'other', host: 'b.abq.com' }] });
    const { routes, skipped } = apiRoutes(r);
    expect(routes.map((x) => x.service)).toEqual(['zebra']);
    expect(skipped[0]).toMatch(/already goes to zebra/);
  });
});

describe('the deployment hash', () => {
  const route = apiRoutes(rail({})).routes[0]!;
  it('is stable and changes with the integration', () => {
    const a = deploymentHash([
      { resourcePath: route.resourcePath, integration: restIntegrationSpec(route, 'l1', undefined) },
    ]);
    expect(a).toBe(
      deploymentHash([
        { resourcePath: route.resourcePath, integration: restIntegrationSpec(route, 'l1', undefined) },
      ]),
    );
    expect(a).not.toBe(
      deploymentHash([
        { resourcePath: route.resourcePath, integration: restIntegrationSpec(route, 'l2', ALB) },
      ]),
    );
  });
});

describe('planning the REST front door', () => {
  it('a fresh rail: link, API, resources, integration, stage, domain and mapping', () => {
    const r = rail({ domainName: 'api.abq.com' });
    const ctx = context(r, noApi());
    const link = linkStep(ctx, 'v1');
    const items = [link.item, ...planItems(apiPhases(ctx).phases)];
    expect(items.map((i) => `${i.action} ${i.kind} ${i.name}`)).toEqual([
      'create vpc-link-v1 dev-api-link',
      'create rest-api dev-api',
      'create api-resource /ice-station-zebra',
      'create api-resource /ice-station-zebra/{proxy+}',
      'create api-integration ANY /ice-station-zebra/{proxy+} → https://api.abq.com/ice-station-zebra/{proxy}',
      'create api-stage live',
      'create api-domain api.abq.com',
      'create api-base-path-mapping api.abq.com/ → dev-api live',
    ]);
  });
  it('what the first up laid: nothing to change, no deployment', () => {
    const r = rail({});
    const ctx = context(r, laidV1(r));
    const items = [linkStep(ctx, 'v1').item, ...planItems(apiPhases(ctx).phases)];
    expect(items.filter((i) => i.action !== 'unchanged')).toEqual([]);
    expect(movedLinkChains(ctx, true)).toEqual([]);
  });
  it('a path no service has any more: its branch goes, and the stage is deployed again', () => {
    const r = rail({});
    const seen = laidV1(r);
    seen.rest!.resources.push({ id: 'o1', path: '/old' }, { id: 'o2', path: '/old/{proxy+}' });
    const ctx = context(r, seen);
    linkStep(ctx, 'v1');
    const changes = planItems(apiPhases(ctx).phases).filter((i) => i.action !== 'unchanged');
    expect(changes.map((i) => `${i.action} ${i.kind} ${i.name}`)).toEqual([
      'delete api-resource /old',
      'update api-stage live',
    ]);
  });
  it('a changed integration deploys again', () => {
    const r = rail({});
    const seen = laidV1(r);
    seen.rest!.methods.get('/ice-station-zebra/{proxy+}')!.methodIntegration!.uri =
      'https://old.abq.com/{proxy}';
    const ctx = context(r, seen);
    linkStep(ctx, 'v1');
    const items = planItems(apiPhases(ctx).phases);
    expect(items.find((i) => i.kind === 'api-integration')?.action).toBe('update');
    expect(items.find((i) => i.kind === 'api-stage')).toMatchObject({ action: 'update' });
  });
  it("a FAILED link is blocked with AWS's statusMessage, and applying it stops the run", async () => {
    const r = rail({});
    const seen = laidV1(r);
    seen.linkV1 = { ...seen.linkV1!, status: 'FAILED', statusMessage: 'NLB is gone' };
    const step = linkStep(context(r, seen), 'v1');
    expect(step.item).toMatchObject({
      action: 'blocked',
      note: expect.stringMatching(/FAILED: NLB is gone/),
    });
    await expect(step.apply!()).rejects.toThrow(/FAILED: NLB is gone/);
  });
  it('a v1 link to another NLB is blocked', () => {
    const r = rail({});
    const seen = laidV1(r);
    seen.linkV1 = { ...seen.linkV1!, targetArns: ['arn:other'] };
    expect(linkStep(context(r, seen), 'v1').item.note).toMatch(/not this rail's NLB/);
  });
  it('a link of our name rails did not make is a conflict', () => {
    const r = rail({});
    const seen = { ...noApi(), linkV1: { id: 'x', name: 'dev-api-link', tags: {} } };
    const ctx = context(r, seen);
    expect(linkStep(ctx, 'v1').item.action).toBe('blocked');
    expect(ctx.conflicts[0]).toMatch(/without this rail's tags/);
  });
});

describe('moving v1 → v2 (target alb, staticIps none)', () => {
  const r = rail({ vpcLink: 'v2', target: 'alb' }, { staticIps: 'none' });
  const nlb = { LoadBalancerArn: NLB, LoadBalancerName: 'dev-nlb' };
  const ctx = context(r, laidV1(r), {
    nlb,
    tags: new Map([[NLB, OURS('nlb')]]),
  } as Partial<Observed>);
  const link = linkStep(ctx, 'v2');
  const phases = apiPhases(ctx).phases;
  const items = planItems(phases);
  const cleanup = movedLinkChains(ctx, true)
    .flat()
    .map((s) => `${s.item.action} ${s.item.kind} ${s.item.name}`);
  it('creates the v2 link and switches the integration to it with the ALB as its target', () => {
    expect(link.item).toMatchObject({ action: 'create', kind: 'vpc-link-v2' });
    const integration = items.find((i) => i.kind === 'api-integration')!;
    expect(integration.action).toBe('update');
    expect(integration.changes?.map((c) => c.field)).toEqual(['connectionId', 'integrationTarget']);
    expect(integration.changes?.find((c) => c.field === 'integrationTarget')?.to).toBe(ALB);
  });
  it('deploys, then removes the v1 link, then the NLB', () => {
    expect(items.find((i) => i.kind === 'api-stage')?.action).toBe('update');
    expect(cleanup).toEqual(['delete vpc-link-v1 dev-api-link', 'delete load-balancer dev-nlb']);
  });
});

describe('planning the HTTP API front door', () => {
  it('API, integration per host, route, auto-deploy stage, domain and mapping', () => {
    const r = rail({ type: 'http', target: 'alb', domainName: 'api.abq.com' });
    const ctx = context(r, noApi());
    ctx.res.listeners.set('alb:443', 'arn:listener/app/dev-alb/2/443');
    const items = [linkStep(ctx, 'v2').item, ...planItems(apiPhases(ctx).phases)];
    expect(items.map((i) => `${i.action} ${i.kind} ${i.name}`)).toEqual([
      'create vpc-link-v2 dev-api-link-v2',
      'create http-api dev-api',
      'create api-integration api.abq.com → ALB:443',
      'create api-route ANY /ice-station-zebra/{proxy+}',
      'create api-stage $default',
      'create api-domain api.abq.com',
      'create api-mapping api.abq.com/ → dev-api $default',
    ]);
  });
});

describe('an interrupted create left two APIs of our name', () => {
  const r = rail({});
  it('keeps the oldest and deletes the other', () => {
    const seen = laidV1(r);
    const older = { ...seen.restApis[0]!, createdDate: new Date(1000) };
    const newer = { id: 'api2', name: 'dev-api', tags: OURS('api'), createdDate: new Date(2000) };
    expect(
      keptApi(
        [newer, older],
        (a) => a.tags,
        (a) => a.createdDate,
        'dev',
      ),
    ).toBe(older);
    seen.restApis = [newer, older];
    seen.rest!.api = older;
    const ctx = context(r, seen);
    linkStep(ctx, 'v1');
    const changes = planItems(apiPhases(ctx).phases).filter((i) => i.action !== 'unchanged');
    expect(changes.map((i) => `${i.action} ${i.kind} ${i.name}`)).toEqual(['delete rest-api dev-api (api2)']);
    expect(ctx.conflicts).toEqual([]);
  });
  it('one of them not ours: a conflict, nothing kept', () => {
    const apis = [
      { id: 'a', tags: OURS('api') },
      { id: 'b', tags: {} },
    ];
    expect(
      keptApi(
        apis,
        (a) => a.tags,
        () => undefined,
        'dev',
      ),
    ).toBeUndefined();
    const ctx = context(r, { ...noApi(), restApis: apis.map((a) => ({ ...a, name: 'dev-api' })) });
    expect(planItems(apiPhases(ctx).phases)[0]).toMatchObject({ kind: 'rest-api', action: 'blocked' });
    expect(ctx.conflicts[0]).toMatch(/2 REST APIs are named dev-api/);
  });
});
