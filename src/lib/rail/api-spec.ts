/**
 * The desired front door, as plain data (docs/aws-behaviour.md §11): names, the REST resources and
 * HTTP API routes each service path becomes, the integration each one has, and the hash a REST
 * deployment carries so `up` deploys only when the API's resources or integrations changed. Pure.
 */
import { createHash } from 'node:crypto';
import { compareText } from '../common/compare.js';
import { apiVpcLink } from '../config/checks.js';
import type { ApiGatewayConfig, RailConfig } from '../config/schema.js';

export const apiNames = {
  api: (rail: RailConfig) => rail.apiGateway?.name ?? `${rail.stage}-api`,
  linkV1: (stage: string) => `${stage}-api-link`,
  linkV2: (stage: string) => `${stage}-api-link-v2`,
  /** The VPC link v2's own security group (the ALB's group admits it on 443). */
  linkSecurityGroup: (stage: string) => `${stage}-api-link`,
};

export const API_ROLES = {
  api: 'api',
  stage: 'api-stage',
  linkV1: 'api-link-v1',
  linkV2: 'api-link-v2',
  linkSecurityGroup: 'api-link-sg',
  domain: 'api-domain',
} as const;

/** The HTTP API's stage: serves every request at the API's root, deploying each change itself. */
export const HTTP_API_STAGE = '$default';
/** The REST method every resource gets: all methods not defined separately (§11). */
export const ANY = 'ANY';
export const PROXY_PARAM = 'method.request.path.proxy';
export const DEPLOYMENT_PREFIX = 'rails deployment ';

/** One service path as the API sees it. */
export interface ApiRoute {
  service: string;
  host: string;
  /** The rail.yaml path pattern (`/ice-station-zebra/*`). */
  pattern: string;
  /** The REST resource path (`/ice-station-zebra/{proxy+}`), also the HTTP API route's path. */
  resourcePath: string;
  /** True for a `{proxy+}` resource (the pattern ended in `/*`). */
  proxy: boolean;
  /** `https://<host>P/{proxy}`: the Host header and TLS server name the load balancer sees. */
  uri: string;
}

/** A path pattern API Gateway cannot express (a wildcard not at the end), or the route. */
export function apiRoute(service: string, host: string, pattern: string): ApiRoute | string {
  const proxy = pattern.endsWith('/*');
  const base = proxy ? pattern.slice(0, -2) : pattern;
  if (/[*?]/.test(base) || /[*?]/.test(host))
    return `${host}${pattern}: API Gateway matches literal paths and a trailing {proxy+} only`;
  const resourcePath = proxy ? `${base}/{proxy+}` : base || '/';
  return {
    service,
    host,
    pattern,
    resourcePath,
    proxy,
    uri: `https://${host}${proxy ? `${base}/{proxy}` : base}`,
  };
}

/**
 * Every service path's route, the first claim of a resource path winning: API Gateway routes by path
 * alone, so two hosts with one path share the API's resource. Skipped paths come with why.
 */
export function apiRoutes(rail: RailConfig): { routes: ApiRoute[]; skipped: string[] } {
  const routes: ApiRoute[] = [];
  const skipped: string[] = [];
  const claimed = new Map<string, string>();
  for (const svc of rail.services)
    for (const pattern of svc.paths) {
      const r = apiRoute(svc.name, svc.host, pattern);
      if (typeof r === 'string') skipped.push(r);
      else if (claimed.has(r.resourcePath))
        skipped.push(
          `${r.host}${r.pattern}: the API's ${r.resourcePath} already goes to ${claimed.get(r.resourcePath)}`,
        );
      else {
        claimed.set(r.resourcePath, r.service);
        routes.push(r);
      }
    }
  return { routes, skipped };
}

/** Every resource path a route needs, parents first (`/a`, `/a/b`, `/a/b/{proxy+}`), root excluded. */
export function resourcePaths(routes: ApiRoute[]): string[] {
  const all = new Set<string>();
  for (const r of routes) {
    const parts = r.resourcePath.split('/').filter(Boolean);
    for (let i = 1; i <= parts.length; i++) all.add(`/${parts.slice(0, i).join('/')}`);
  }
  return [...all].sort((a, b) => a.split('/').length - b.split('/').length || compareText(a, b));
}

/** What the link of a rail reaches: v1 → the NLB; v2 → the NLB or the ALB (§11). */
export interface LinkTarget {
  version: 'v1' | 'v2';
  target: 'nlb' | 'alb';
}

export function linkTarget(api: ApiGatewayConfig): LinkTarget {
  return { version: apiVpcLink(api), target: api.target };
}

/** A REST integration's fields that rails sets, in a form that compares. */
export interface RestIntegrationSpec {
  type: 'HTTP_PROXY';
  httpMethod: 'ANY';
  uri: string;
  connectionType: 'VPC_LINK';
  connectionId: string;
  /** The load balancer ARN, for a v2 link only (§11: required for VpcLinkV2). */
  integrationTarget?: string;
  requestParameters: Record<string, string>;
}

export function restIntegrationSpec(
  route: ApiRoute,
  linkId: string,
  integrationTarget: string | undefined,
): RestIntegrationSpec {
  return {
    type: 'HTTP_PROXY',
    httpMethod: 'ANY',
    uri: route.uri,
    connectionType: 'VPC_LINK',
    connectionId: linkId,
    ...(integrationTarget ? { integrationTarget } : {}),
    requestParameters: route.proxy ? { 'integration.request.path.proxy': PROXY_PARAM } : {},
  };
}

