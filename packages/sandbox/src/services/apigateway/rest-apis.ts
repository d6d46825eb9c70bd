/**
 * REST APIs, deployments and stages (docs/aws-behaviour.md §11). A deployment snapshots the
 * resource tree; a stage serves its deployment's snapshot, so changes made since are undeployed.
 */
import type { RequestContext } from '../../core/types.js';
import { badRequest, conflict, notFound } from './errors.js';
import { page, resourcePath } from './rest-resources.js';
import { apigwArn, apigwRegion, type RestApi, type RestDeployment, type RestStage } from './state.js';

/** v1 JSON timestamps are epoch seconds. */
export const seconds = (ms: number) => Math.floor(ms / 1000);

export function findRestApi(ctx: RequestContext, id: string): RestApi {
  const api = apigwRegion(ctx.sb, ctx.region).restApis[id];
  if (!api) throw notFound(`Invalid API identifier specified ${ctx.accountId}:${id}`);
  return api;
}

function restApiOut(api: RestApi) {
  return {
    id: api.id,
    name: api.name,
    ...(api.description ? { description: api.description } : {}),
    createdDate: seconds(api.createdDate),
    apiKeySource: 'HEADER',
    endpointConfiguration: { types: api.endpointTypes, ipAddressType: 'ipv4' },
    disableExecuteApiEndpoint: false,
    rootResourceId: api.rootResourceId,
    ...(Object.keys(api.tags).length ? { tags: api.tags } : {}),
  };
}

const ENDPOINT_TYPES = ['REGIONAL', 'EDGE', 'PRIVATE'];

export function createRestApi(ctx: RequestContext, input: any) {
  if (typeof input.name !== 'string' || input.name === '') throw badRequest('Invalid API name specified');
  const types: string[] = input.endpointConfiguration?.types ?? ['EDGE'];
  if (types.length !== 1 || !ENDPOINT_TYPES.includes(types[0]!)) {
    throw badRequest('Invalid endpoint configuration: exactly one of REGIONAL, EDGE or PRIVATE');
  }
  const root = ctx.sb.hex(10);
  const api: RestApi = {
    id: ctx.sb.hex(10),
    name: input.name,
    ...(input.description ? { description: input.description } : {}),
    createdDate: ctx.sb.clock.now(),
    endpointTypes: types,
    rootResourceId: root,
    resources: { [root]: { id: root, methods: {} } },
    deployments: {},
    stages: {},
    tags: { ...(input.tags ?? {}) },
  };
  apigwRegion(ctx.sb, ctx.region).restApis[api.id] = api;
  ctx.sb.markDirty();
  return restApiOut(api);
}

export function getRestApis(ctx: RequestContext, q: URLSearchParams) {
  const all = Object.values(apigwRegion(ctx.sb, ctx.region).restApis).sort(
    (a, b) => a.createdDate - b.createdDate,
  );
  return page(all.map(restApiOut), q, ctx);
}

export const getRestApi = (ctx: RequestContext, id: string) => restApiOut(findRestApi(ctx, id));

export function deleteRestApi(ctx: RequestContext, id: string) {
  findRestApi(ctx, id);
  const region = apigwRegion(ctx.sb, ctx.region);
  for (const d of Object.values(region.domainNames)) {
    if (d.mappings.some((m) => m.apiId === id)) {
      throw badRequest(
        'Cannot delete API: it is referenced by a base path mapping. Delete the mapping first.',
      );
    }
  }
  delete region.restApis[id];
  ctx.sb.markDirty();
}

/**
 * `embed=apisummary`: the deployed API's paths, each with its methods' authorization type and API key
 * requirement (AWS's `MethodSnapshot`), as the deployment holds them (docs/aws-behaviour.md §11).
 */
function apiSummary(d: RestDeployment) {
  const out: Record<string, Record<string, { authorizationType: string; apiKeyRequired: boolean }>> = {};
  for (const r of Object.values(d.resources)) {
    const methods = Object.values(r.methods);
    if (methods.length === 0) continue;
    out[resourcePath(d.resources, r)] = Object.fromEntries(
      methods.map((m) => [
        m.httpMethod,
        { authorizationType: m.authorizationType, apiKeyRequired: m.apiKeyRequired },
      ]),
    );
  }
  return out;
}

function deploymentOut(d: RestDeployment, embedSummary = false) {
  return {
    id: d.id,
    ...(d.description ? { description: d.description } : {}),
    createdDate: seconds(d.createdDate),
    ...(embedSummary ? { apiSummary: apiSummary(d) } : {}),
  };
}

export function createDeployment(ctx: RequestContext, apiId: string, input: any) {
  const api = findRestApi(ctx, apiId);
  const methods = Object.values(api.resources).flatMap((r) => Object.values(r.methods));
  if (methods.length === 0) throw badRequest("The REST API doesn't contain any methods");
  if (methods.some((m) => !m.integration)) throw badRequest('No integration defined for method');
  const d: RestDeployment = {
    id: ctx.sb.hex(6),
    ...(input.description ? { description: input.description } : {}),
    createdDate: ctx.sb.clock.now(),
    resources: structuredClone(api.resources),
  };
  api.deployments[d.id] = d;
  if (input.stageName) {
    const now = ctx.sb.clock.now();
    const existing = api.stages[input.stageName];
    if (existing) {
      existing.deploymentId = d.id;
      existing.lastUpdatedDate = now;
    } else {
      api.stages[input.stageName] = {
        stageName: input.stageName,
        deploymentId: d.id,
        ...(input.stageDescription ? { description: input.stageDescription } : {}),
        variables: { ...(input.variables ?? {}) },
        tags: {},
        createdDate: now,
        lastUpdatedDate: now,
      };
    }
  }
  ctx.sb.markDirty();
  return deploymentOut(d);
}

