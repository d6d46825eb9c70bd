/** The REST API (`apigateway`) operations rails uses, with the URIs and status codes of the SDK model. */
import * as d from './domains.js';
import * as a from './rest-apis.js';
import * as x from './rest-export.js';
import * as r from './rest-resources.js';
import type { Route } from './rest-router.js';
import * as t from './tags.js';
import * as l from './vpc-links.js';

const M = '/restapis/{}/resources/{}/methods/{}';

export const v1Routes: Route[] = [
  {
    method: 'POST',
    path: '/restapis',
    operation: 'CreateRestApi',
    status: 201,
    handler: (c, _p, _q, b) => a.createRestApi(c, b),
  },
  {
    method: 'GET',
    path: '/restapis',
    operation: 'GetRestApis',
    status: 200,
    handler: (c, _p, q) => a.getRestApis(c, q),
  },
  {
    method: 'GET',
    path: '/restapis/{}',
    operation: 'GetRestApi',
    status: 200,
    handler: (c, p) => a.getRestApi(c, p[0]!),
  },
  {
    method: 'DELETE',
    path: '/restapis/{}',
    operation: 'DeleteRestApi',
    status: 202,
    handler: (c, p) => a.deleteRestApi(c, p[0]!),
  },
  {
    method: 'GET',
    path: '/restapis/{}/resources',
    operation: 'GetResources',
    status: 200,
    handler: (c, p, q) => r.getResources(c, p[0]!, q),
  },
  {
    method: 'GET',
    path: '/restapis/{}/resources/{}',
    operation: 'GetResource',
    status: 200,
    handler: (c, p, q) => {
      const api = a.findRestApi(c, p[0]!);
      const embed = q
        .getAll('embed')
        .flatMap((e) => e.split(','))
        .includes('methods');
      return r.resourceOut(api.resources, r.findResource(api, p[1]!), embed);
    },
  },
  {
    method: 'POST',
    path: '/restapis/{}/resources/{}',
    operation: 'CreateResource',
    status: 201,
    handler: (c, p, _q, b) => r.createResource(c, p[0]!, p[1]!, b),
  },
  {
    method: 'DELETE',
    path: '/restapis/{}/resources/{}',
    operation: 'DeleteResource',
    status: 202,
    handler: (c, p) => r.deleteResource(c, p[0]!, p[1]!),
  },
  {
    method: 'PUT',
    path: `${M}/integration`,
    operation: 'PutIntegration',
    status: 201,
    handler: (c, p, _q, b) => r.putIntegration(c, p[0]!, p[1]!, p[2]!, b),
  },
  {
    method: 'GET',
    path: `${M}/integration`,
    operation: 'GetIntegration',
    status: 200,
    handler: (c, p) => r.getIntegration(c, p[0]!, p[1]!, p[2]!),
  },
  {
    method: 'PATCH',
    path: `${M}/integration`,
    operation: 'UpdateIntegration',
    status: 200,
    handler: (c, p, _q, b) => r.updateIntegration(c, p[0]!, p[1]!, p[2]!, b),
  },
  {
    method: 'DELETE',
    path: `${M}/integration`,
    operation: 'DeleteIntegration',
    status: 204,
    handler: (c, p) => r.deleteIntegration(c, p[0]!, p[1]!, p[2]!),
  },
  {
    method: 'PUT',
    path: M,
    operation: 'PutMethod',
    status: 201,
    handler: (c, p, _q, b) => r.putMethod(c, p[0]!, p[1]!, p[2]!, b),
  },
  {
    method: 'GET',
    path: M,
    operation: 'GetMethod',
    status: 200,
    handler: (c, p) => r.getMethod(c, p[0]!, p[1]!, p[2]!),
  },
  {
    method: 'DELETE',
    path: M,
    operation: 'DeleteMethod',
    status: 204,
    handler: (c, p) => r.deleteMethod(c, p[0]!, p[1]!, p[2]!),
  },
  {
    method: 'POST',
    path: '/restapis/{}/deployments',
    operation: 'CreateDeployment',
    status: 201,
    handler: (c, p, _q, b) => a.createDeployment(c, p[0]!, b),
  },
  {
    method: 'GET',
    path: '/restapis/{}/deployments',
    operation: 'GetDeployments',
    status: 200,
    handler: (c, p, q) => a.getDeployments(c, p[0]!, q),
  },
  {
    method: 'GET',
    path: '/restapis/{}/deployments/{}',
    operation: 'GetDeployment',
    status: 200,
    handler: (c, p, q) => a.getDeployment(c, p[0]!, p[1]!, q),
  },
  {
    method: 'DELETE',
    path: '/restapis/{}/deployments/{}',
    operation: 'DeleteDeployment',
    status: 202,
    handler: (c, p) => a.deleteDeployment(c, p[0]!, p[1]!),
  },
  {
    method: 'POST',
    path: '/restapis/{}/stages',
    operation: 'CreateStage',
    status: 201,
    handler: (c, p, _q, b) => a.createStage(c, p[0]!, b),
  },
  {
    method: 'GET',
    path: '/restapis/{}/stages',
    operation: 'GetStages',
    status: 200,
    handler: (c, p, q) => a.getStages(c, p[0]!, q),
  },
  {
    method: 'GET',
    path: '/restapis/{}/stages/{}',
    operation: 'GetStage',
    status: 200,
    handler: (c, p) => a.getStage(c, p[0]!, p[1]!),
  },
  {
    method: 'PATCH',
    path: '/restapis/{}/stages/{}',
    operation: 'UpdateStage',
    status: 200,
    handler: (c, p, _q, b) => a.updateStage(c, p[0]!, p[1]!, b),
  },
  {
    method: 'DELETE',
    path: '/restapis/{}/stages/{}',
    operation: 'DeleteStage',
    status: 202,
    handler: (c, p) => a.deleteStage(c, p[0]!, p[1]!),
  },
  {
    method: 'GET',
    path: '/restapis/{}/stages/{}/exports/{}',
    operation: 'GetExport',
    status: 200,
    handler: (c, p, q) => x.getExport(c, p[0]!, p[1]!, p[2]!, q),
  },
  {
    method: 'POST',
    path: '/vpclinks',
    operation: 'CreateVpcLink',
    status: 202,
    handler: (c, _p, _q, b) => l.createVpcLinkV1(c, b),
  },
  {
    method: 'GET',
    path: '/vpclinks',
    operation: 'GetVpcLinks',
    status: 200,
    handler: (c, _p, q) => l.getVpcLinksV1(c, q),
  },
  {
    method: 'GET',
    path: '/vpclinks/{}',
    operation: 'GetVpcLink',
    status: 200,
    handler: (c, p) => l.getVpcLinkV1(c, p[0]!),
  },
  {
    method: 'DELETE',
    path: '/vpclinks/{}',
    operation: 'DeleteVpcLink',
    status: 202,
    handler: (c, p) => l.deleteVpcLinkV1(c, p[0]!),
  },
  {
    method: 'POST',
    path: '/domainnames',
    operation: 'CreateDomainName',
    status: 201,
    handler: (c, _p, _q, b) => d.createDomainNameV1(c, b),
  },
  {
    method: 'GET',
    path: '/domainnames',
    operation: 'GetDomainNames',
    status: 200,
    handler: (c, _p, q) => d.getDomainNamesV1(c, q),
  },
  {
    method: 'GET',
    path: '/domainnames/{}',
    operation: 'GetDomainName',
    status: 200,
    handler: (c, p) => d.getDomainNameV1(c, p[0]!),
  },
  {
    method: 'DELETE',
    path: '/domainnames/{}',
    operation: 'DeleteDomainName',
    status: 202,
    handler: (c, p) => d.deleteDomainNameV1(c, p[0]!),
  },
  {
    method: 'POST',
    path: '/domainnames/{}/basepathmappings',
    operation: 'CreateBasePathMapping',
    status: 201,
    handler: (c, p, _q, b) => d.createBasePathMapping(c, p[0]!, b),
  },
  {
    method: 'GET',
    path: '/domainnames/{}/basepathmappings',
    operation: 'GetBasePathMappings',
    status: 200,
    handler: (c, p, q) => d.getBasePathMappings(c, p[0]!, q),
  },
  {
    method: 'DELETE',
    path: '/domainnames/{}/basepathmappings/{}',
    operation: 'DeleteBasePathMapping',
    status: 202,
    handler: (c, p) => d.deleteBasePathMapping(c, p[0]!, p[1]!),
  },
  {
    method: 'PUT',
    path: '/tags/{}',
    operation: 'TagResource',
    status: 204,
    handler: (c, p, _q, b) => t.tagResource(c, p[0]!, b.tags),
  },
  {
    method: 'GET',
    path: '/tags/{}',
    operation: 'GetTags',
    status: 200,
    handler: (c, p) => t.getTags(c, p[0]!),
  },
  {
    method: 'DELETE',
    path: '/tags/{}',
    operation: 'UntagResource',
    status: 204,
    handler: (c, p, q) => t.untagResource(c, p[0]!, q.getAll('tagKeys')),
  },
];
