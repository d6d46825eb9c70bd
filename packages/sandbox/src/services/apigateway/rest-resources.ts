/**
 * REST API resources, methods and integrations (docs/aws-behaviour.md §11): the resource tree
 * with AWS's path-part rules, methods, and integrations checked against the VPC links and load
 * balancers they name.
 */
import type { RequestContext } from '../../core/types.js';
import { elbv2State } from '../elbv2/state.js';
import { badRequest, conflict, notFound } from './errors.js';
import { findRestApi } from './rest-apis.js';
import {
  apigwRegion,
  type RestApi,
  type RestIntegration,
  type RestMethod,
  type RestResource,
} from './state.js';

/** The resource's full path from the root. */
export function resourcePath(resources: Record<string, RestResource>, r: RestResource): string {
  const parts: string[] = [];
  let cur: RestResource | undefined = r;
  while (cur?.pathPart !== undefined) {
    parts.unshift(cur.pathPart);
    cur = cur.parentId ? resources[cur.parentId] : undefined;
  }
  return `/${parts.join('/')}`;
}

export function findResource(api: RestApi, id: string): RestResource {
  const r = api.resources[id];
  if (!r) throw notFound('Invalid Resource identifier specified');
  return r;
}

function findMethod(r: RestResource, httpMethod: string): RestMethod {
  const m = r.methods[httpMethod.toUpperCase()];
  if (!m) throw notFound('Invalid Method identifier specified');
  return m;
}

export function integrationOut(i: RestIntegration) {
  return {
    type: i.type,
    ...(i.httpMethod ? { httpMethod: i.httpMethod } : {}),
    ...(i.uri ? { uri: i.uri } : {}),
    connectionType: i.connectionType,
    ...(i.connectionId ? { connectionId: i.connectionId } : {}),
    ...(i.integrationTarget ? { integrationTarget: i.integrationTarget } : {}),
    ...(Object.keys(i.requestParameters).length ? { requestParameters: i.requestParameters } : {}),
    passthroughBehavior: i.passthroughBehavior,
    timeoutInMillis: i.timeoutInMillis,
    cacheNamespace: i.cacheNamespace,
    cacheKeyParameters: i.cacheKeyParameters,
    ...(i.tlsConfig ? { tlsConfig: i.tlsConfig } : {}),
  };
}

export function methodOut(m: RestMethod) {
  return {
    httpMethod: m.httpMethod,
    authorizationType: m.authorizationType,
    apiKeyRequired: m.apiKeyRequired,
    ...(Object.keys(m.requestParameters).length ? { requestParameters: m.requestParameters } : {}),
    ...(m.integration ? { methodIntegration: integrationOut(m.integration) } : {}),
  };
}

export function resourceOut(resources: Record<string, RestResource>, r: RestResource, embedMethods: boolean) {
  const methods = Object.values(r.methods);
  return {
    id: r.id,
    ...(r.parentId ? { parentId: r.parentId } : {}),
    ...(r.pathPart !== undefined ? { pathPart: r.pathPart } : {}),
    path: resourcePath(resources, r),
    ...(methods.length
      ? {
          resourceMethods: Object.fromEntries(
            methods.map((m) => [m.httpMethod, embedMethods ? methodOut(m) : {}]),
          ),
        }
      : {}),
  };
}

const PATH_PART = /^([a-zA-Z0-9._\-:]+|\{[a-zA-Z0-9._-]+\+?\})$/;

export function createResource(ctx: RequestContext, apiId: string, parentId: string, input: any) {
  const api = findRestApi(ctx, apiId);
  const parent = findResource(api, parentId);
  const pathPart = input.pathPart;
  if (typeof pathPart !== 'string' || pathPart === '') throw badRequest('Invalid resource path part');
  if (!PATH_PART.test(pathPart)) {
    throw badRequest(
      "Resource's path part only allow a-zA-Z0-9._- and curly braces at the beginning and the end and an optional plus sign before the closing brace.",
    );
  }
  if (parent.pathPart?.endsWith('+}')) {
    throw badRequest(`Cannot create a child of a resource with a greedy path variable: ${parent.pathPart}`);
  }
  const siblings = Object.values(api.resources).filter((r) => r.parentId === parent.id);
  if (siblings.some((s) => s.pathPart === pathPart)) {
    throw conflict(`Another resource with the same parent already has this name: ${pathPart}`);
  }
  const variable = siblings.find((s) => s.pathPart?.startsWith('{'));
  if (pathPart.startsWith('{') && variable) {
    throw badRequest(
      `A sibling (${variable.pathPart}) of this resource already has a variable path part -- only one is allowed`,
    );
  }
  const r: RestResource = { id: ctx.sb.hex(6), parentId: parent.id, pathPart, methods: {} };
  api.resources[r.id] = r;
  ctx.sb.markDirty();
  return resourceOut(api.resources, r, false);
}

