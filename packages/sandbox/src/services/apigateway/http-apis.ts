/**
 * HTTP APIs (apigatewayv2): APIs, routes, integrations over VPC links v2, and stages
 * (docs/aws-behaviour.md §11). An HTTP API stage with autoDeploy serves the API as it is.
 */
import type { RequestContext } from '../../core/types.js';
import { elbv2State } from '../elbv2/state.js';
import { badRequest, conflict, notFound } from './errors.js';
import { apigwRegion, type HttpApi, type HttpIntegration, type HttpRoute, type HttpStage } from './state.js';
import { pageV2 } from './vpc-links.js';

const iso = (ms: number) => new Date(ms).toISOString();

export function findHttpApi(ctx: RequestContext, id: string): HttpApi {
  const api = apigwRegion(ctx.sb, ctx.region).httpApis[id];
  if (!api) throw notFound(`Invalid API identifier specified ${ctx.accountId}:${id}`);
  return api;
}

function apiOut(ctx: RequestContext, a: HttpApi) {
  return {
    apiEndpoint: `https://${a.apiId}.execute-api.${ctx.region}.amazonaws.com`,
    apiId: a.apiId,
    apiKeySelectionExpression: '$request.header.x-api-key',
    createdDate: iso(a.createdDate),
    ...(a.description ? { description: a.description } : {}),
    disableExecuteApiEndpoint: false,
    ipAddressType: 'ipv4',
    name: a.name,
    protocolType: a.protocolType,
    routeSelectionExpression: a.routeSelectionExpression,
    tags: a.tags,
  };
}

export function createApi(ctx: RequestContext, input: any) {
  if (typeof input.name !== 'string' || input.name === '') throw badRequest('Name is required');
  if (input.protocolType !== 'HTTP') {
    throw badRequest(`Invalid protocol type: ${input.protocolType}. The sandbox hosts HTTP APIs only`);
  }
  const api: HttpApi = {
    apiId: ctx.sb.hex(10),
    name: input.name,
    protocolType: 'HTTP',
    ...(input.description ? { description: input.description } : {}),
    createdDate: ctx.sb.clock.now(),
    // biome-ignore lint/suspicious/noTemplateCurlyInString: API Gateway's own selection-expression syntax
    routeSelectionExpression: input.routeSelectionExpression ?? '${request.method} ${request.path}',
    routes: {},
    integrations: {},
    stages: {},
    tags: { ...(input.tags ?? {}) },
  };
  apigwRegion(ctx.sb, ctx.region).httpApis[api.apiId] = api;
  ctx.sb.markDirty();
  return apiOut(ctx, api);
}

export const getApi = (ctx: RequestContext, id: string) => apiOut(ctx, findHttpApi(ctx, id));

export function getApis(ctx: RequestContext, q: URLSearchParams) {
  return pageV2(
    Object.values(apigwRegion(ctx.sb, ctx.region).httpApis).map((a) => apiOut(ctx, a)),
    q,
    ctx,
  );
}

export function deleteApi(ctx: RequestContext, id: string) {
  findHttpApi(ctx, id);
  const region = apigwRegion(ctx.sb, ctx.region);
  // Deleting an API deletes its mappings with it.
  for (const d of Object.values(region.domainNames)) d.mappings = d.mappings.filter((m) => m.apiId !== id);
  delete region.httpApis[id];
  ctx.sb.markDirty();
}

// ---- routes ----

const ROUTE_KEY = /^(\$default|(ANY|GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS) (\/[^\s]*))$/;

function routeOut(r: HttpRoute) {
  return {
    apiKeyRequired: r.apiKeyRequired,
    authorizationType: r.authorizationType,
    routeId: r.routeId,
    routeKey: r.routeKey,
    ...(r.target ? { target: r.target } : {}),
  };
}

function checkTarget(api: HttpApi, target: unknown): void {
  if (target === undefined) return;
  const m = /^integrations\/(.+)$/.exec(String(target));
  if (!m || !api.integrations[m[1]!]) throw badRequest(`Invalid target: ${String(target)}`);
}

