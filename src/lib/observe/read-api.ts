/**
 * Reads the API Gateway hop of `status` in three rounds, each alongside the load balancers' own:
 * (1) the APIs (found by id, else by name), both kinds of VPC link and the custom domain with its
 * mappings — everything whose input is known at the start; (2) the chosen API's resources with their
 * methods and integrations embedded (one paged GetResources, never a GetMethod each), stages, routes
 * and integrations, and the domain's certificate; (3) the judged stage's deployment with its API summary
 * (docs/aws-behaviour.md §11, "Reading the front door back").
 */

import type { RestApi } from '@aws-sdk/client-api-gateway';
import type { Api } from '@aws-sdk/client-apigatewayv2';
import { findCertificate } from '../aws/acm.js';
import { getDeployment, getResources, getStages, listRestApis, listVpcLinks } from '../aws/apigateway.js';
import {
  getApiMappings,
  getDomainNameV2,
  getHttpStages,
  getIntegrations,
  getRoutes,
  listHttpApis,
  listVpcLinksV2,
} from '../aws/apigatewayv2.js';
import type { AwsClients } from '../aws/clients.js';
import type { ApiRef } from '../signals/api.js';
import type { ApiSelector, ApiSnapshot } from './snapshot.js';
import { type ReadErrors, soft } from './soft-read.js';

/** The HTTP API stage that serves the API's root (docs/aws-behaviour.md §11). */
export const DEFAULT_HTTP_STAGE = '$default';

/** The APIs `ref` names: those whose id is `ref`, else those whose name is. */
export function matchApis<T>(
  apis: T[],
  ref: string,
  id: (a: T) => string | undefined,
  name: (a: T) => string | undefined,
) {
  const byId = apis.filter((a) => id(a) === ref);
  return byId.length ? byId : apis.filter((a) => name(a) === ref);
}

/** Of several APIs of one name, the oldest: the one `up` keeps (duplicates are what an interrupted create left). */
export function oldest<T>(apis: T[], created: (a: T) => Date | undefined): T | undefined {
  return [...apis].sort((a, b) => (created(a)?.getTime() ?? 0) - (created(b)?.getTime() ?? 0))[0];
}

/** The stage to judge: the selector's, else `$default`, else the API's only stage. */
export function chooseStage(wanted: string | undefined, stages: string[]): string | undefined {
  if (wanted) return wanted;
  if (stages.includes(DEFAULT_HTTP_STAGE)) return DEFAULT_HTTP_STAGE;
  return stages.length === 1 ? stages[0] : undefined;
}

/**
 * The API's reads, and as soon as the API and its stage are known (the first round for rail.yaml's
 * API, the second when the stage must be found), the stage the signals read: the metrics batch
 * waits for no more than that.
 */
export function startApiRead(
  aws: AwsClients,
  sel: ApiSelector,
  errors: ReadErrors,
): { snapshot: Promise<ApiSnapshot>; metrics: Promise<ApiRef | undefined> } {
  let settle: (ref: ApiRef | undefined) => void = () => {};
  const metrics = new Promise<ApiRef | undefined>((resolve) => {
    settle = resolve;
  });
  const snapshot = readApi(aws, sel, errors, (ref) => settle(ref)).finally(() => settle(undefined));
  return { snapshot, metrics };
}

/** The metrics of an API stage: REST by name, HTTP APIs by id (docs/aws-behaviour.md §12). */
function refOf(
  rest: RestApi | undefined,
  http: Api | undefined,
  stage: string | undefined,
): ApiRef | undefined {
  if (!stage) return undefined;
  if (rest?.name) return { kind: 'rest', apiName: rest.name, stage };
  if (http?.ApiId) return { kind: 'http', apiId: http.ApiId, stage };
  return undefined;
}

async function readApi(
  aws: AwsClients,
  sel: ApiSelector,
  errors: ReadErrors,
  found: (ref: ApiRef | undefined) => void,
): Promise<ApiSnapshot> {
  const domain = sel.domainName;
  const [restAll, httpAll, linksV1, linksV2, domainRead, mappings] = await Promise.all([
    sel.type === 'http' ? [] : soft(errors, 'API Gateway REST APIs', () => listRestApis(aws), []),
    sel.type === 'rest' ? [] : soft(errors, 'API Gateway HTTP APIs', () => listHttpApis(aws), []),
    soft(errors, 'VPC links (v1)', () => listVpcLinks(aws), []),
    soft(errors, 'VPC links (v2)', () => listVpcLinksV2(aws), []),
    domain
      ? soft(
          errors,
          `custom domain ${domain}`,
          async () => (await getDomainNameV2(aws, domain)) ?? null,
          undefined,
        )
      : undefined,
    domain ? soft(errors, `API mappings of ${domain}`, () => getApiMappings(aws, domain), []) : [],
  ]);
  const restApis = matchApis(
    restAll,
    sel.ref,
    (a) => a.id,
    (a) => a.name,
  );
  const httpApis = matchApis(
    httpAll,
    sel.ref,
    (a) => a.ApiId,
    (a) => a.Name,
  );
  const snap: ApiSnapshot = {
    restApis,
    httpApis,
    linksV1,
    linksV2,
    mappings,
    ...(domain ? { domain: domainRead } : {}),
  };
  const rest = oldest(restApis, (a) => a.createdDate);
  const http = rest ? undefined : oldest(httpApis, (a) => a.CreatedDate);
  if (sel.stageName) found(refOf(rest, http, sel.stageName));
  const certificateArn = domainRead?.DomainNameConfigurations?.[0]?.CertificateArn;
  const certificate = certificateArn
    ? soft(errors, `certificate ${certificateArn}`, () => findCertificate(aws, certificateArn), undefined)
    : Promise.resolve(undefined);
  if (rest?.id) {
    const id = rest.id;
    const [resources, stages] = await Promise.all([
      soft(errors, `resources of REST API ${id}`, () => getResources(aws, id, true), []),
      soft(errors, `stages of REST API ${id}`, () => getStages(aws, id), []),
    ]);
    snap.stageName = chooseStage(
      sel.stageName,
      stages.map((s) => s.stageName!),
    );
    found(refOf(rest, undefined, snap.stageName));
    const deploymentId = stages.find((s) => s.stageName === snap.stageName)?.deploymentId;
    const deployment = deploymentId
      ? await soft(
          errors,
          `deployment ${deploymentId}`,
          () => getDeployment(aws, id, deploymentId, true),
          undefined,
        )
      : undefined;
    snap.rest = { api: rest, resources, stages, ...(deployment ? { deployment } : {}) };
  } else if (http?.ApiId) {
    const id = http.ApiId;
    const [routes, integrations, stages] = await Promise.all([
      soft(errors, `routes of HTTP API ${id}`, () => getRoutes(aws, id), []),
      soft(errors, `integrations of HTTP API ${id}`, () => getIntegrations(aws, id), []),
      soft(errors, `stages of HTTP API ${id}`, () => getHttpStages(aws, id), []),
    ]);
    snap.stageName = chooseStage(
      sel.stageName,
      stages.map((s) => s.StageName!),
    );
    found(refOf(undefined, http, snap.stageName));
    snap.http = { api: http, routes, integrations, stages };
  }
  const cert = await certificate;
  if (cert) snap.certificate = cert;
  return snap;
}
