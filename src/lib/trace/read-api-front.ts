/**
 * Reads the API Gateway side of a trace alongside the load balancers' reads, never adding a round:
 * first what the entry already names (the custom domain's mappings, or the execute-api host's API
 * itself, or the list of APIs for `--api`) with the VPC links, then the API the mapping or the list
 * points at, then (REST) what its stages' deployments serve (`GetDeployment embed=apisummary` for the
 * paths and methods, `GetExport` for the integrations, read with the resources when the entry names
 * the stage): three rounds at most, as many as the load balancers' reads. The REST API's resources come with their
 * methods and integrations embedded (`GetResources embed=methods`), one paged call for the whole API.
 */
import type { Resource, RestApi, Stage, VpcLink } from '@aws-sdk/client-api-gateway';
import type {
  Api,
  Stage as HttpStage,
  Integration,
  Route,
  VpcLink as VpcLinkV2,
} from '@aws-sdk/client-apigatewayv2';
import {
  type DeployedIntegration,
  getBasePathMappings,
  getDeploymentSummary,
  getResourcesWithMethods,
  getStageIntegrations,
  getStages,
  listRestApis,
  listVpcLinks,
} from '../aws/apigateway.js';
import {
  getApiMappings,
  getHttpStages,
  getIntegrations,
  getRoutes,
  listHttpApis,
  listVpcLinksV2,
} from '../aws/apigatewayv2.js';
import type { AwsClients } from '../aws/clients.js';
import { errorCode, orMissing } from '../aws/errors.js';
import { UsageError } from '../errors.js';
import { type ApiEntry, type DomainMapping, pickMapping } from './api-entry.js';

export interface RestApiRead {
  id: string;
  name?: string;
  resources: Resource[];
  stages: Stage[];
  /** The stages' deployments by id: what each serves (`apiSummary`: path → method), when AWS says. */
  deployments?: Record<string, { createdDate?: Date; apiSummary?: Record<string, Record<string, unknown>> }>;
  /** Per stage, the integrations its deployment serves by `METHOD path` (GetExport), when AWS says. */
  deployedIntegrations?: Record<string, Map<string, DeployedIntegration>>;
}

export interface HttpApiRead {
  id: string;
  name?: string;
  routes: Route[];
  integrations: Integration[];
  stages: HttpStage[];
}

export interface ApiFrontSnapshot {
  entry: ApiEntry;
  /** The custom domain's mappings (domain entry only), REST `(none)` as `''`. */
  mappings?: DomainMapping[];
  rest?: RestApiRead;
  http?: HttpApiRead;
  linksV1: VpcLink[];
  linksV2: VpcLinkV2[];
  readErrors: { what: string; message: string }[];
}

type Errors = ApiFrontSnapshot['readErrors'];

async function soft<T>(errors: Errors, what: string, read: () => Promise<T>, fallback: T): Promise<T> {
  try {
    return await read();
  } catch (err) {
    errors.push({ what, message: `${errorCode(err)}: ${(err as Error)?.message ?? String(err)}` });
    return fallback;
  }
}

/**
 * A REST API's resources (with methods and integrations) and stages, then, beside nothing else of the
 * API, what each stage's deployment serves: a stage serves its deployment, not the resources as they
 * are now (docs/aws-behaviour.md §11 "Deployments and routing").
 */
async function readRest(
  aws: AwsClients,
  id: string,
  errors: Errors,
  name?: string,
  stageName?: string,
): Promise<RestApiRead | undefined> {
  // The integrations a stage serves are in its export, not in the resources: read it at once when
  // the entry names the stage, else beside the deployments once the stages are known.
  const exportOf = (stage: string) =>
    soft(errors, `export of stage ${stage}`, () => getStageIntegrations(aws, id, stage), undefined);
  const [resources, stages, early] = await Promise.all([
    getResourcesWithMethods(aws, id),
    orMissing(getStages(aws, id)),
    stageName ? exportOf(stageName) : undefined,
  ]);
  if (!resources) return undefined;
  const ids = [...new Set((stages ?? []).map((s) => s.deploymentId).filter((d): d is string => Boolean(d)))];
  const later = stageName ? [] : (stages ?? []).map((s) => s.stageName ?? '').filter(Boolean);
  const [deployments, exports] = await Promise.all([
    Promise.all(
      ids.map((d) => soft(errors, `deployment ${d}`, () => getDeploymentSummary(aws, id, d), undefined)),
    ),
    Promise.all(later.map(exportOf)),
  ]);
  const deployedIntegrations = Object.fromEntries(
    [
      ...(stageName ? [[stageName, early] as const] : []),
      ...later.map((s, i) => [s, exports[i]] as const),
    ].filter((e): e is readonly [string, Map<string, DeployedIntegration>] => Boolean(e[1])),
  );
  return {
    id,
    ...(name ? { name } : {}),
    resources,
    stages: stages ?? [],
    deployedIntegrations,
    deployments: Object.fromEntries(
      ids.map((d, i) => [
        d,
        {
          ...(deployments[i]?.createdDate ? { createdDate: deployments[i]!.createdDate } : {}),
          ...(deployments[i]?.apiSummary ? { apiSummary: deployments[i]!.apiSummary } : {}),
        },
      ]),
    ),
  };
}

async function readHttp(aws: AwsClients, id: string, name?: string): Promise<HttpApiRead | undefined> {
  const [routes, integrations, stages] = await Promise.all([
    orMissing(getRoutes(aws, id)),
    orMissing(getIntegrations(aws, id)),
    orMissing(getHttpStages(aws, id)),
  ]);
  return routes
    ? { id, ...(name ? { name } : {}), routes, integrations: integrations ?? [], stages: stages ?? [] }
    : undefined;
}