export function createRoute(ctx: RequestContext, apiId: string, input: any) {
  const api = findHttpApi(ctx, apiId);
  const key = String(input.routeKey ?? '');
  const m = ROUTE_KEY.exec(key);
  if (!m)
    throw badRequest(
      `Unable to create route ${key}. Route key must be $default or of the form "METHOD /path"`,
    );
  const path = m[3];
  if (path?.includes('+}') && !/\{[^/{}]+\+\}$/.test(path)) {
    throw badRequest(
      `Unable to create route ${key}. A greedy path variable must be the last part of the path`,
    );
  }
  if (Object.values(api.routes).some((r) => r.routeKey === key))
    throw conflict(`Route with key ${key} already exists for this API`);
  checkTarget(api, input.target);
  const r: HttpRoute = {
    routeId: ctx.sb.hex(7),
    routeKey: key,
    ...(input.target ? { target: input.target } : {}),
    authorizationType: input.authorizationType ?? 'NONE',
    apiKeyRequired: input.apiKeyRequired === true,
  };
  api.routes[r.routeId] = r;
  ctx.sb.markDirty();
  return routeOut(r);
}

export function getRoutes(ctx: RequestContext, apiId: string, q: URLSearchParams) {
  return pageV2(Object.values(findHttpApi(ctx, apiId).routes).map(routeOut), q, ctx);
}

export function getRoute(ctx: RequestContext, apiId: string, id: string) {
  const r = findHttpApi(ctx, apiId).routes[id];
  if (!r) throw notFound(`Unable to find Route with id '${id}'`);
  return routeOut(r);
}

/** UpdateRoute: the members rails changes (target, route key, authorization). */
export function updateRoute(ctx: RequestContext, apiId: string, id: string, input: any) {
  const api = findHttpApi(ctx, apiId);
  const r = api.routes[id];
  if (!r) throw notFound(`Unable to find Route with id '${id}'`);
  const next = { ...r };
  if (input.routeKey !== undefined && input.routeKey !== r.routeKey) {
    if (!ROUTE_KEY.test(String(input.routeKey)))
      throw badRequest(
        `Unable to update route ${input.routeKey}. Route key must be $default or of the form "METHOD /path"`,
      );
    if (Object.values(api.routes).some((o) => o.routeKey === input.routeKey)) {
      throw conflict(`Route with key ${input.routeKey} already exists for this API`);
    }
    next.routeKey = input.routeKey;
  }
  if (input.target !== undefined) {
    checkTarget(api, input.target);
    next.target = input.target;
  }
  if (input.authorizationType !== undefined) next.authorizationType = input.authorizationType;
  if (input.apiKeyRequired !== undefined) next.apiKeyRequired = input.apiKeyRequired === true;
  api.routes[id] = next;
  ctx.sb.markDirty();
  return routeOut(next);
}

export function deleteRoute(ctx: RequestContext, apiId: string, id: string) {
  const api = findHttpApi(ctx, apiId);
  if (!api.routes[id]) throw notFound(`Unable to find Route with id '${id}'`);
  delete api.routes[id];
  ctx.sb.markDirty();
}

// ---- integrations ----

function integrationOut(i: HttpIntegration) {
  return {
    connectionType: i.connectionType,
    ...(i.connectionId ? { connectionId: i.connectionId } : {}),
    ...(i.description ? { description: i.description } : {}),
    integrationId: i.integrationId,
    ...(i.integrationMethod ? { integrationMethod: i.integrationMethod } : {}),
    integrationType: i.integrationType,
    ...(i.integrationUri ? { integrationUri: i.integrationUri } : {}),
    payloadFormatVersion: i.payloadFormatVersion,
    ...(i.requestParameters ? { requestParameters: i.requestParameters } : {}),
    timeoutInMillis: i.timeoutInMillis,
    ...(i.tlsConfig ? { tlsConfig: i.tlsConfig } : {}),
  };
}

