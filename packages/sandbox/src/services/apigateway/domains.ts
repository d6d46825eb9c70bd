/**
 * Custom domain names and their mappings (docs/aws-behaviour.md §11). One domain resource
 * answers both APIs: REST sees base path mappings (`(none)` for the root), HTTP sees API mappings.
 * A regional domain needs an ACM certificate in the sandbox that covers the name.
 */
import type { RequestContext } from '../../core/types.js';
import { acmState } from '../acm/state.js';
import { badRequest, conflict, notFound } from './errors.js';
import { findRestApi, findStage, seconds } from './rest-apis.js';
import { page } from './rest-resources.js';
import { apigwRegion, type DomainName, type RestApi } from './state.js';
import { pageV2 } from './vpc-links.js';

/** Route 53 alias zone of the regional API Gateway endpoints, per region (the ones rails uses). */
const HOSTED_ZONES: Record<string, string> = {
  'us-east-1': 'Z1UJRXOUMOOFQ8',
  'us-east-2': 'ZOJJZC49E0EPZ',
  'us-west-2': 'Z2OJLYMUO9EFXC',
  'eu-west-1': 'ZLY8HYME6SFDD',
  'eu-central-1': 'Z1U9ULNL0V5AJ3',
};

/** Whether a certificate name (`*.abq.com` covers one label) covers the domain. */
export function covers(certName: string, domain: string): boolean {
  const c = certName.toLowerCase();
  const d = domain.toLowerCase();
  if (c === d) return true;
  if (!c.startsWith('*.')) return false;
  const rest = d.slice(d.indexOf('.') + 1);
  return d.includes('.') && rest === c.slice(2);
}

function checkCertificate(ctx: RequestContext, arn: unknown, domain: string): string {
  if (typeof arn !== 'string' || arn === '')
    throw badRequest('A regional certificate ARN is required for a REGIONAL domain name');
  const cert = acmState(ctx.sb).certificates.find((c) => c.arn === arn);
  if (!cert) throw badRequest(`Certificate ${arn} not found`);
  if (cert.region !== ctx.region) throw badRequest(`Certificate ${arn} is not in region ${ctx.region}`);
  const names = [cert.domainName, ...cert.subjectAlternativeNames];
  if (!names.some((n) => covers(n, domain))) {
    throw badRequest(`Certificate ${arn} does not cover the domain name ${domain}`);
  }
  return arn;
}

function newDomain(
  ctx: RequestContext,
  name: unknown,
  certificateArn: unknown,
  securityPolicy: unknown,
  tags: any,
): DomainName {
  if (typeof name !== 'string' || !/^[a-z0-9*]([a-z0-9-]*\.)+[a-z]{2,}$/i.test(name)) {
    throw badRequest('Invalid domain name specified');
  }
  const region = apigwRegion(ctx.sb, ctx.region);
  if (region.domainNames[name.toLowerCase()]) throw conflict('The domain name you provided already exists.');
  const arn = checkCertificate(ctx, certificateArn, name);
  const d: DomainName = {
    domainName: name.toLowerCase(),
    domainNameId: ctx.sb.hex(6),
    certificateArn: arn,
    regionalDomainName: `d-${ctx.sb.hex(10)}.execute-api.${ctx.region}.amazonaws.com`,
    regionalHostedZoneId: HOSTED_ZONES[ctx.region] ?? 'Z1UJRXOUMOOFQ8',
    securityPolicy: typeof securityPolicy === 'string' ? securityPolicy : 'TLS_1_2',
    createdAt: ctx.sb.clock.now(),
    mappings: [],
    tags: { ...(tags ?? {}) },
  };
  region.domainNames[d.domainName] = d;
  ctx.sb.markDirty();
  return d;
}

export function findDomain(ctx: RequestContext, name: string): DomainName {
  const d = apigwRegion(ctx.sb, ctx.region).domainNames[name.toLowerCase()];
  if (!d) throw notFound('Invalid domain name identifier specified');
  return d;
}

function deleteDomain(ctx: RequestContext, name: string): void {
  const d = findDomain(ctx, name);
  delete apigwRegion(ctx.sb, ctx.region).domainNames[d.domainName];
  ctx.sb.markDirty();
}

// ---- REST (v1) view ----

function v1Out(d: DomainName) {
  return {
    domainName: d.domainName,
    domainNameId: d.domainNameId,
    certificateUploadDate: seconds(d.createdAt),
    regionalDomainName: d.regionalDomainName,
    regionalHostedZoneId: d.regionalHostedZoneId,
    regionalCertificateArn: d.certificateArn,
    endpointConfiguration: { types: ['REGIONAL'], ipAddressType: 'ipv4' },
    domainNameStatus: 'AVAILABLE',
    securityPolicy: d.securityPolicy,
    ...(Object.keys(d.tags).length ? { tags: d.tags } : {}),
  };
}

export function createDomainNameV1(ctx: RequestContext, input: any) {
  const types: string[] = input.endpointConfiguration?.types ?? ['EDGE'];
  if (types[0] !== 'REGIONAL' || input.certificateArn) {
    // Edge-optimized domains live on CloudFront; the sandbox has none.
    throw badRequest('Only REGIONAL domain names with a regionalCertificateArn are supported here');
  }
  return v1Out(
    newDomain(ctx, input.domainName, input.regionalCertificateArn, input.securityPolicy, input.tags),
  );
}

export const getDomainNameV1 = (ctx: RequestContext, name: string) => v1Out(findDomain(ctx, name));