/** The method request parameters of a route: the greedy path variable, required. */
export function methodParameters(route: ApiRoute): Record<string, boolean> {
  return route.proxy ? { [PROXY_PARAM]: true } : {};
}

/** The fields of a REST integration that differ from the spec (empty: unchanged). */
export function restIntegrationChanges(
  have:
    | {
        type?: string;
        httpMethod?: string;
        uri?: string;
        connectionType?: string;
        connectionId?: string;
        integrationTarget?: string;
        requestParameters?: Record<string, string>;
      }
    | undefined,
  want: RestIntegrationSpec,
): { field: string; from: string; to: string }[] {
  if (!have) return [{ field: 'integration', from: 'none', to: `${want.type} ${want.uri}` }];
  const pairs: [string, unknown, unknown][] = [
    ['type', have.type, want.type],
    ['httpMethod', have.httpMethod, want.httpMethod],
    ['uri', have.uri, want.uri],
    ['connectionType', have.connectionType, want.connectionType],
    ['connectionId', have.connectionId, want.connectionId],
    ['integrationTarget', have.integrationTarget, want.integrationTarget],
    ['requestParameters', canonical(have.requestParameters ?? {}), canonical(want.requestParameters)],
  ];
  return pairs
    .filter(([, a, b]) => (a ?? '') !== (b ?? ''))
    .map(([field, a, b]) => ({ field, from: String(a ?? 'none'), to: String(b ?? 'none') }));
}

function canonical(record: Record<string, unknown>): string {
  return JSON.stringify(Object.fromEntries(Object.entries(record).sort(([a], [b]) => compareText(a, b))));
}

/**
 * The hash of what a REST deployment serves: each resource with its integration. A stage whose
 * deployment's description carries it is current; any other needs a new deployment.
 */
export function deploymentHash(
  entries: { resourcePath: string; integration: RestIntegrationSpec }[],
): string {
  const text = JSON.stringify(
    [...entries]
      .sort((a, b) => compareText(a.resourcePath, b.resourcePath))
      .map((e) => [e.resourcePath, canonical(e.integration as unknown as Record<string, unknown>)]),
  );
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}

export function deploymentDescription(hash: string): string {
  return `${DEPLOYMENT_PREFIX}${hash}`;
}

/** The hash a deployment's description carries, if rails made it. */
export function deployedHash(description: string | undefined): string | undefined {
  return description?.startsWith(DEPLOYMENT_PREFIX) ? description.slice(DEPLOYMENT_PREFIX.length) : undefined;
}

/** An HTTP API integration's fields that rails sets (one per service host and load balancer listener). */
export interface HttpIntegrationSpec {
  IntegrationType: 'HTTP_PROXY';
  IntegrationMethod: 'ANY';
  IntegrationUri: string;
  ConnectionType: 'VPC_LINK';
  ConnectionId: string;
  PayloadFormatVersion: '1.0';
  TlsConfig: { ServerNameToVerify: string };
  RequestParameters: { [HOST_MAPPING]: string };
}

/**
 * The parameter mapping that sets the Host header the load balancer sees. A private integration names
 * a listener, not a host: `ServerNameToVerify` is only the TLS name, and without this mapping the
 * ALB's host-header rules never see the service's host (docs/aws-behaviour.md §11, HTTP APIs).
 */
export const HOST_MAPPING = 'overwrite:header.host';

export function httpIntegrationSpec(host: string, listenerArn: string, linkId: string): HttpIntegrationSpec {
  return {
    IntegrationType: 'HTTP_PROXY',
    IntegrationMethod: 'ANY',
    IntegrationUri: listenerArn,
    ConnectionType: 'VPC_LINK',
    ConnectionId: linkId,
    PayloadFormatVersion: '1.0',
    TlsConfig: { ServerNameToVerify: host },
    RequestParameters: { [HOST_MAPPING]: host },
  };
}

export function httpIntegrationChanges(
  have:
    | {
        IntegrationType?: string;
        IntegrationMethod?: string;
        IntegrationUri?: string;
        ConnectionType?: string;
        ConnectionId?: string;
        TlsConfig?: { ServerNameToVerify?: string };
        RequestParameters?: Record<string, string>;
      }
    | undefined,
  want: HttpIntegrationSpec,
): { field: string; from: string; to: string }[] {
  if (!have)
    return [{ field: 'integration', from: 'none', to: `${want.IntegrationType} ${want.IntegrationUri}` }];
  const pairs: [string, unknown, unknown][] = [
    ['IntegrationType', have.IntegrationType, want.IntegrationType],
    ['IntegrationMethod', have.IntegrationMethod, want.IntegrationMethod],
    ['IntegrationUri', have.IntegrationUri, want.IntegrationUri],
    ['ConnectionType', have.ConnectionType, want.ConnectionType],
    ['ConnectionId', have.ConnectionId, want.ConnectionId],
    ['TlsConfig.ServerNameToVerify', have.TlsConfig?.ServerNameToVerify, want.TlsConfig.ServerNameToVerify],
    [
      `RequestParameters.${HOST_MAPPING}`,
      have.RequestParameters?.[HOST_MAPPING],
      want.RequestParameters[HOST_MAPPING],
    ],
  ];
  return pairs
    .filter(([, a, b]) => (a ?? '') !== (b ?? ''))
    .map(([field, a, b]) => ({ field, from: String(a ?? 'none'), to: String(b ?? 'none') }));
}

/** The HTTP API route key of a route: `ANY /p/{proxy+}`. */
export function httpRouteKey(route: ApiRoute): string {
  return `${ANY} ${route.resourcePath}`;
}
