/** The API hop's verdicts from a snapshot: pure, no AWS. */
import type { Resource } from '@aws-sdk/client-api-gateway';
import { describe, expect, it } from 'vitest';
import type { ApiSnapshot, RailSnapshot } from '../../src/lib/observe/snapshot.js';
import { deploymentDescription } from '../../src/lib/rail/api-spec.js';
import { buildApi, liveDeploymentHash } from '../../src/lib/status/build-api.js';
import { buildStatus } from '../../src/lib/status/build-status.js';
import { ALB, healthy, NLB } from './snapshot-fixture.js';

const LINK = 'lnk001';
const CERT = 'arn:aws:acm:us-east-1:123456789012:certificate/c1';

function resources(uri = 'https://api.abq.com/web/{proxy}'): Resource[] {
  return [
    { id: 'r0', path: '/' },
    { id: 'r1', path: '/web', parentId: 'r0', pathPart: 'web' },
    {
      id: 'r2',
      path: '/web/{proxy+}',
      parentId: 'r1',
      pathPart: '{proxy+}',
      resourceMethods: {
        ANY: {
          httpMethod: 'ANY',
          methodIntegration: {
            type: 'HTTP_PROXY',
            httpMethod: 'ANY',
            uri,
            connectionType: 'VPC_LINK',
            connectionId: LINK,
            requestParameters: { 'integration.request.path.proxy': 'method.request.path.proxy' },
          },
        },
      },
    },
  ];
}

/** The healthy rail with a REST API over a v1 link to its NLB, deployed as it is, mapped at api.abq.com. */
function withApi(patch: (api: ApiSnapshot) => void = () => {}): RailSnapshot {
  const snap = healthy();
  snap.selector.api = {
    from: 'config',
    ref: 't-api',
    type: 'rest',
    stageName: 'live',
    link: { version: 'v1', name: 't-api-link', target: 'nlb' },
    routes: [{ service: 'web', resourcePath: '/web/{proxy+}', routeKey: 'ANY /web/{proxy+}' }],
    domainName: 'api.abq.com',
  };
  const res = resources();
  const api: ApiSnapshot = {
    restApis: [{ id: 'a1', name: 't-api' }],
    httpApis: [],
    rest: {
      api: { id: 'a1', name: 't-api' },
      resources: res,
      stages: [{ stageName: 'live', deploymentId: 'd1' }],
      deployment: {
        id: 'd1',
        description: deploymentDescription(liveDeploymentHash(res)),
        createdDate: new Date('2026-01-01T00:00:00Z'),
        apiSummary: { '/web/{proxy+}': { ANY: { authorizationType: 'NONE', apiKeyRequired: false } } },
      },
    },
    stageName: 'live',
    linksV1: [{ id: LINK, name: 't-api-link', status: 'AVAILABLE', targetArns: [NLB] }],
    linksV2: [],
    domain: {
      $metadata: {},
      DomainName: 'api.abq.com',
      DomainNameConfigurations: [{ CertificateArn: CERT }],
    },
    mappings: [{ ApiId: 'a1', Stage: 'live', ApiMappingKey: '' }],
    certificate: { CertificateArn: CERT, Status: 'ISSUED', NotAfter: new Date('2027-01-01T00:00:00Z') },
  };
  patch(api);
  snap.api = api;
  return snap;
}

const codes = (snap: RailSnapshot) => buildApi(snap)!.reasons.map((r) => `${r.level} ${r.code}`);