export function getDomainNamesV1(ctx: RequestContext, q: URLSearchParams) {
  return page(Object.values(apigwRegion(ctx.sb, ctx.region).domainNames).map(v1Out), q, ctx);
}

export const deleteDomainNameV1 = deleteDomain;

const basePathOut = (m: { key: string; apiId: string; stage: string }) => ({
  basePath: m.key === '' ? '(none)' : m.key,
  restApiId: m.apiId,
  stage: m.stage,
});

export function createBasePathMapping(ctx: RequestContext, domain: string, input: any) {
  const d = findDomain(ctx, domain);
  const key = input.basePath === undefined || input.basePath === '(none)' ? '' : String(input.basePath);
  if (key !== '' && !/^[a-zA-Z0-9$_.+!*'()/-]+$/.test(key)) throw badRequest('Invalid base path specified');
  let api: RestApi;
  try {
    api = findRestApi(ctx, String(input.restApiId ?? ''));
  } catch {
    throw badRequest('Invalid REST API identifier specified');
  }
  if (input.stage !== undefined) {
    try {
      findStage(api, String(input.stage));
    } catch {
      throw badRequest('Invalid stage identifier specified');
    }
  }
  if (d.mappings.some((m) => m.key === key)) throw conflict('Base path already exists for this domain name');
  const m = { apiMappingId: ctx.sb.hex(6), key, apiId: api.id, stage: input.stage ?? '' };
  d.mappings.push(m);
  ctx.sb.markDirty();
  return basePathOut(m);
}

export function getBasePathMappings(ctx: RequestContext, domain: string, q: URLSearchParams) {
  const d = findDomain(ctx, domain);
  return page(
    d.mappings.filter((m) => apigwRegion(ctx.sb, ctx.region).restApis[m.apiId]).map(basePathOut),
    q,
    ctx,
  );
}

export function deleteBasePathMapping(ctx: RequestContext, domain: string, basePath: string) {
  const d = findDomain(ctx, domain);
  const key = basePath === '(none)' ? '' : basePath;
  const i = d.mappings.findIndex((m) => m.key === key);
  if (i < 0) throw notFound('Invalid base path mapping identifier specified');
  d.mappings.splice(i, 1);
  ctx.sb.markDirty();
}

// ---- HTTP (v2) view ----

function v2Out(d: DomainName) {
  return {
    apiMappingSelectionExpression: '$request.basepath',
    domainName: d.domainName,
    domainNameArn: `arn:aws:apigateway:${d.regionalDomainName.split('.')[2]}::/domainnames/${d.domainName}`,
    domainNameConfigurations: [
      {
        apiGatewayDomainName: d.regionalDomainName,
        certificateArn: d.certificateArn,
        certificateUploadDate: new Date(d.createdAt).toISOString(),
        domainNameStatus: 'AVAILABLE',
        endpointType: 'REGIONAL',
        hostedZoneId: d.regionalHostedZoneId,
        ipAddressType: 'ipv4',
        securityPolicy: d.securityPolicy,
      },
    ],
    tags: d.tags,
  };
}

export function createDomainNameV2(ctx: RequestContext, input: any) {
  const config = (input.domainNameConfigurations ?? [])[0] ?? {};
  if (config.endpointType && config.endpointType !== 'REGIONAL')
    throw badRequest('Only REGIONAL endpoints are supported');
  return v2Out(newDomain(ctx, input.domainName, config.certificateArn, config.securityPolicy, input.tags));
}

export const getDomainNameV2 = (ctx: RequestContext, name: string) => v2Out(findDomain(ctx, name));

export function getDomainNamesV2(ctx: RequestContext, q: URLSearchParams) {
  return pageV2(Object.values(apigwRegion(ctx.sb, ctx.region).domainNames).map(v2Out), q, ctx);
}

export const deleteDomainNameV2 = deleteDomain;

const apiMappingOut = (m: { apiMappingId: string; key: string; apiId: string; stage: string }) => ({
  apiId: m.apiId,
  apiMappingId: m.apiMappingId,
  apiMappingKey: m.key,
  stage: m.stage,
});

export function createApiMapping(ctx: RequestContext, domain: string, input: any) {
  const d = findDomain(ctx, domain);
  const region = apigwRegion(ctx.sb, ctx.region);
  const key = typeof input.apiMappingKey === 'string' ? input.apiMappingKey : '';
  const apiId = String(input.apiId ?? '');
  const stage = String(input.stage ?? '');
  const http = region.httpApis[apiId];
  const rest = region.restApis[apiId];
  if (!http && !rest) throw notFound(`Invalid API identifier specified ${ctx.accountId}:${apiId}`);
  if ((http && !http.stages[stage]) || (rest && !rest.stages[stage])) {
    throw notFound(`Invalid stage identifier specified`);
  }
  if (d.mappings.some((m) => m.key === key))
    throw conflict(`ApiMapping already exists for this domain name and key`);
  const m = { apiMappingId: ctx.sb.hex(6), key, apiId, stage };
  d.mappings.push(m);
  ctx.sb.markDirty();
  return apiMappingOut(m);
}

export function getApiMappings(ctx: RequestContext, domain: string, q: URLSearchParams) {
  return pageV2(findDomain(ctx, domain).mappings.map(apiMappingOut), q, ctx);
}

export function deleteApiMapping(ctx: RequestContext, domain: string, id: string) {
  const d = findDomain(ctx, domain);
  const i = d.mappings.findIndex((m) => m.apiMappingId === id);
  if (i < 0) throw notFound(`Unable to find ApiMapping with id '${id}'`);
  d.mappings.splice(i, 1);
  ctx.sb.markDirty();
}