export function deleteResource(ctx: RequestContext, apiId: string, id: string) {
  const api = findRestApi(ctx, apiId);
  const r = findResource(api, id);
  if (!r.parentId) throw badRequest('Cannot delete the root resource');
  // Children go with their parent.
  const doomed = new Set([id]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const c of Object.values(api.resources))
      if (c.parentId && doomed.has(c.parentId) && !doomed.has(c.id)) {
        doomed.add(c.id);
        grew = true;
      }
  }
  for (const d of doomed) delete api.resources[d];
  ctx.sb.markDirty();
}

export function getResources(ctx: RequestContext, apiId: string, q: URLSearchParams) {
  const api = findRestApi(ctx, apiId);
  const embed = q
    .getAll('embed')
    .flatMap((e) => e.split(','))
    .includes('methods');
  const all = Object.values(api.resources)
    .map((r) => resourceOut(api.resources, r, embed))
    .sort((a, b) => a.path.localeCompare(b.path));
  return page(all, q, ctx);
}

/** v1 paging: `limit` (default 25, at most 500) and an opaque `position`. */
export function page<T>(all: T[], q: URLSearchParams, ctx: RequestContext) {
  const limit = Math.min(Number(q.get('limit') ?? 25) || 25, 500, ctx.sb.settings.maxPageSize ?? 500);
  const start = Number(q.get('position') ?? 0) || 0;
  const item = all.slice(start, start + limit);
  const next = start + limit < all.length ? String(start + limit) : undefined;
  return { item, ...(next ? { position: next } : {}) };
}

const METHODS = ['ANY', 'GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'];
const AUTH_TYPES = ['NONE', 'AWS_IAM', 'CUSTOM', 'COGNITO_USER_POOLS'];

export function putMethod(
  ctx: RequestContext,
  apiId: string,
  resourceId: string,
  httpMethod: string,
  input: any,
) {
  const api = findRestApi(ctx, apiId);
  const r = findResource(api, resourceId);
  const verb = httpMethod.toUpperCase();
  if (!METHODS.includes(verb))
    throw badRequest(
      'Invalid HttpMethod specified. Valid options are GET,PUT,POST,DELETE,PATCH,OPTIONS,HEAD,ANY',
    );
  if (r.methods[verb]) throw conflict('Method already exists for this resource');
  const authorizationType = input.authorizationType;
  if (!AUTH_TYPES.includes(authorizationType)) {
    throw badRequest(`Invalid authorization type specified. Valid options are ${AUTH_TYPES.join(',')}`);
  }
  const m: RestMethod = {
    httpMethod: verb,
    authorizationType,
    apiKeyRequired: input.apiKeyRequired === true,
    requestParameters: { ...(input.requestParameters ?? {}) },
  };
  r.methods[verb] = m;
  ctx.sb.markDirty();
  return methodOut(m);
}

export function getMethod(ctx: RequestContext, apiId: string, resourceId: string, httpMethod: string) {
  return methodOut(findMethod(findResource(findRestApi(ctx, apiId), resourceId), httpMethod));
}

export function deleteMethod(ctx: RequestContext, apiId: string, resourceId: string, httpMethod: string) {
  const r = findResource(findRestApi(ctx, apiId), resourceId);
  findMethod(r, httpMethod);
  delete r.methods[httpMethod.toUpperCase()];
  ctx.sb.markDirty();
}

const TYPES = ['HTTP', 'HTTP_PROXY', 'MOCK', 'AWS', 'AWS_PROXY'];

/** Checks an integration as PutIntegration and UpdateIntegration leave it (§11). */
function checkIntegration(ctx: RequestContext, m: RestMethod, i: RestIntegration): void {
  if (!TYPES.includes(i.type))
    throw badRequest(`Invalid integration type specified. Valid options are ${TYPES.join(',')}`);
  if (i.type === 'HTTP' || i.type === 'HTTP_PROXY') {
    if (!i.httpMethod) throw badRequest('Enumeration value for HttpMethod must be non-empty');
    if (!i.uri || !/^https?:\/\/[^/]+/.test(i.uri))
      throw badRequest('Invalid HTTP endpoint specified for URI');
  }
  if (i.connectionType !== 'INTERNET' && i.connectionType !== 'VPC_LINK') {
    throw badRequest('Invalid connection type specified. Valid options are INTERNET,VPC_LINK');
  }
  if (i.connectionType === 'VPC_LINK') {
    if (!i.connectionId) throw badRequest('ConnectionId must be set for connectionType VPC_LINK');
    // A stage variable is resolved per request, not here.
    if (!i.connectionId.startsWith('${stageVariables.')) {
      const region = apigwRegion(ctx.sb, ctx.region);
      if (region.vpcLinksV2[i.connectionId]) {
        if (!i.integrationTarget)
          throw badRequest(`IntegrationTarget is required for VpcLinkV2 ${i.connectionId}`);
        const lb = elbv2State(ctx.sb).loadBalancers.find((l) => l.arn === i.integrationTarget);
        if (!lb) throw badRequest(`Invalid integration target specified: ${i.integrationTarget}`);
      } else if (region.vpcLinks[i.connectionId]) {
        if (i.integrationTarget) throw badRequest('IntegrationTarget is only supported for VpcLinkV2');
      } else {
        throw notFound(`Invalid VPC link identifier specified: ${i.connectionId}`);
      }
    }
  } else if (i.connectionId || i.integrationTarget) {
    throw badRequest('ConnectionId and IntegrationTarget can only be set for connectionType VPC_LINK');
  }
  for (const [to, from] of Object.entries(i.requestParameters)) {
    const wanted = /^method\.request\.(path|querystring|header)\.(.+)$/.exec(from);
    if (wanted && !(from in m.requestParameters)) {
      throw badRequest(
        `Invalid mapping expression specified: Validation Result: warnings : [], errors : [Invalid mapping expression parameter specified: ${from}]`,
      );
    }
    if (!/^integration\.request\.(path|querystring|header)\./.test(to)) {
      throw badRequest(
        `Invalid mapping expression specified: Validation Result: warnings : [], errors : [Invalid mapping expression specified: ${to}]`,
      );
    }
  }
  if (i.timeoutInMillis < 50 || i.timeoutInMillis > 29_000) {
    throw badRequest('Timeout should be between 50 ms and 29000 ms');
  }
}