/** The REST or HTTP API `ref` names, by id first, then by name; UsageError when none or several. */
function findApi(
  ref: string,
  rest: RestApi[],
  http: Api[],
): { type: 'rest' | 'http'; id: string; name?: string } {
  const byId = [
    ...rest.filter((a) => a.id === ref).map((a) => ({ type: 'rest' as const, id: a.id!, name: a.name })),
    ...http
      .filter((a) => a.ApiId === ref)
      .map((a) => ({ type: 'http' as const, id: a.ApiId!, name: a.Name })),
  ];
  if (byId.length) return byId[0]!;
  const byName = [
    ...rest.filter((a) => a.name === ref).map((a) => ({ type: 'rest' as const, id: a.id!, name: a.name })),
    ...http.filter((a) => a.Name === ref).map((a) => ({ type: 'http' as const, id: a.ApiId!, name: a.Name })),
  ];
  if (byName.length === 1) return byName[0]!;
  const known = [
    ...rest.map((a) => `${a.id} (${a.name}, REST)`),
    ...http.map((a) => `${a.ApiId} (${a.Name}, HTTP)`),
  ];
  if (byName.length > 1)
    throw new UsageError(`--api ${ref}: ${byName.length} APIs have that name`, {
      hint: `give the id instead: ${byName.map((a) => a.id).join(', ')}`,
    });
  throw new UsageError(`--api ${ref}: no REST or HTTP API has that id or name in this account and region`, {
    hint: known.length
      ? `APIs here: ${known.slice(0, 10).join(', ')}`
      : 'this account and region have no API',
  });
}

/** API names by id, of one type or both. */
async function apiNames(aws: AwsClients, type: 'rest' | 'http' | undefined): Promise<Map<string, string>> {
  const [rest, http] = await Promise.all([
    type === 'http' ? [] : listRestApis(aws),
    type === 'rest' ? [] : listHttpApis(aws),
  ]);
  return new Map([
    ...rest.map((a) => [a.id ?? '', a.name ?? ''] as const),
    ...http.map((a) => [a.ApiId ?? '', a.Name ?? ''] as const),
  ]);
}

/** Reads what the trace needs of API Gateway for a request entering at `entry` with `path`. */
export async function readApiFront(
  aws: AwsClients,
  entry: ApiEntry,
  path: string,
): Promise<ApiFrontSnapshot> {
  const readErrors: Errors = [];
  const links = Promise.all([
    soft(readErrors, 'VPC links (v1)', () => listVpcLinks(aws), [] as VpcLink[]),
    soft(readErrors, 'VPC links (v2)', () => listVpcLinksV2(aws), [] as VpcLinkV2[]),
  ]);
  const snap: ApiFrontSnapshot = { entry, linksV1: [], linksV2: [], readErrors };
  const apiRead = (async () => {
    if (entry.by === 'execute-api') {
      // The host names the API: read it at once, as REST and as HTTP API unless rail.yaml says which.
      // Its name comes from the list of APIs, read in the same round.
      const [rest, http, names] = await Promise.all([
        entry.type !== 'http'
          ? readRest(aws, entry.apiId, readErrors, undefined, path.split('/')[1] || undefined)
          : undefined,
        entry.type !== 'rest' ? readHttp(aws, entry.apiId) : undefined,
        soft(readErrors, 'API names', () => apiNames(aws, entry.type), new Map<string, string>()),
      ]);
      const name = names.get(entry.apiId);
      if (rest) snap.rest = { ...rest, ...(name ? { name } : {}) };
      else if (http) snap.http = { ...http, ...(name ? { name } : {}) };
      return;
    }
    if (entry.by === 'api-flag') {
      const [rest, http] = await Promise.all([
        entry.type === 'http' ? [] : listRestApis(aws),
        entry.type === 'rest' ? [] : listHttpApis(aws),
      ]);
      const found = findApi(entry.ref, rest, http);
      if (found.type === 'rest') snap.rest = await readRest(aws, found.id, readErrors, found.name);
      else snap.http = await readHttp(aws, found.id, found.name);
      return;
    }
    // A custom domain: its mappings (and the APIs' names alongside), then the API the path's mapping names.
    const rest = entry.type === 'rest';
    const [mappings, apis] = await Promise.all([
      rest
        ? getBasePathMappings(aws, entry.domainName).then((ms) =>
            ms.map((m) => ({
              key: m.basePath === '(none)' ? '' : (m.basePath ?? ''),
              apiId: m.restApiId ?? '',
              stage: m.stage ?? '',
            })),
          )
        : getApiMappings(aws, entry.domainName).then((ms) =>
            ms.map((m) => ({ key: m.ApiMappingKey ?? '', apiId: m.ApiId ?? '', stage: m.Stage ?? '' })),
          ),
      soft(readErrors, 'API names', () => apiNames(aws, entry.type), new Map<string, string>()),
    ]);
    snap.mappings = mappings;
    const picked = pickMapping(mappings, path);
    if (!picked) return;
    const name = apis.get(picked.mapping.apiId);
    if (rest) snap.rest = await readRest(aws, picked.mapping.apiId, readErrors, name, picked.mapping.stage);
    else snap.http = await readHttp(aws, picked.mapping.apiId, name);
  })();
  const [[v1, v2]] = await Promise.all([links, apiRead]);
  snap.linksV1 = v1;
  snap.linksV2 = v2;
  return snap;
}