export function getDeployments(ctx: RequestContext, apiId: string, q: URLSearchParams) {
  const api = findRestApi(ctx, apiId);
  const all = Object.values(api.deployments).sort((a, b) => a.createdDate - b.createdDate);
  return page(
    all.map((d) => deploymentOut(d)),
    q,
    ctx,
  );
}

function findDeployment(api: RestApi, id: string): RestDeployment {
  const d = api.deployments[id];
  if (!d) throw notFound('Invalid Deployment identifier specified');
  return d;
}

export const getDeployment = (ctx: RequestContext, apiId: string, id: string, q?: URLSearchParams) =>
  deploymentOut(
    findDeployment(findRestApi(ctx, apiId), id),
    (q?.getAll('embed') ?? []).flatMap((e) => e.split(',')).includes('apisummary'),
  );

export function deleteDeployment(ctx: RequestContext, apiId: string, id: string) {
  const api = findRestApi(ctx, apiId);
  findDeployment(api, id);
  if (Object.values(api.stages).some((s) => s.deploymentId === id)) {
    throw badRequest('Active stages pointing to this deployment must be moved or deleted');
  }
  delete api.deployments[id];
  ctx.sb.markDirty();
}

function stageOut(s: RestStage) {
  return {
    stageName: s.stageName,
    deploymentId: s.deploymentId,
    ...(s.description ? { description: s.description } : {}),
    cacheClusterEnabled: false,
    cacheClusterStatus: 'NOT_AVAILABLE',
    methodSettings: {},
    ...(Object.keys(s.variables).length ? { variables: s.variables } : {}),
    tracingEnabled: false,
    ...(Object.keys(s.tags).length ? { tags: s.tags } : {}),
    createdDate: seconds(s.createdDate),
    lastUpdatedDate: seconds(s.lastUpdatedDate),
  };
}

const STAGE_NAME = /^[a-zA-Z0-9_-]+$/;

export function createStage(ctx: RequestContext, apiId: string, input: any) {
  const api = findRestApi(ctx, apiId);
  if (typeof input.stageName !== 'string' || !STAGE_NAME.test(input.stageName)) {
    throw badRequest('Stage name only allows a-zA-Z0-9_');
  }
  if (typeof input.deploymentId !== 'string') throw badRequest('Deployment id is required');
  findDeployment(api, input.deploymentId);
  if (api.stages[input.stageName]) throw conflict('Stage already exists');
  const now = ctx.sb.clock.now();
  const s: RestStage = {
    stageName: input.stageName,
    deploymentId: input.deploymentId,
    ...(input.description ? { description: input.description } : {}),
    variables: { ...(input.variables ?? {}) },
    tags: { ...(input.tags ?? {}) },
    createdDate: now,
    lastUpdatedDate: now,
  };
  api.stages[s.stageName] = s;
  ctx.sb.markDirty();
  return stageOut(s);
}

export function findStage(api: RestApi, name: string): RestStage {
  const s = api.stages[name];
  if (!s) throw notFound('Invalid Stage identifier specified');
  return s;
}

export function getStages(ctx: RequestContext, apiId: string, q: URLSearchParams) {
  const api = findRestApi(ctx, apiId);
  const deploymentId = q.get('deploymentId');
  const all = Object.values(api.stages).filter((s) => !deploymentId || s.deploymentId === deploymentId);
  // GetStages is not paged: `item` only.
  return { item: all.map(stageOut) };
}

export const getStage = (ctx: RequestContext, apiId: string, name: string) =>
  stageOut(findStage(findRestApi(ctx, apiId), name));

export function updateStage(ctx: RequestContext, apiId: string, name: string, input: any) {
  const api = findRestApi(ctx, apiId);
  const s = findStage(api, name);
  const next = structuredClone(s);
  for (const op of input.patchOperations ?? []) {
    const variable = /^\/variables\/(.+)$/.exec(op.path ?? '');
    if (op.path === '/deploymentId' && op.op === 'replace') {
      findDeployment(api, op.value);
      next.deploymentId = op.value;
    } else if (op.path === '/description' && op.op === 'replace') {
      next.description = op.value;
    } else if (variable && (op.op === 'replace' || op.op === 'add')) {
      next.variables[variable[1]!] = op.value;
    } else if (variable && op.op === 'remove') {
      delete next.variables[variable[1]!];
    } else {
      throw badRequest(`Invalid patch path '${op.path}' specified for op '${op.op}'`);
    }
  }
  next.lastUpdatedDate = ctx.sb.clock.now();
  api.stages[name] = next;
  ctx.sb.markDirty();
  return stageOut(next);
}

export function deleteStage(ctx: RequestContext, apiId: string, name: string) {
  const api = findRestApi(ctx, apiId);
  findStage(api, name);
  for (const d of Object.values(apigwRegion(ctx.sb, ctx.region).domainNames)) {
    d.mappings = d.mappings.filter((m) => !(m.apiId === apiId && m.stage === name));
  }
  delete api.stages[name];
  ctx.sb.markDirty();
}

export const restApiArn = (region: string, id: string) => apigwArn(region, `/restapis/${id}`);
