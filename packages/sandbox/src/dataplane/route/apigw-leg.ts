/**
 * API Gateway in front of the load balancers (docs/aws-behaviour.md §11): the custom domain (or the
 * execute-api host) → mapping → stage → the deployed resource (REST) or route (HTTP API) →
 * integration → VPC link → the load balancer the link reaches. Returns either API Gateway's own
 * answer or the request it sends on, with the load balancer to enter at.
 */
import type { Sandbox } from '../../core/types.js';
import {
  type ApigwRegion,
  apigwRegions,
  type HttpApi,
  type RestApi,
  type RestIntegration,
} from '../../services/apigateway/state.js';
import { useLinkV2 } from '../../services/apigateway/vpc-links.js';
import { elbv2State } from '../../services/elbv2/state.js';
import type { ApiGatewayLeg, TrafficRequest } from '../types.js';
import { matchMethod, matchResource, matchRoute } from './apigw-match.js';

/** What API Gateway answers itself, by API type (the REST texts are AWS's default gateway responses). */
const MISSING_TOKEN = { status: 403, message: 'Missing Authentication Token' };
const FORBIDDEN = { status: 403, message: 'Forbidden' };
const NOT_FOUND = { status: 404, message: 'Not Found' };

export type ApigwStep =
  | { done: ApiGatewayLeg }
  | { leg: ApiGatewayLeg; downstream: TrafficRequest; timeoutMs: number };

interface Entered {
  region: ApigwRegion;
  regionName: string;
  api: { rest: RestApi } | { http: HttpApi };
  stage: string;
  /** The path below the mapping and stage. */
  path: string;
  domainName?: string;
  basePath?: string;
}

const EXECUTE_API = /^([a-z0-9]+)\.execute-api\.([a-z0-9-]+)\.amazonaws\.com$/;

/** Whether the host is API Gateway's: a custom domain, or an execute-api host of an API that exists. */
export function isApigwHost(sb: Sandbox, host: string): boolean {
  for (const [, r] of apigwRegions(sb)) if (r.domainNames[host]) return true;
  const m = EXECUTE_API.exec(host);
  if (!m) return false;
  const r = apigwRegions(sb).find(([name]) => name === m[2])?.[1];
  return Boolean(r?.restApis[m[1]!] || r?.httpApis[m[1]!]);
}

function leg(req: TrafficRequest, kind: 'rest' | 'http', extra: Partial<ApiGatewayLeg>): ApiGatewayLeg {
  return { clientRequest: req, kind, status: 0, latencyMs: 0, ...extra };
}

function enter(sb: Sandbox, req: TrafficRequest): Entered | { answer: { status: number; message: string } } {
  const segments = req.path.split('/').filter((s) => s !== '');
  for (const [regionName, region] of apigwRegions(sb)) {
    const domain = region.domainNames[req.host];
    if (!domain) continue;
    const first = segments[0] ?? '';
    const mapping =
      domain.mappings.find((m) => m.key !== '' && m.key === first) ??
      domain.mappings.find((m) => m.key === '');
    if (!mapping) return { answer: FORBIDDEN };
    const rest = mapping.key === '' ? segments : segments.slice(1);
    const api = region.restApis[mapping.apiId]
      ? { rest: region.restApis[mapping.apiId]! }
      : region.httpApis[mapping.apiId]
        ? { http: region.httpApis[mapping.apiId]! }
        : undefined;
    if (!api) return { answer: FORBIDDEN };
    return {
      region,
      regionName,
      api,
      stage: mapping.stage,
      path: `/${rest.join('/')}`,
      domainName: domain.domainName,
      basePath: mapping.key,
    };
  }
  const m = EXECUTE_API.exec(req.host)!;
  const [, region] = apigwRegions(sb).find(([name]) => name === m[2])!;
  const rest = region.restApis[m[1]!];
  if (rest) {
    const stage = segments[0] ?? '';
    if (!rest.stages[stage]) return { answer: FORBIDDEN };
    return { region, regionName: m[2]!, api: { rest }, stage, path: `/${segments.slice(1).join('/')}` };
  }
  const http = region.httpApis[m[1]!]!;
  if (http.stages.$default)
    return { region, regionName: m[2]!, api: { http }, stage: '$default', path: req.path };
  const stage = segments[0] ?? '';
  if (!http.stages[stage]) return { answer: NOT_FOUND };
  return { region, regionName: m[2]!, api: { http }, stage, path: `/${segments.slice(1).join('/')}` };
}