export function putIntegration(
  ctx: RequestContext,
  apiId: string,
  resourceId: string,
  httpMethod: string,
  input: any,
) {
  const m = findMethod(findResource(findRestApi(ctx, apiId), resourceId), httpMethod);
  const i: RestIntegration = {
    type: input.type,
    ...(input.httpMethod ? { httpMethod: String(input.httpMethod).toUpperCase() } : {}),
    ...(input.uri ? { uri: input.uri } : {}),
    connectionType: input.connectionType ?? 'INTERNET',
    ...(input.connectionId ? { connectionId: input.connectionId } : {}),
    ...(input.integrationTarget ? { integrationTarget: input.integrationTarget } : {}),
    requestParameters: { ...(input.requestParameters ?? {}) },
    passthroughBehavior: input.passthroughBehavior ?? 'WHEN_NO_MATCH',
    timeoutInMillis: input.timeoutInMillis ?? 29_000,
    cacheNamespace: input.cacheNamespace ?? resourceId,
    cacheKeyParameters: input.cacheKeyParameters ?? [],
    ...(input.tlsConfig ? { tlsConfig: input.tlsConfig } : {}),
  };
  checkIntegration(ctx, m, i);
  m.integration = i;
  ctx.sb.markDirty();
  return integrationOut(i);
}

function findIntegration(ctx: RequestContext, apiId: string, resourceId: string, httpMethod: string) {
  const m = findMethod(findResource(findRestApi(ctx, apiId), resourceId), httpMethod);
  if (!m.integration) throw notFound('Invalid Integration identifier specified');
  return { m, i: m.integration };
}

export function getIntegration(ctx: RequestContext, apiId: string, resourceId: string, httpMethod: string) {
  return integrationOut(findIntegration(ctx, apiId, resourceId, httpMethod).i);
}

export function deleteIntegration(
  ctx: RequestContext,
  apiId: string,
  resourceId: string,
  httpMethod: string,
) {
  const { m } = findIntegration(ctx, apiId, resourceId, httpMethod);
  delete m.integration;
  ctx.sb.markDirty();
}

/** The patch paths UpdateIntegration takes here: the ones a move between links changes. */
const PATCHABLE: Record<string, keyof RestIntegration> = {
  '/uri': 'uri',
  '/connectionType': 'connectionType',
  '/connectionId': 'connectionId',
  '/integrationTarget': 'integrationTarget',
  '/httpMethod': 'httpMethod',
  '/timeoutInMillis': 'timeoutInMillis',
  '/passthroughBehavior': 'passthroughBehavior',
};

export function updateIntegration(
  ctx: RequestContext,
  apiId: string,
  resourceId: string,
  httpMethod: string,
  input: any,
) {
  const { m, i } = findIntegration(ctx, apiId, resourceId, httpMethod);
  const next: any = structuredClone(i);
  for (const op of input.patchOperations ?? []) {
    const param = /^\/requestParameters\/(.+)$/.exec(op.path ?? '');
    if (param) {
      const key = param[1]!.replace(/~1/g, '/');
      if (op.op === 'remove') delete next.requestParameters[key];
      else next.requestParameters[key] = op.value;
      continue;
    }
    const field = PATCHABLE[op.path];
    if (!field || !['replace', 'add', 'remove'].includes(op.op)) {
      throw badRequest(
        `Invalid patch path '${op.path}' specified for op '${op.op}'. Must be one of: [${Object.keys(PATCHABLE).join(', ')}]`,
      );
    }
    if (op.op === 'remove') delete next[field];
    else next[field] = field === 'timeoutInMillis' ? Number(op.value) : op.value;
  }
  checkIntegration(ctx, m, next);
  m.integration = next;
  ctx.sb.markDirty();
  return integrationOut(next);
}