/** A private integration's URI is an existing ALB/NLB listener ARN (or a Cloud Map service, not hosted). */
function checkIntegration(ctx: RequestContext, i: HttpIntegration): void {
  if (i.integrationType !== 'HTTP_PROXY' && i.integrationType !== 'AWS_PROXY') {
    throw badRequest(`Unsupported integration type ${i.integrationType} for an HTTP API`);
  }
  if (i.integrationType === 'HTTP_PROXY' && !i.integrationMethod) {
    throw badRequest('IntegrationMethod is required for HTTP_PROXY integrations');
  }
  if (
    i.payloadFormatVersion !== '1.0' &&
    !(i.integrationType === 'AWS_PROXY' && i.payloadFormatVersion === '2.0')
  ) {
    throw badRequest(
      `Unsupported payload format version ${i.payloadFormatVersion} for integration type ${i.integrationType}`,
    );
  }
  if (i.connectionType === 'VPC_LINK') {
    if (!i.connectionId) throw badRequest('ConnectionId is required for connectionType VPC_LINK');
    if (!apigwRegion(ctx.sb, ctx.region).vpcLinksV2[i.connectionId]) {
      throw badRequest(`Invalid VpcLink identifier specified: ${i.connectionId}`);
    }
    const uri = i.integrationUri ?? '';
    if (!uri.includes(':listener/')) {
      throw badRequest(
        'For a VPC_LINK integration, IntegrationUri must be the ARN of an ALB or NLB listener or a Cloud Map service',
      );
    }
    if (!elbv2State(ctx.sb).listeners.some((l) => l.arn === uri))
      throw badRequest(`Listener ${uri} not found`);
  } else if (i.connectionType === 'INTERNET') {
    if (i.connectionId) throw badRequest('ConnectionId can only be set for connectionType VPC_LINK');
    if (i.integrationType === 'HTTP_PROXY' && !/^https?:\/\//.test(i.integrationUri ?? '')) {
      throw badRequest('IntegrationUri must be an HTTP(S) URL');
    }
  } else {
    throw badRequest(`Invalid connection type ${i.connectionType}`);
  }
  if (i.timeoutInMillis < 50 || i.timeoutInMillis > 30_000)
    throw badRequest('Timeout must be between 50 ms and 30000 ms');
}

export function createIntegration(ctx: RequestContext, apiId: string, input: any) {
  const api = findHttpApi(ctx, apiId);
  const i: HttpIntegration = {
    integrationId: ctx.sb.hex(7),
    integrationType: input.integrationType,
    ...(input.integrationMethod ? { integrationMethod: String(input.integrationMethod).toUpperCase() } : {}),
    ...(input.integrationUri ? { integrationUri: input.integrationUri } : {}),
    connectionType: input.connectionType ?? 'INTERNET',
    ...(input.connectionId ? { connectionId: input.connectionId } : {}),
    payloadFormatVersion: input.payloadFormatVersion ?? '1.0',
    timeoutInMillis: input.timeoutInMillis ?? 30_000,
    ...(input.description ? { description: input.description } : {}),
    ...(input.requestParameters ? { requestParameters: input.requestParameters } : {}),
    ...(input.tlsConfig ? { tlsConfig: { serverNameToVerify: input.tlsConfig.serverNameToVerify } } : {}),
  };
  checkIntegration(ctx, i);
  api.integrations[i.integrationId] = i;
  ctx.sb.markDirty();
  return integrationOut(i);
}

function findIntegration(api: HttpApi, id: string): HttpIntegration {
  const i = api.integrations[id];
  if (!i) throw notFound(`Unable to find Integration with id '${id}'`);
  return i;
}

export function getIntegrations(ctx: RequestContext, apiId: string, q: URLSearchParams) {
  return pageV2(Object.values(findHttpApi(ctx, apiId).integrations).map(integrationOut), q, ctx);
}

export const getIntegration = (ctx: RequestContext, apiId: string, id: string) =>
  integrationOut(findIntegration(findHttpApi(ctx, apiId), id));

