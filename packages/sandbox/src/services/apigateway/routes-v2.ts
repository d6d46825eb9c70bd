/** The HTTP API (`apigatewayv2`, paths under `/v2/`) operations rails uses, as the SDK model gives them. */
import * as d from './domains.js';
import * as h from './http-apis.js';
import type { Route } from './rest-router.js';
import * as t from './tags.js';
import * as l from './vpc-links.js';

export const v2Routes: Route[] = [
  {
    method: 'POST',
    path: '/v2/apis',
    operation: 'CreateApi',
    status: 201,
    handler: (c, _p, _q, b) => h.createApi(c, b),
  },
  {
    method: 'GET',
    path: '/v2/apis',
    operation: 'GetApis',
    status: 200,
    handler: (c, _p, q) => h.getApis(c, q),
  },
  {
    method: 'GET',
    path: '/v2/apis/{}',
    operation: 'GetApi',
    status: 200,
    handler: (c, p) => h.getApi(c, p[0]!),
  },
  {
    method: 'DELETE',
    path: '/v2/apis/{}',
    operation: 'DeleteApi',
    status: 204,
    handler: (c, p) => h.deleteApi(c, p[0]!),
  },
  {
    method: 'POST',
    path: '/v2/apis/{}/routes',
    operation: 'CreateRoute',
    status: 201,
    handler: (c, p, _q, b) => h.createRoute(c, p[0]!, b),
  },
  {
    method: 'GET',
    path: '/v2/apis/{}/routes',
    operation: 'GetRoutes',
    status: 200,
    handler: (c, p, q) => h.getRoutes(c, p[0]!, q),
  },
  {
    method: 'GET',
    path: '/v2/apis/{}/routes/{}',
    operation: 'GetRoute',
    status: 200,
    handler: (c, p) => h.getRoute(c, p[0]!, p[1]!),
  },
  {
    method: 'DELETE',
    path: '/v2/apis/{}/routes/{}',
    operation: 'DeleteRoute',
    status: 204,
    handler: (c, p) => h.deleteRoute(c, p[0]!, p[1]!),
  },
  {
    method: 'POST',
    path: '/v2/apis/{}/integrations',
    operation: 'CreateIntegration',
    status: 201,
    handler: (c, p, _q, b) => h.createIntegration(c, p[0]!, b),
  },
  {
    method: 'GET',
    path: '/v2/apis/{}/integrations',
    operation: 'GetIntegrations',
    status: 200,
    handler: (c, p, q) => h.getIntegrations(c, p[0]!, q),
  },
  {
    method: 'GET',
    path: '/v2/apis/{}/integrations/{}',
    operation: 'GetIntegration',
    status: 200,
    handler: (c, p) => h.getIntegration(c, p[0]!, p[1]!),
  },
  {
    method: 'PATCH',
    path: '/v2/apis/{}/integrations/{}',
    operation: 'UpdateIntegration',
    status: 200,
    handler: (c, p, _q, b) => h.updateIntegration(c, p[0]!, p[1]!, b),
  },
  {
    method: 'DELETE',
    path: '/v2/apis/{}/integrations/{}',
    operation: 'DeleteIntegration',
    status: 204,
    handler: (c, p) => h.deleteIntegration(c, p[0]!, p[1]!),
  },
  {
    method: 'POST',
    path: '/v2/apis/{}/stages',
    operation: 'CreateStage',
    status: 201,
    handler: (c, p, _q, b) => h.createStageV2(c, p[0]!, b),
  },
  {
    method: 'GET',
    path: '/v2/apis/{}/stages',
    operation: 'GetStages',
    status: 200,
    handler: (c, p, q) => h.getStagesV2(c, p[0]!, q),
  },
  {
    method: 'GET',
    path: '/v2/apis/{}/stages/{}',
    operation: 'GetStage',
    status: 200,
    handler: (c, p) => h.getStageV2(c, p[0]!, p[1]!),
  },
  {
    method: 'DELETE',
    path: '/v2/apis/{}/stages/{}',
    operation: 'DeleteStage',
    status: 204,
    handler: (c, p) => h.deleteStageV2(c, p[0]!, p[1]!),
  },
  {
    method: 'POST',
    path: '/v2/vpclinks',
    operation: 'CreateVpcLink',
    status: 201,
    handler: (c, _p, _q, b) => l.createVpcLinkV2(c, b),
  },
  {
    method: 'GET',
    path: '/v2/vpclinks',
    operation: 'GetVpcLinks',
    status: 200,
    handler: (c, _p, q) => l.getVpcLinksV2(c, q),
  },
  {
    method: 'GET',
    path: '/v2/vpclinks/{}',
    operation: 'GetVpcLink',
    status: 200,
    handler: (c, p) => l.getVpcLinkV2(c, p[0]!),
  },
  {
    method: 'DELETE',
    path: '/v2/vpclinks/{}',
    operation: 'DeleteVpcLink',
    status: 202,
    handler: (c, p) => {
      l.deleteVpcLinkV2(c, p[0]!);
      return {};
    },
  },
  {
    method: 'POST',
    path: '/v2/domainnames',
    operation: 'CreateDomainName',
    status: 201,
    handler: (c, _p, _q, b) => d.createDomainNameV2(c, b),
  },
  {
    method: 'GET',
    path: '/v2/domainnames',
    operation: 'GetDomainNames',
    status: 200,
    handler: (c, _p, q) => d.getDomainNamesV2(c, q),
  },
  {
    method: 'GET',
    path: '/v2/domainnames/{}',
    operation: 'GetDomainName',
    status: 200,
    handler: (c, p) => d.getDomainNameV2(c, p[0]!),
  },
  {
    method: 'DELETE',
    path: '/v2/domainnames/{}',
    operation: 'DeleteDomainName',
    status: 204,
    handler: (c, p) => d.deleteDomainNameV2(c, p[0]!),
  },
  {
    method: 'POST',
    path: '/v2/domainnames/{}/apimappings',
    operation: 'CreateApiMapping',
    status: 201,
    handler: (c, p, _q, b) => d.createApiMapping(c, p[0]!, b),
  },
  {
    method: 'GET',
    path: '/v2/domainnames/{}/apimappings',
    operation: 'GetApiMappings',
    status: 200,
    handler: (c, p, q) => d.getApiMappings(c, p[0]!, q),
  },
  {
    method: 'DELETE',
    path: '/v2/domainnames/{}/apimappings/{}',
    operation: 'DeleteApiMapping',
    status: 204,
    handler: (c, p) => d.deleteApiMapping(c, p[0]!, p[1]!),
  },
  {
    method: 'POST',
    path: '/v2/tags/{}',
    operation: 'TagResource',
    status: 201,
    handler: (c, p, _q, b) => {
      t.tagResource(c, p[0]!, b.tags);
      return {};
    },
  },
  {
    method: 'GET',
    path: '/v2/tags/{}',
    operation: 'GetTags',
    status: 200,
    handler: (c, p) => t.getTags(c, p[0]!),
  },
  {
    method: 'DELETE',
    path: '/v2/tags/{}',
    operation: 'UntagResource',
    status: 204,
    handler: (c, p, q) => t.untagResource(c, p[0]!, q.getAll('tagKeys')),
  },
];
