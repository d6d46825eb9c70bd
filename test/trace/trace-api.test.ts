/** The API Gateway hop over snapshots (no AWS): entries, mappings, link states and targets the end-to-end rails do not reach. */
import type { VpcLinkStatus } from '@aws-sdk/client-api-gateway';
import { describe, expect, it } from 'vitest';
import { apiEntry, pickMapping } from '../../src/lib/trace/api-entry.js';
import type { ApiFrontSnapshot } from '../../src/lib/trace/read-api-front.js';
import { traceApi } from '../../src/lib/trace/trace-api.js';
import { parseTraceRequest, traceRequest } from '../../src/lib/trace/trace-route.js';
import { ALB, healthy, NLB } from '../status/snapshot-fixture.js';

const PROXY = { 'integration.request.path.proxy': 'method.request.path.proxy' };

/** A REST API `/web/{proxy+}` ANY → https://api.abq.com/web/{proxy} over link `lnk`, mapped at the root of api.abq.com. */
function front(
  link: Partial<{ status: VpcLinkStatus; statusMessage: string; targetArns: string[] }> = {},
  patch: Partial<ApiFrontSnapshot> = {},
): ApiFrontSnapshot {
  return {
    entry: { by: 'domain', domainName: 'api.abq.com', type: 'rest' },
    mappings: [{ key: '', apiId: 'a1', stage: 'live' }],
    rest: {
      id: 'a1',
      name: 't-api',
      stages: [{ stageName: 'live', deploymentId: 'd1', variables: { link: 'lnk' } }],
      resources: [
        { id: 'root', path: '/' },
        { id: 'w', parentId: 'root', pathPart: 'web', path: '/web' },
        {
          id: 'p',
          parentId: 'w',
          pathPart: '{proxy+}',
          path: '/web/{proxy+}',
          resourceMethods: {
            ANY: {
              httpMethod: 'ANY',
              methodIntegration: {
                type: 'HTTP_PROXY',
                connectionType: 'VPC_LINK',
                connectionId: 'lnk',
                uri: 'https://api.abq.com/web/{proxy}',
                requestParameters: PROXY,
              },
            },
          },
        },
      ],
    },
    linksV1: [{ id: 'lnk', name: 't-api-link', status: 'AVAILABLE', targetArns: [NLB], ...link }],
    linksV2: [],
    readErrors: [],
    ...patch,
  };
}

const req = (url: string, method = 'GET') => parseTraceRequest({ url, method });

describe('apiEntry', () => {
  const rail = { type: 'rest' as const, name: 'dev-api', stageName: 'live', domainName: 'api.abq.com' };
  it('the rail’s domain, an execute-api host or --api start at API Gateway; other hosts do not', () => {
    expect(apiEntry('API.abq.com', rail, undefined)).toEqual({
      by: 'domain',
      domainName: 'api.abq.com',
      type: 'rest',
    });
    expect(apiEntry('a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com', undefined, undefined)).toEqual({
      by: 'execute-api',
      apiId: 'a1b2c3d4e5',
    });
    expect(apiEntry('x.example', undefined, 'dev-api')).toEqual({ by: 'api-flag', ref: 'dev-api' });
    expect(apiEntry('other.abq.com', rail, undefined)).toBeUndefined();
    expect(apiEntry('api.abq.com', undefined, undefined)).toBeUndefined();
  });
});

describe('pickMapping', () => {
  const ms = [
    { key: '', apiId: 'root', stage: 's' },
    { key: 'v1', apiId: 'one', stage: 's' },
    { key: 'v1/orders', apiId: 'orders', stage: 's' },
  ];
  it('the longest base path that begins the path, else the root; the path below it', () => {
    expect(pickMapping(ms, '/v1/orders/7')).toEqual({ mapping: ms[2], rest: '/7' });
    expect(pickMapping(ms, '/v1/x/')).toEqual({ mapping: ms[1], rest: '/x/' });
    expect(pickMapping(ms, '/v1')).toEqual({ mapping: ms[1], rest: '/' });
    expect(pickMapping(ms, '/v10/x')).toEqual({ mapping: ms[0], rest: '/v10/x' });
    expect(pickMapping(ms.slice(1), '/other')).toBeUndefined();
  });
});

