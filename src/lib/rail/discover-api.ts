/**
 * Reads what exists of the front door: the API of rail.yaml's name (REST or HTTP), its resources
 * with their methods, or routes and integrations, its stages, the stage's deployment, the VPC links
 * of this stage (v1 and v2, both: a move from one to the other sees the old one), and the custom
 * domain with its mappings. Runs alongside the rest of discovery; reads only.
 */
import type {
  BasePathMapping,
  Deployment,
  Method,
  Resource,
  RestApi,
  Stage,
  VpcLink as VpcLinkV1,
} from '@aws-sdk/client-api-gateway';
import type {
  Api,
  ApiMapping,
  Stage as HttpStage,
  Integration,
  Route,
  VpcLink as VpcLinkV2,
} from '@aws-sdk/client-apigatewayv2';
import {
  findRestApis,
  getBasePathMappings,
  getDeployment,
  getDomainName,
  getResources,
  getStages,
  listVpcLinks,
} from '../aws/apigateway.js';
import {
  findHttpApis,
  getApiMappings,
  getDomainNameV2,
  getHttpStages,
  getIntegrations,
  getRoutes,
  listVpcLinksV2,
} from '../aws/apigatewayv2.js';
import type { AwsClients } from '../aws/clients.js';
import { isOurs } from '../common/names.js';
import type { RailConfig } from '../config/schema.js';
import { ANY, apiNames, apiRoutes } from './api-spec.js';

export interface RestSeen {
  api: RestApi;
  resources: Resource[];
  /** ANY methods (with their integration) by resource path, for the resources the routes need. */
  methods: Map<string, Method | undefined>;
  stages: Stage[];
  /** The deployment the configured stage points at. */
  deployment?: Deployment;
}

export interface HttpSeen {
  api: Api;
  routes: Route[];
  integrations: Integration[];
  stages: HttpStage[];
}

export interface ApiSeen {
  /** APIs of the configured name: more than one (or one without our tags) is a conflict. */
  restApis: RestApi[];
  httpApis: Api[];
  rest?: RestSeen;
  http?: HttpSeen;
  linkV1?: VpcLinkV1;
  linkV2?: VpcLinkV2;
  /** The custom domain (REST or HTTP, as the API type says) with its tags. */
  domain?: { tags: Record<string, string>; regionalDomainName?: string };
  basePathMappings: BasePathMapping[];
  apiMappings: ApiMapping[];
}

export async function readApi(aws: AwsClients, rail: RailConfig): Promise<ApiSeen> {
  const api = rail.apiGateway!;
  const name = apiNames.api(rail);
  const domainName = api.domainName;
  const rest = api.type === 'rest';
  const [restApis, httpApis, linksV1, linksV2, domain, basePathMappings, apiMappings] = await Promise.all([
    rest ? findRestApis(aws, name) : Promise.resolve([]),
    rest ? Promise.resolve([]) : findHttpApis(aws, name),
    listVpcLinks(aws),
    listVpcLinksV2(aws),
    domainName ? readDomain(aws, domainName, rest) : Promise.resolve(undefined),
    domainName && rest ? getBasePathMappings(aws, domainName) : Promise.resolve([]),
    domainName && !rest ? getApiMappings(aws, domainName) : Promise.resolve([]),
  ]);
  const seen: ApiSeen = {
    restApis,
    httpApis,
    linkV1: linksV1.find((l) => l.name === apiNames.linkV1(rail.stage)),
    linkV2: linksV2.find((l) => l.Name === apiNames.linkV2(rail.stage)),
    domain,
    basePathMappings,
    apiMappings,
  };
  const rest1 = keptApi(
    restApis,
    (a) => a.tags,
    (a) => a.createdDate,
    rail.stage,
  );
  const http1 = keptApi(
    httpApis,
    (a) => a.Tags,
    (a) => a.CreatedDate,
    rail.stage,
  );
  const [restSeen, httpSeen] = await Promise.all([
    rest1 ? readRest(aws, rail, rest1) : undefined,
    http1 ? readHttp(aws, http1) : undefined,
  ]);
  seen.rest = restSeen;
  seen.http = httpSeen;
  return seen;
}

/**
 * The API of our name that rails keeps: the only one, or, when an interrupted create left several
 * that all carry this rail's tags, the oldest (the others are duplicates `up` removes). Undefined when
 * there is none, or when one of that name is not ours (a conflict).
 */
export function keptApi<T>(
  apis: T[],
  tags: (a: T) => Record<string, string> | undefined,
  created: (a: T) => Date | undefined,
  stage: string,
): T | undefined {
  if (apis.length === 1) return apis[0];
  if (!apis.every((a) => isOurs(tags(a), stage))) return undefined;
  return [...apis].sort((a, b) => (created(a)?.getTime() ?? 0) - (created(b)?.getTime() ?? 0))[0];
}

async function readDomain(aws: AwsClients, domainName: string, rest: boolean) {
  if (rest) {
    const d = await getDomainName(aws, domainName);
    return d ? { tags: d.tags ?? {}, regionalDomainName: d.regionalDomainName } : undefined;
  }
  const d = await getDomainNameV2(aws, domainName);
  return d
    ? { tags: d.Tags ?? {}, regionalDomainName: d.DomainNameConfigurations?.[0]?.ApiGatewayDomainName }
    : undefined;
}

async function readRest(aws: AwsClients, rail: RailConfig, api: RestApi): Promise<RestSeen> {
  // `embed=methods`: each resource comes with its methods and their integrations, so no GetMethod
  // per resource (docs/aws-behaviour.md §11, "Reading the front door back").
  const [resources, stages] = await Promise.all([getResources(aws, api.id!, true), getStages(aws, api.id!)]);
  const byPath = new Map(resources.map((r) => [r.path!, r]));
  const wanted = apiRoutes(rail).routes.map((r) => r.resourcePath);
  const stage = stages.find((s) => s.stageName === rail.apiGateway!.stageName);
  const deployment = stage?.deploymentId ? await getDeployment(aws, api.id!, stage.deploymentId) : undefined;
  const methods = wanted.map((path) => [path, byPath.get(path)?.resourceMethods?.[ANY]] as const);
  return { api, resources, methods: new Map(methods), stages, deployment };
}

async function readHttp(aws: AwsClients, api: Api): Promise<HttpSeen> {
  const [routes, integrations, stages] = await Promise.all([
    getRoutes(aws, api.ApiId!),
    getIntegrations(aws, api.ApiId!),
    getHttpStages(aws, api.ApiId!),
  ]);
  return { api, routes, integrations, stages };
}