describe('the API hop', () => {
  it('is ok when the stage serves the API as it is, over an AVAILABLE link to the NLB, mapped', () => {
    const api = buildApi(withApi())!;
    expect(api).toMatchObject({
      verdict: 'ok',
      undeployedChanges: false,
      undeployedBasis: 'deployment-hash',
    });
    expect(api.reasons).toEqual([]);
    expect(api.domain).toMatchObject({ mapping: { apiId: 'a1', stage: 'live', basePath: '' } });
    const report = buildStatus(withApi());
    expect(report.hops[0]).toEqual({ hop: 'api', verdict: 'ok' });
  });

  it('undeployed changes: an integration changed (hash) or a method added (summary) degrade it', () => {
    const changed = withApi((a) => {
      a.rest!.resources = resources('https://api.abq.com/other/{proxy}');
    });
    expect(codes(changed)).toEqual(['degraded Api.UndeployedChanges']);
    expect(buildApi(changed)!.undeployed).toEqual(['integrations changed']);
    const added = withApi((a) => {
      a.rest!.resources[1]!.resourceMethods = { GET: { httpMethod: 'GET' } };
    });
    expect(buildApi(added)!.undeployed).toEqual(['+ GET /web']);
  });

  it('a deployment rails did not make: the summary is compared, integrations cannot be told', () => {
    const snap = withApi((a) => {
      a.rest!.deployment!.description = 'by hand';
      a.rest!.resources = resources('https://api.abq.com/other/{proxy}');
    });
    const api = buildApi(snap)!;
    expect(api).toMatchObject({ verdict: 'ok', undeployedChanges: false, undeployedBasis: 'api-summary' });
    expect(codes(snap)).toEqual(['warning Api.UndeployedUnknown']);
  });

  it('link states: PENDING and FAILED break it, INACTIVE degrades it', () => {
    const v1 = (status: string, statusMessage?: string) =>
      withApi((a) => {
        a.linksV1[0]!.status = status as any;
        a.linksV1[0]!.statusMessage = statusMessage;
      });
    expect(codes(v1('PENDING'))).toEqual(['broken Api.LinkPending']);
    expect(buildApi(v1('FAILED', 'NLB ARN is malformed'))!.reasons[0]!.message).toBe(
      'VPC link v1 t-api-link FAILED: NLB ARN is malformed',
    );
    const inactive = withApi((a) => {
      a.linksV1 = [];
      a.linksV2 = [
        {
          VpcLinkId: LINK,
          Name: 't-api-link-v2',
          VpcLinkStatus: 'INACTIVE',
          SubnetIds: [],
          SecurityGroupIds: [],
        },
      ];
      for (const r of a.rest!.resources)
        if (r.resourceMethods?.ANY?.methodIntegration)
          r.resourceMethods.ANY.methodIntegration.integrationTarget = ALB;
      a.rest!.deployment!.description = deploymentDescription(liveDeploymentHash(a.rest!.resources));
    });
    inactive.selector.api!.link = { version: 'v2', name: 't-api-link-v2', target: 'alb' };
    expect(codes(inactive)).toEqual(['degraded Api.LinkInactive']);
  });

  it("a link or integration that does not reach the rail's load balancer breaks it", () => {
    const elsewhere = withApi((a) => {
      a.linksV1[0]!.targetArns = ['arn:aws:elasticloadbalancing:us-east-1:1:loadbalancer/net/other/9'];
    });
    expect(codes(elsewhere)).toEqual(['broken Api.LinkWrongTarget']);
    const v2ToNlb = withApi((a) => {
      a.linksV1 = [];
      a.linksV2 = [
        {
          VpcLinkId: LINK,
          Name: 't-api-link-v2',
          VpcLinkStatus: 'AVAILABLE',
          SubnetIds: [],
          SecurityGroupIds: [],
        },
      ];
      a.rest!.resources[2]!.resourceMethods!.ANY!.methodIntegration!.integrationTarget = NLB;
      a.rest!.deployment!.description = deploymentDescription(liveDeploymentHash(a.rest!.resources));
    });
    v2ToNlb.selector.api!.link = { version: 'v2', name: 't-api-link-v2', target: 'alb' };
    expect(codes(v2ToNlb)).toEqual(['broken Api.LinkWrongTarget']);
  });

  it('a missing path, stage, link, domain or mapping breaks it; a missing API too', () => {
    // The proxy resource deleted behind rails's back: missing now, and still served by the stage.
    const gone = withApi((a) => {
      a.rest!.resources = a.rest!.resources.slice(0, 2);
    });
    expect(codes(gone)).toEqual(['broken Api.MissingIntegration', 'degraded Api.UndeployedChanges']);
    expect(buildApi(gone)!.undeployed).toEqual(['- ANY /web/{proxy+}', 'integrations changed']);
    expect(codes(withApi((a) => (a.rest!.stages = [])))).toEqual(['broken Api.StageMissing']);
    expect(codes(withApi((a) => (a.linksV1 = [])))).toEqual(['broken Api.LinkMissing']);
    expect(codes(withApi((a) => (a.domain = null)))).toEqual(['broken Api.DomainMissing']);
    expect(codes(withApi((a) => (a.mappings = [{ ApiId: 'zz', Stage: 'live', ApiMappingKey: '' }])))).toEqual(
      ['broken Api.MappingMissing'],
    );
    const none = withApi((a) => {
      a.restApis = [];
      delete a.rest;
    });
    expect(buildApi(none)).toMatchObject({ state: 'not-found', verdict: 'broken' });
    expect(buildStatus(none).firstProblem).toMatchObject({ hop: 'api', code: 'Api.NotFound' });
  });

  it("the domain's certificate: under 30 days warns, expired breaks", () => {
    const soon = withApi((a) => {
      a.certificate!.NotAfter = new Date('2026-01-15T00:00:00Z');
    });
    expect(codes(soon)).toEqual(['warning Cert.ExpiresSoon']);
    expect(buildApi(soon)!.domain!.certificate).toMatchObject({ arn: CERT, daysLeft: 13 });
    const expired = withApi((a) => {
      a.certificate!.Status = 'EXPIRED';
    });
    expect(codes(expired)).toEqual(['broken Cert.Expired']);
  });

  it('staticIps: none without an NLB: no nlb or static-ips hop is judged', () => {
    const snap = withApi();
    snap.selector.staticIps = 'none';
    delete snap.nlb;
    snap.nlbListeners = [];
    snap.selector.api!.link = { version: 'v2', name: 't-api-link-v2', target: 'alb' };
    const report = buildStatus(snap);
    expect(report.hops.map((h) => h.hop)).toEqual(['api', 'alb', 'service:web']);
    expect(report.nlb.state).toBe('absent');
    expect(report.staticIps.mode).toBe('none');
  });
});