/** The request API Gateway sends on to `url`, from the client's. */
function downstream(req: TrafficRequest, url: string, entry: string, host?: string): TrafficRequest {
  const u = new URL(url);
  const scheme = u.protocol === 'http:' ? 'http' : 'https';
  const h = (host ?? u.hostname).toLowerCase();
  return {
    ...req,
    scheme,
    host: h,
    port: u.port ? Number(u.port) : scheme === 'https' ? 443 : 80,
    path: u.pathname || '/',
    query: u.search.replace(/^\?/, '') || req.query,
    headers: { ...req.headers, host: h },
    entry,
  };
}

/**
 * HTTP API: the Host an `overwrite:header.host` parameter mapping sets: a literal, or a value taken from
 * the client's request (`$request.header.NAME`, `$context.domainName`). Without one API Gateway does
 * not pass the client's Host on, and `ServerNameToVerify` is only the TLS name (docs/aws-behaviour.md
 * §11, HTTP APIs).
 */
function mappedHost(value: string | undefined, req: TrafficRequest): string | undefined {
  if (!value) return undefined;
  const header = /^\$\{?request\.header\.([^}]+)\}?$/i.exec(value)?.[1];
  if (header) return req.headers[header.toLowerCase()] || undefined;
  if (/^\$\{?context\.domainName\}?$/.test(value)) return req.host;
  // Other variables ($context.requestId, stage variables…) are no host this model can give.
  return value.includes('$') ? undefined : value;
}

/** The load balancer's own DNS name: the Host it sees when no mapping sets one. */
function lbDnsName(sb: Sandbox, listener: { loadBalancerArn: string }): string | undefined {
  return elbv2State(sb).loadBalancers.find((l) => l.arn === listener.loadBalancerArn)?.dnsName;
}

/** REST: the integration's URI with `{name}` filled from the request parameters it maps. */
function fillUri(i: RestIntegration, params: Record<string, string>): string {
  let uri = i.uri ?? '';
  for (const [to, from] of Object.entries(i.requestParameters)) {
    const target = /^integration\.request\.path\.(.+)$/.exec(to)?.[1];
    const source = /^method\.request\.path\.(.+)$/.exec(from)?.[1];
    if (target && source && params[source] !== undefined) uri = uri.replace(`{${target}}`, params[source]!);
  }
  return uri;
}

function restStep(sb: Sandbox, req: TrafficRequest, e: Entered, api: RestApi): ApigwStep {
  const base = {
    apiId: api.id,
    apiName: api.name,
    stage: e.stage,
    domainName: e.domainName,
    basePath: e.basePath,
  };
  const stage = api.stages[e.stage];
  const deployment = stage && api.deployments[stage.deploymentId];
  if (!deployment) return { done: leg(req, 'rest', { ...base, ...MISSING_TOKEN }) };
  const nodes = Object.values(deployment.resources);
  const found = matchResource(nodes, e.path);
  const resource = found && deployment.resources[found.id];
  const method = resource && matchMethod(Object.keys(resource.methods), req.method);
  if (!found || !resource || !method) return { done: leg(req, 'rest', { ...base, ...MISSING_TOKEN }) };
  const parts: string[] = [];
  let r: typeof resource | undefined = resource;
  while (r?.pathPart !== undefined) {
    parts.unshift(r.pathPart);
    r = r.parentId ? deployment.resources[r.parentId] : undefined;
  }
  const i = resource.methods[method]!.integration!;
  const uri = fillUri(i, found.params);
  const at = {
    ...base,
    resourcePath: `/${parts.join('/')}`,
    method,
    integrationType: i.type,
    integrationUri: uri,
    connectionType: i.connectionType,
  };
  if (i.type === 'MOCK') return { done: leg(req, 'rest', { ...at, status: 200 }) };
  const internalError = (extra: Partial<ApiGatewayLeg>) =>
    ({
      done: leg(req, 'rest', { ...at, ...extra, status: 500, message: 'Internal server error' }),
    }) as ApigwStep;
  if (i.connectionType !== 'VPC_LINK') {
    // An internet endpoint is reachable only when it is a load balancer of the sandbox.
    const host = new URL(uri).hostname.toLowerCase();
    const lb = elbv2State(sb).loadBalancers.find((l) => l.dnsName.toLowerCase() === host);
    if (!lb) return internalError({});
    return {
      leg: leg(req, 'rest', { ...at, targetArn: lb.arn }),
      downstream: downstream(req, uri, lb.arn),
      timeoutMs: i.timeoutInMillis,
    };
  }
  const variable = /^\$\{stageVariables\.(.+)\}$/.exec(i.connectionId ?? '');
  const linkId = variable ? (stage.variables[variable[1]!] ?? '') : (i.connectionId ?? '');
  const v1 = e.region.vpcLinks[linkId];
  if (v1) {
    const link = {
      vpcLinkId: linkId,
      vpcLinkVersion: 'V1' as const,
      vpcLinkStatus: v1.status,
      targetArn: v1.targetArns[0],
    };
    if (v1.status !== 'AVAILABLE') return internalError(link);
    return {
      leg: leg(req, 'rest', { ...at, ...link }),
      downstream: downstream(req, uri, v1.targetArns[0]!),
      timeoutMs: i.timeoutInMillis,
    };
  }
  const v2 = e.region.vpcLinksV2[linkId];
  if (!v2 || !i.integrationTarget) return internalError({ vpcLinkId: linkId });
  const link = {
    vpcLinkId: linkId,
    vpcLinkVersion: 'V2' as const,
    vpcLinkStatus: v2.status,
    targetArn: i.integrationTarget,
  };
  if (!useLinkV2(sb, v2)) return internalError(link);
  return {
    leg: leg(req, 'rest', { ...at, ...link }),
    downstream: downstream(req, uri, i.integrationTarget),
    timeoutMs: i.timeoutInMillis,
  };
}

