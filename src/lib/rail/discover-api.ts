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
  listRestApis,
  listVpcLinks,
} from '../aws/apigateway.js';
import {
  findHttpApis,
  getApiMappings,
  getDomainNameV2,
  getHttpStages,
  getIntegrations,
  getRoutes,
  listDomainNamesV2,
  listHttpApis,
  listVpcLinksV2,
} from '../aws/apigatewayv2.js';
import type { AwsClients } from '../aws/clients.js';
import { errorCode, isAccessDenied } from '../aws/errors.js';
import { isOurs, TAG_ROLE } from '../common/names.js';
import type { RailConfig } from '../config/schema.js';
import { ANY, API_ROLES, apiNames, apiRoutes } from './api-spec.js';

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

/** What `down`, and `up` of the whole rail, need to know of a front door rail.yaml no longer names. */
export interface LeftFrontDoor {
  type: 'rest' | 'http';
  domainName?: string;
}

/** The front door found (`seen`, `front`), none (`{}`), or why it could not be looked for. */
export interface LeftFrontDoorRead {
  seen?: ApiSeen;
  front?: LeftFrontDoor;
  unchecked?: string;
}

/**
 * A front door this stage laid before `apiGateway:` left rail.yaml: its API, VPC links and custom
 * domain, found by rails's tags (this stage, the role) since no name in rail.yaml leads to them, so
 * `up` and `down` can take them away. When there is none, no further read.
 */
export async function readLeftFrontDoor(aws: AwsClients, stage: string): Promise<LeftFrontDoorRead> {
  let lists: Awaited<ReturnType<typeof readFrontDoorLists>>;
  try {
    lists = await readFrontDoorLists(aws);
  } catch (err) {
    // Credentials made for a rail without a front door may not read API Gateway: that is no reason
    // to stop `up` or `down`, only to say what could not be checked.
    if (isAccessDenied(err)) return { unchecked: `${errorCode(err)} listing API Gateway resources` };
    throw err;
  }
  const [restAll, httpAll, linksV1, linksV2, domains] = lists;
  const role = (tags: Record<string, string> | undefined, r: string) =>
    isOurs(tags, stage) && tags?.[TAG_ROLE] === r;
  const restApis = restAll.filter((a) => role(a.tags, API_ROLES.api));
  const httpApis = httpAll.filter((a) => role(a.Tags, API_ROLES.api));
  const linkV1 = linksV1.find((l) => role(l.tags, API_ROLES.linkV1));
  const linkV2 = linksV2.find((l) => role(l.Tags, API_ROLES.linkV2));
  const domain = domains.find((d) => role(d.Tags, API_ROLES.domain));
  if (!restApis.length && !httpApis.length && !linkV1 && !linkV2 && !domain) return {};
  const type = restApis.length || !httpApis.length ? 'rest' : 'http';
  const rest1 = keptApi(
    restApis,
    (a) => a.tags,
    (a) => a.createdDate,
    stage,
  );
  const http1 = keptApi(
    httpApis,
    (a) => a.Tags,
    (a) => a.CreatedDate,
    stage,
  );
  const domainName = domain?.DomainName;
  const [restStages, httpStages, basePathMappings, apiMappings] = await Promise.all([
    rest1 ? getStages(aws, rest1.id!) : [],
    http1 ? getHttpStages(aws, http1.ApiId!) : [],
    domainName && type === 'rest' ? getBasePathMappings(aws, domainName) : [],
    domainName && type === 'http' ? getApiMappings(aws, domainName) : [],
  ]);
  const seen: ApiSeen = {
    restApis,
    httpApis,
    ...(rest1 ? { rest: { api: rest1, resources: [], methods: new Map(), stages: restStages } } : {}),
    ...(http1 ? { http: { api: http1, routes: [], integrations: [], stages: httpStages } } : {}),
    ...(linkV1 ? { linkV1 } : {}),
    ...(linkV2 ? { linkV2 } : {}),
    ...(domain
      ? {
          domain: {
            tags: domain.Tags ?? {},
            regionalDomainName: domain.DomainNameConfigurations?.[0]?.ApiGatewayDomainName,
          },
        }
      : {}),
    basePathMappings,
    apiMappings,
  };
  return { seen, front: { type, ...(domainName ? { domainName } : {}) } };
}

function readFrontDoorLists(aws: AwsClients) {
  return Promise.all([
    listRestApis(aws),
    listHttpApis(aws),
    listVpcLinks(aws),
    listVpcLinksV2(aws),
    listDomainNamesV2(aws),
  ]);
}

/** What `up` and `down` say when they could not look for a front door an earlier rail.yaml laid. */
export function leftFrontDoorWarning(stage: string, why: string): string {
  return `API Gateway could not be read (${why}): a front door an earlier rail.yaml laid for stage ${stage}, if any, is not removed; allow apigateway:GET to have it found.`;
}