describe('traceApi', () => {
  it('REST over an AVAILABLE v1 link: the NLB receives the filled uri, the Host from it, the client’s query', () => {
    const step = traceApi(front(), req('https://api.abq.com/web/a/b?q=1'), healthy());
    expect(step.outcome).toBeUndefined();
    expect(step.api.resource).toEqual({ path: '/web/{proxy+}', method: 'ANY', params: { proxy: 'a/b' } });
    expect(step.downstream).toMatchObject({ host: 'api.abq.com', port: 443, path: '/web/a/b', query: 'q=1' });
    expect(step.downstream?.headers.host).toBe('api.abq.com');
    expect(step.api.downstream?.enters).toBe('nlb');
  });

  it.each([
    ['PENDING', /still being made/],
    ['FAILED', /failed: NLB ARN is malformed/],
    ['DELETING', /being deleted/],
  ] as [VpcLinkStatus, RegExp][])('a %s link: the request ends at API Gateway, said why', (status, why) => {
    const step = traceApi(
      front({ status, statusMessage: 'NLB ARN is malformed' }),
      req('https://api.abq.com/web/x'),
      healthy(),
    );
    expect(step.outcome).toBe('vpc-link-not-available');
    expect(step.summary).toMatch(why);
  });

  it('an INACTIVE v2 link (60 idle days) is explained', () => {
    const f = front(
      {},
      {
        linksV1: [],
        linksV2: [
          { VpcLinkId: 'lnk', Name: 'l2', VpcLinkStatus: 'INACTIVE', SecurityGroupIds: [], SubnetIds: [] },
        ],
      },
    );
    f.rest!.resources[2]!.resourceMethods!.ANY!.methodIntegration!.integrationTarget = ALB;
    const step = traceApi(f, req('https://api.abq.com/web/x'), healthy());
    expect(step.outcome).toBe('vpc-link-not-available');
    expect(step.summary).toMatch(/no traffic went through it for 60 days/);
  });

  it('a link to a load balancer outside the rail: trace that rail instead', () => {
    const step = traceApi(
      front({ targetArns: ['arn:aws:elasticloadbalancing:us-east-1:1:loadbalancer/net/other-nlb/9'] }),
      req('https://api.abq.com/web/x'),
      healthy(),
    );
    expect(step.outcome).toBe('api-target-outside-rail');
    expect(step.summary).toMatch(/leads to other-nlb, which is not this rail's NLB \(t-nlb\)/);
  });

  it('a connection id from a stage variable resolves through the stage', () => {
    const f = front();
    f.rest!.resources[2]!.resourceMethods!.ANY!.methodIntegration!.connectionId = [
      '$',
      '{stageVariables.link}',
    ].join('');
    expect(traceApi(f, req('https://api.abq.com/web/x'), healthy()).api.vpcLink?.id).toBe('lnk');
  });

  it('no mapping takes the path: 403 Forbidden', () => {
    const step = traceApi(
      front({}, { mappings: [{ key: 'v2', apiId: 'a1', stage: 'live' }] }),
      req('https://api.abq.com/web/x'),
      healthy(),
    );
    expect(step.outcome).toBe('api-forbidden');
    expect(step.api.answer).toEqual({ status: 403, message: 'Forbidden' });
  });

  it('execute-api: /live without a slash is not the root (403 Missing Authentication Token)', () => {
    const f = front({}, { entry: { by: 'execute-api', apiId: 'a1' } });
    f.rest!.resources[0]!.resourceMethods = { GET: { httpMethod: 'GET' } };
    const host = 'https://a1.execute-api.us-east-1.amazonaws.com';
    expect(traceApi(f, req(`${host}/live`), healthy()).api.answer?.message).toBe(
      'Missing Authentication Token',
    );
    expect(traceApi(f, req(`${host}/live/web/x`), healthy()).api).toMatchObject({
      stage: 'live',
      path: '/web/x',
    });
  });

  it('a stage serves its deployment: a resource added since is not served, and the summary says so', () => {
    const f = front();
    // The deployment holds only /web/{proxy+} ANY; /new ANY was added afterwards and not deployed.
    f.rest!.deployments = { d1: { apiSummary: { '/web/{proxy+}': { ANY: {} } } } };
    f.rest!.resources.push({
      id: 'n',
      parentId: 'root',
      pathPart: 'new',
      path: '/new',
      resourceMethods: { ANY: { httpMethod: 'ANY', methodIntegration: { type: 'MOCK' } } },
    });
    const step = traceApi(f, req('https://api.abq.com/new'), healthy());
    expect(step.outcome).toBe('api-no-route');
    expect(step.api.deployment).toEqual({ id: 'd1', summary: true, undeployedChanges: ['+ANY /new'] });
    expect(step.summary).toMatch(/not served yet: \+ANY \/new \(deploy the API to the stage\)/);
    // What is deployed still goes through.
    expect(traceApi(f, req('https://api.abq.com/web/x'), healthy()).downstream?.path).toBe('/web/x');
  });

  it('a method deleted since the deployment is still served (but its integration cannot be read now)', () => {
    const f = front();
    f.rest!.deployments = { d1: { apiSummary: { '/web/{proxy+}': { ANY: {} }, '/web': { GET: {} } } } };
    const step = traceApi(f, req('https://api.abq.com/web'), healthy());
    expect(step.api.resource).toMatchObject({ path: '/web', method: 'GET' });
    expect(step.api.deployment?.undeployedChanges).toEqual(['-GET /web']);
    expect(step.summary).toMatch(
      /has no integration any more \(the deployment still serves the method: deploy the API\)/,
    );
  });

  it('without an apiSummary from AWS the current resources are matched, and the report says which', () => {
    const f = front();
    f.rest!.deployments = { d1: {} };
    const step = traceApi(f, req('https://api.abq.com/web/x'), healthy());
    expect(step.api.deployment).toEqual({ id: 'd1', summary: false, undeployedChanges: [] });
    expect(step.downstream).toBeDefined();
  });

  it('the whole trace: an API answer ends it before any load balancer; a request that goes on is traced at the NLB', () => {
    const snap = healthy();
    const ended = traceRequest(
      snap,
      req('https://api.abq.com/nope'),
      'u',
      traceApi(front(), req('https://api.abq.com/nope'), snap),
    );
    expect(ended.outcome).toBe('api-no-route');
    expect(ended.nlb.listener).toBeUndefined();
    const on = traceRequest(
      snap,
      req('https://api.abq.com/web/x'),
      'u',
      traceApi(front(), req('https://api.abq.com/web/x'), snap),
    );
    // The fixture's NLB listens on 80 only: the integration's https uri meets no NLB listener on 443.
    expect(on.outcome).toBe('no-nlb-listener');
    expect(on.albRequest).toMatchObject({ host: 'api.abq.com', port: 443, path: '/web/x' });
  });
});