function httpStep(sb: Sandbox, req: TrafficRequest, e: Entered, api: HttpApi): ApigwStep {
  const base = {
    apiId: api.apiId,
    apiName: api.name,
    stage: e.stage,
    domainName: e.domainName,
    basePath: e.basePath,
  };
  const routes = Object.values(api.routes);
  const found = matchRoute(
    routes.map((r) => r.routeKey),
    req.method,
    e.path,
  );
  const route = found && routes.find((r) => r.routeKey === found.routeKey);
  const integrationId = route?.target?.replace(/^integrations\//, '');
  const i = integrationId ? api.integrations[integrationId] : undefined;
  if (!route || !i) return { done: leg(req, 'http', { ...base, routeKey: route?.routeKey, ...NOT_FOUND }) };
  const at = {
    ...base,
    routeKey: route.routeKey,
    integrationType: i.integrationType,
    integrationUri: i.integrationUri,
    connectionType: i.connectionType,
  };
  const unavailable = (extra: Partial<ApiGatewayLeg>) =>
    ({
      done: leg(req, 'http', { ...at, ...extra, status: 503, message: 'Service Unavailable' }),
    }) as ApigwStep;
  if (i.connectionType !== 'VPC_LINK') return unavailable({});
  const v2 = e.region.vpcLinksV2[i.connectionId ?? ''];
  const listener = elbv2State(sb).listeners.find((l) => l.arn === i.integrationUri);
  if (!v2 || !listener) return unavailable({ vpcLinkId: i.connectionId });
  const link = {
    vpcLinkId: v2.id,
    vpcLinkVersion: 'V2' as const,
    vpcLinkStatus: v2.status,
    targetArn: listener.loadBalancerArn,
  };
  if (!useLinkV2(sb, v2)) return unavailable(link);
  const scheme = listener.protocol === 'HTTPS' || listener.protocol === 'TLS' ? 'https' : 'http';
  // Parameter mapping keys are case-insensitive header names (`overwrite:header.Host` too).
  const mapping = Object.entries(i.requestParameters ?? {}).find(
    ([k]) => k.toLowerCase() === 'overwrite:header.host',
  )?.[1];
  const host = mappedHost(mapping, req) ?? lbDnsName(sb, listener);
  const url = `${scheme}://${host}:${listener.port}${e.path}${req.query ? `?${req.query}` : ''}`;
  return {
    leg: leg(req, 'http', { ...at, ...link }),
    downstream: downstream(req, url, listener.loadBalancerArn),
    timeoutMs: i.timeoutInMillis,
  };
}

/** What API Gateway does with a request to one of its hosts (isApigwHost). */
export function apigwStep(sb: Sandbox, req: TrafficRequest): ApigwStep {
  const e = enter(sb, req);
  if ('answer' in e) return { done: leg(req, 'rest', { ...e.answer }) };
  return 'rest' in e.api ? restStep(sb, req, e, e.api.rest) : httpStep(sb, req, e, e.api.http);
}