const UPDATABLE = [
  'connectionId',
  'connectionType',
  'description',
  'integrationMethod',
  'integrationType',
  'integrationUri',
  'payloadFormatVersion',
  'requestParameters',
  'timeoutInMillis',
  'tlsConfig',
] as const;

export function updateIntegration(ctx: RequestContext, apiId: string, id: string, input: any) {
  const api = findHttpApi(ctx, apiId);
  const next: any = structuredClone(findIntegration(api, id));
  for (const k of UPDATABLE) if (input[k] !== undefined) next[k] = input[k];
  checkIntegration(ctx, next);
  api.integrations[id] = next;
  ctx.sb.markDirty();
  return integrationOut(next);
}

export function deleteIntegration(ctx: RequestContext, apiId: string, id: string) {
  const api = findHttpApi(ctx, apiId);
  findIntegration(api, id);
  const users = Object.values(api.routes).filter((r) => r.target === `integrations/${id}`);
  if (users.length) {
    throw conflict(
      `Cannot delete Integration because it is referenced by the following Routes with Ids: [${users.map((r) => r.routeId).join(', ')}]`,
    );
  }
  delete api.integrations[id];
  ctx.sb.markDirty();
}

// ---- stages ----

function stageOut(s: HttpStage) {
  return {
    autoDeploy: s.autoDeploy,
    createdDate: iso(s.createdDate),
    defaultRouteSettings: { detailedMetricsEnabled: false },
    ...(s.description ? { description: s.description } : {}),
    lastUpdatedDate: iso(s.lastUpdatedDate),
    routeSettings: {},
    stageName: s.stageName,
    stageVariables: s.stageVariables,
    tags: s.tags,
  };
}

export function createStageV2(ctx: RequestContext, apiId: string, input: any) {
  const api = findHttpApi(ctx, apiId);
  const name = String(input.stageName ?? '');
  if (name !== '$default' && !/^[a-zA-Z0-9_-]{1,128}$/.test(name))
    throw badRequest(`Invalid stage name ${name}`);
  if (api.stages[name]) throw conflict(`Stage ${name} already exists`);
  const now = ctx.sb.clock.now();
  const s: HttpStage = {
    stageName: name,
    autoDeploy: input.autoDeploy === true,
    ...(input.description ? { description: input.description } : {}),
    stageVariables: { ...(input.stageVariables ?? {}) },
    createdDate: now,
    lastUpdatedDate: now,
    tags: { ...(input.tags ?? {}) },
  };
  api.stages[name] = s;
  ctx.sb.markDirty();
  return stageOut(s);
}

function findStageV2(api: HttpApi, name: string): HttpStage {
  const s = api.stages[name];
  if (!s) throw notFound(`Unable to find Stage with name '${name}'`);
  return s;
}

export const getStageV2 = (ctx: RequestContext, apiId: string, name: string) =>
  stageOut(findStageV2(findHttpApi(ctx, apiId), name));

export function getStagesV2(ctx: RequestContext, apiId: string, q: URLSearchParams) {
  return pageV2(Object.values(findHttpApi(ctx, apiId).stages).map(stageOut), q, ctx);
}

export function updateStageV2(ctx: RequestContext, apiId: string, name: string, input: any) {
  const s = findStageV2(findHttpApi(ctx, apiId), name);
  if (input.autoDeploy !== undefined) s.autoDeploy = input.autoDeploy === true;
  if (input.description !== undefined) s.description = input.description;
  if (input.stageVariables !== undefined) s.stageVariables = { ...s.stageVariables, ...input.stageVariables };
  s.lastUpdatedDate = ctx.sb.clock.now();
  ctx.sb.markDirty();
  return stageOut(s);
}

export function deleteStageV2(ctx: RequestContext, apiId: string, name: string) {
  const api = findHttpApi(ctx, apiId);
  findStageV2(api, name);
  for (const d of Object.values(apigwRegion(ctx.sb, ctx.region).domainNames)) {
    d.mappings = d.mappings.filter((m) => !(m.apiId === apiId && m.stage === name));
  }
  delete api.stages[name];
  ctx.sb.markDirty();
}
