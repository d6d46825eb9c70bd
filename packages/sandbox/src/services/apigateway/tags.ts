/**
 * Tags on API Gateway resources, by ARN `arn:aws:apigateway:<region>::<path>` (docs/aws-behaviour.md
 * §11): REST APIs and their stages, HTTP APIs and their stages, VPC links (v1 and v2 share
 * `/vpclinks/<id>`), custom domains. Both APIs tag the same resources.
 */
import type { RequestContext, Sandbox } from '../../core/types.js';
import { badRequest, notFound } from './errors.js';
import { apigwArn, apigwRegion, apigwRegions } from './state.js';

/** The tag map of the resource an ARN names (the map itself, for changing in place). */
function tagsOf(sb: Sandbox, arn: string): Record<string, string> {
  const m = /^arn:aws:apigateway:([a-z0-9-]+)::(\/.+)$/.exec(arn);
  if (!m) throw badRequest(`Invalid ARN specified in the request: ${arn}`);
  const region = apigwRegion(sb, m[1]!);
  const p = m[2]!.split('/').slice(1).map(decodeURIComponent);
  const missing = () => notFound(`Invalid resource identifier specified: ${arn}`);
  if (p[0] === 'restapis' && p.length === 2) return region.restApis[p[1]!]?.tags ?? throwIt(missing());
  if (p[0] === 'restapis' && p[2] === 'stages' && p.length === 4)
    return region.restApis[p[1]!]?.stages[p[3]!]?.tags ?? throwIt(missing());
  if (p[0] === 'apis' && p.length === 2) return region.httpApis[p[1]!]?.tags ?? throwIt(missing());
  if (p[0] === 'apis' && p[2] === 'stages' && p.length === 4)
    return region.httpApis[p[1]!]?.stages[p[3]!]?.tags ?? throwIt(missing());
  if (p[0] === 'vpclinks' && p.length === 2)
    return region.vpcLinks[p[1]!]?.tags ?? region.vpcLinksV2[p[1]!]?.tags ?? throwIt(missing());
  if (p[0] === 'domainnames' && p.length === 2)
    return region.domainNames[p[1]!.toLowerCase()]?.tags ?? throwIt(missing());
  throw missing();
}

function throwIt(e: Error): never {
  throw e;
}

export function tagResource(ctx: RequestContext, arn: string, tags: Record<string, string> | undefined) {
  const t = tagsOf(ctx.sb, arn);
  const next = { ...t, ...(tags ?? {}) };
  if (Object.keys(next).length > 50) throw badRequest('Too many tags: a resource can have at most 50');
  Object.assign(t, tags ?? {});
  ctx.sb.markDirty();
}

export function untagResource(ctx: RequestContext, arn: string, keys: string[]) {
  const t = tagsOf(ctx.sb, arn);
  for (const k of keys) delete t[k];
  ctx.sb.markDirty();
}

export const getTags = (ctx: RequestContext, arn: string) => ({ tags: { ...tagsOf(ctx.sb, arn) } });

/** Every taggable API Gateway resource with its ARN and tags, for the tagging service. */
export function taggedApigwResources(sb: Sandbox): Array<{ arn: string; tags: Record<string, string> }> {
  const out: Array<{ arn: string; tags: Record<string, string> }> = [];
  for (const [name, r] of apigwRegions(sb)) {
    for (const a of Object.values(r.restApis)) {
      out.push({ arn: apigwArn(name, `/restapis/${a.id}`), tags: a.tags });
      for (const s of Object.values(a.stages))
        out.push({ arn: apigwArn(name, `/restapis/${a.id}/stages/${s.stageName}`), tags: s.tags });
    }
    for (const a of Object.values(r.httpApis)) {
      out.push({ arn: apigwArn(name, `/apis/${a.apiId}`), tags: a.tags });
      for (const s of Object.values(a.stages))
        out.push({ arn: apigwArn(name, `/apis/${a.apiId}/stages/${s.stageName}`), tags: s.tags });
    }
    for (const l of Object.values(r.vpcLinks))
      out.push({ arn: apigwArn(name, `/vpclinks/${l.id}`), tags: l.tags });
    for (const l of Object.values(r.vpcLinksV2))
      out.push({ arn: apigwArn(name, `/vpclinks/${l.id}`), tags: l.tags });
    for (const d of Object.values(r.domainNames))
      out.push({ arn: apigwArn(name, `/domainnames/${d.domainName}`), tags: d.tags });
  }
  return out;
}
