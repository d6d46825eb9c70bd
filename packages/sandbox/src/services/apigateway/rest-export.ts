/**
 * `GetExport`: a stage's **deployed** API as an OpenAPI document (docs/aws-behaviour.md §11,
 * "Reading what a stage serves"). It is made from the deployment's snapshot, never from the live
 * resources, so an integration changed since the deployment shows as it was deployed. With
 * `extensions=integrations` (or `apigateway`) each method carries its
 * `x-amazon-apigateway-integration`; `ANY` is `x-amazon-apigateway-any-method`.
 */
import type { RequestContext } from '../../core/types.js';
import { badRequest, notFound } from './errors.js';
import { findRestApi, findStage } from './rest-apis.js';
import { resourcePath } from './rest-resources.js';
import type { RestIntegration, RestMethod } from './state.js';

const TYPES = ['oas30', 'swagger'];

/** OpenAPI writes the integration's enums in lower case (`http_proxy`, `when_no_match`). */
function integrationOut(i: RestIntegration) {
  return {
    type: i.type.toLowerCase(),
    ...(i.httpMethod ? { httpMethod: i.httpMethod } : {}),
    ...(i.uri ? { uri: i.uri } : {}),
    ...(i.connectionType === 'VPC_LINK'
      ? { connectionType: 'VPC_LINK', ...(i.connectionId ? { connectionId: i.connectionId } : {}) }
      : {}),
    ...(i.integrationTarget ? { integrationTarget: i.integrationTarget } : {}),
    ...(Object.keys(i.requestParameters).length ? { requestParameters: i.requestParameters } : {}),
    passthroughBehavior: i.passthroughBehavior.toLowerCase(),
    timeoutInMillis: i.timeoutInMillis,
    ...(i.tlsConfig ? { tlsConfig: i.tlsConfig } : {}),
  };
}

function methodOut(m: RestMethod, withIntegrations: boolean) {
  const params = Object.keys(m.requestParameters)
    .filter((p) => p.startsWith('method.request.path.'))
    .map((p) => ({
      name: p.slice('method.request.path.'.length),
      in: 'path',
      required: true,
      schema: { type: 'string' },
    }));
  return {
    ...(params.length ? { parameters: params } : {}),
    ...(withIntegrations && m.integration
      ? { 'x-amazon-apigateway-integration': integrationOut(m.integration) }
      : {}),
  };
}

export function getExport(
  ctx: RequestContext,
  apiId: string,
  stageName: string,
  exportType: string,
  q: URLSearchParams,
) {
  const api = findRestApi(ctx, apiId);
  if (!TYPES.includes(exportType)) throw badRequest(`Invalid export type: ${exportType}`);
  const stage = findStage(api, stageName);
  const d = api.deployments[stage.deploymentId];
  if (!d) throw notFound('Invalid Deployment identifier specified');
  const ext = q.get('extensions') ?? '';
  const withIntegrations = ext
    .split(',')
    .map((e) => e.trim())
    .some((e) => e === 'integrations' || e === 'apigateway');
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of Object.values(d.resources)) {
    const methods = Object.values(r.methods);
    if (!methods.length) continue;
    paths[resourcePath(d.resources, r)] = Object.fromEntries(
      methods.map((m) => [
        m.httpMethod === 'ANY' ? 'x-amazon-apigateway-any-method' : m.httpMethod.toLowerCase(),
        methodOut(m, withIntegrations),
      ]),
    );
  }
  const info = { title: api.name, version: new Date(d.createdDate).toISOString() };
  const host = `${api.id}.execute-api.${ctx.region}.amazonaws.com`;
  return exportType === 'oas30'
    ? {
        openapi: '3.0.1',
        info,
        servers: [{ url: `https://${host}/{basePath}`, variables: { basePath: { default: stageName } } }],
        paths,
      }
    : { swagger: '2.0', info, host, basePath: `/${stageName}`, schemes: ['https'], paths };
}
