/**
 * VPC links v1 (REST, one NLB) and v2 (subnets and security groups), with their lifecycle on the
 * sandbox clock (docs/aws-behaviour.md §11): PENDING for about two minutes, then AVAILABLE;
 * a v1 link whose target is not an existing NLB ends FAILED; a v2 link idle for 60 days goes
 * INACTIVE and is provisioned again (PENDING) by the next request through it.
 */
import type { RequestContext, Sandbox } from '../../core/types.js';
import { ec2State } from '../ec2/state.js';
import { elbv2State } from '../elbv2/state.js';
import { badRequest, limitExceeded, notFound } from './errors.js';
import { page } from './rest-resources.js';
import { apigwRegion, apigwRegions, type VpcLinkV1, type VpcLinkV2 } from './state.js';

/** Sandbox ms without traffic after which a v2 link is INACTIVE. */
export const LINK_IDLE_MS = 60 * 24 * 3600_000;
const V1_QUOTA = 20;
const V2_QUOTA = 10;

const PENDING_MESSAGE = 'VPC link is provisioning ENIs';
const V1_READY = 'Your vpc link is ready for use';
const V2_READY = 'VPC link is ready to route traffic';
const V2_INACTIVE = 'VPC link is inactive because no traffic was sent over it for 60 days';

/** Moves every link along its lifecycle; a ticker, so reads see the state the clock says. */
export function advanceLinks(sb: Sandbox): void {
  const now = sb.clock.now();
  const lbs = elbv2State(sb).loadBalancers;
  for (const [, region] of apigwRegions(sb)) {
    for (const link of Object.values(region.vpcLinks)) {
      const nlb = lbs.find((l) => l.arn === link.targetArns[0]);
      if (link.status === 'PENDING' && now >= link.createdAt + sb.settings.vpcLinkProvisionMs) {
        if (nlb?.type !== 'network') {
          setV1(sb, link, 'FAILED', nlb ? 'NLB ARN is malformed' : `NLB ${link.targetArns[0]} was not found`);
        } else setV1(sb, link, 'AVAILABLE', V1_READY);
      } else if (link.status === 'AVAILABLE' && !nlb) {
        setV1(sb, link, 'FAILED', `NLB ${link.targetArns[0]} was not found`);
      }
    }
    for (const link of Object.values(region.vpcLinksV2)) {
      if (link.status === 'PENDING' && now >= link.readyAt) {
        link.status = 'AVAILABLE';
        link.statusMessage = V2_READY;
        link.lastTrafficAt = Math.max(link.lastTrafficAt, link.readyAt);
        sb.markDirty();
      } else if (link.status === 'AVAILABLE' && now - link.lastTrafficAt >= LINK_IDLE_MS) {
        link.status = 'INACTIVE';
        link.statusMessage = V2_INACTIVE;
        sb.markDirty();
      }
    }
  }
}

function setV1(sb: Sandbox, link: VpcLinkV1, status: VpcLinkV1['status'], message: string): void {
  link.status = status;
  link.statusMessage = message;
  sb.markDirty();
}

/**
 * A request through a v2 link: counts as traffic; an INACTIVE link starts provisioning again and the
 * request fails (the first requests after 60 idle days fail, §11). Returns whether it may pass.
 */
export function useLinkV2(sb: Sandbox, link: VpcLinkV2): boolean {
  const now = sb.clock.now();
  if (link.status === 'INACTIVE') {
    link.status = 'PENDING';
    link.statusMessage = PENDING_MESSAGE;
    link.readyAt = now + sb.settings.vpcLinkProvisionMs;
    sb.markDirty();
    return false;
  }
  if (link.status !== 'AVAILABLE') return false;
  link.lastTrafficAt = now;
  sb.markDirtySoon ? sb.markDirtySoon() : sb.markDirty();
  return true;
}

// ---- v1 ----

function v1Out(l: VpcLinkV1) {
  return {
    id: l.id,
    name: l.name,
    ...(l.description ? { description: l.description } : {}),
    targetArns: l.targetArns,
    status: l.status,
    statusMessage: l.statusMessage,
    ...(Object.keys(l.tags).length ? { tags: l.tags } : {}),
  };
}

export function createVpcLinkV1(ctx: RequestContext, input: any) {
  const region = apigwRegion(ctx.sb, ctx.region);
  if (typeof input.name !== 'string' || input.name === '')
    throw badRequest('Invalid VPC link name specified');
  const targets: string[] = input.targetArns ?? [];
  if (targets.length === 0) throw badRequest('No target arn specified for vpc link.');
  if (targets.length > 1) throw badRequest('More than one target arn specified for vpc link.');
  if (Object.keys(region.vpcLinks).length >= V1_QUOTA) {
    throw limitExceeded(
      `Exceeded the maximum number of VPC links (${V1_QUOTA}) for this account in this region`,
    );
  }
  const link: VpcLinkV1 = {
    id: ctx.sb.hex(6),
    name: input.name,
    ...(input.description ? { description: input.description } : {}),
    targetArns: targets,
    status: 'PENDING',
    statusMessage: PENDING_MESSAGE,
    createdAt: ctx.sb.clock.now(),
    tags: { ...(input.tags ?? {}) },
  };
  region.vpcLinks[link.id] = link;
  ctx.sb.markDirty();
  return v1Out(link);
}

export function findLinkV1(ctx: RequestContext, id: string): VpcLinkV1 {
  const l = apigwRegion(ctx.sb, ctx.region).vpcLinks[id];
  if (!l) throw notFound(`VpcLink ${id} not found`);
  return l;
}

export const getVpcLinkV1 = (ctx: RequestContext, id: string) => v1Out(findLinkV1(ctx, id));

export function getVpcLinksV1(ctx: RequestContext, q: URLSearchParams) {
  return page(Object.values(apigwRegion(ctx.sb, ctx.region).vpcLinks).map(v1Out), q, ctx);
}

/** Where deployed stages use the link, as AWS names them: `RESTApiId:Method:Resource:Stage`. */
function restUses(ctx: RequestContext, linkId: string): string[] {
  const uses: string[] = [];
  for (const api of Object.values(apigwRegion(ctx.sb, ctx.region).restApis)) {
    for (const stage of Object.values(api.stages)) {
      const d = api.deployments[stage.deploymentId];
      for (const r of Object.values(d?.resources ?? {}))
        for (const m of Object.values(r.methods))
          if (m.integration?.connectionType === 'VPC_LINK' && m.integration.connectionId === linkId)
            uses.push(`${api.id}:${m.httpMethod}:${r.id}:${stage.stageName}`);
    }
  }
  return uses;
}

export function deleteVpcLinkV1(ctx: RequestContext, id: string) {
  findLinkV1(ctx, id);
  const uses = restUses(ctx, id);
  if (uses.length) {
    throw badRequest(
      `Cannot delete vpc link. Vpc link '${id}', is referenced in [${uses.join(', ')}] in format of [RESTApiId:Method:Resource:Stage].`,
    );
  }
  delete apigwRegion(ctx.sb, ctx.region).vpcLinks[id];
  ctx.sb.markDirty();
}

// ---- v2 ----

const iso = (ms: number) => new Date(ms).toISOString();

function v2Out(l: VpcLinkV2) {
  return {
    createdDate: iso(l.createdAt),
    name: l.name,
    securityGroupIds: l.securityGroupIds,
    subnetIds: l.subnetIds,
    tags: l.tags,
    vpcLinkId: l.id,
    vpcLinkStatus: l.status,
    vpcLinkStatusMessage: l.statusMessage,
    vpcLinkVersion: 'V2',
  };
}

export function createVpcLinkV2(ctx: RequestContext, input: any) {
  const region = apigwRegion(ctx.sb, ctx.region);
  if (typeof input.name !== 'string' || input.name === '') throw badRequest('Name is required');
  const subnetIds: string[] = input.subnetIds ?? [];
  const groupIds: string[] = input.securityGroupIds ?? [];
  if (subnetIds.length === 0) throw badRequest('SubnetIds must contain at least one subnet');
  if (subnetIds.length > 10) throw badRequest('A VPC link can have at most 10 subnets');
  const ec2 = ec2State(ctx.sb);
  const subnets = subnetIds.map((id) => {
    const s = ec2.subnets.find((x) => x.subnetId === id);
    if (!s) throw badRequest(`Subnet ${id} does not exist`);
    return s;
  });
  if (new Set(subnets.map((s) => s.vpcId)).size > 1) throw badRequest('All subnets must be in the same VPC');
  for (const id of groupIds) {
    const g = ec2.securityGroups.find((x) => x.groupId === id);
    if (!g) throw badRequest(`Security group ${id} does not exist`);
    if (g.vpcId !== subnets[0]!.vpcId) throw badRequest(`Security group ${id} is not in the subnets' VPC`);
  }
  if (Object.keys(region.vpcLinksV2).length >= V2_QUOTA) {
    throw limitExceeded(
      `Exceeded the maximum number of VPC links (${V2_QUOTA}) for this account in this region`,
    );
  }
  const now = ctx.sb.clock.now();
  const link: VpcLinkV2 = {
    id: ctx.sb.hex(6),
    name: input.name,
    subnetIds,
    securityGroupIds: groupIds,
    status: 'PENDING',
    statusMessage: PENDING_MESSAGE,
    createdAt: now,
    readyAt: now + ctx.sb.settings.vpcLinkProvisionMs,
    lastTrafficAt: now,
    tags: { ...(input.tags ?? {}) },
  };
  region.vpcLinksV2[link.id] = link;
  ctx.sb.markDirty();
  return v2Out(link);
}

export function findLinkV2(ctx: RequestContext, id: string): VpcLinkV2 {
  const l = apigwRegion(ctx.sb, ctx.region).vpcLinksV2[id];
  if (!l) throw notFound(`Unable to find VpcLink with id '${id}'`);
  return l;
}

export const getVpcLinkV2 = (ctx: RequestContext, id: string) => v2Out(findLinkV2(ctx, id));

export function getVpcLinksV2(ctx: RequestContext, q: URLSearchParams) {
  return pageV2(Object.values(apigwRegion(ctx.sb, ctx.region).vpcLinksV2).map(v2Out), q, ctx);
}

/** v2 paging: `maxResults` and an opaque `nextToken`, answered as `{items, nextToken}`. */
export function pageV2<T>(all: T[], q: URLSearchParams, ctx: RequestContext) {
  const limit = Math.min(Number(q.get('maxResults') ?? 100) || 100, ctx.sb.settings.maxPageSize ?? 100);
  const start = Number(q.get('nextToken') ?? 0) || 0;
  const items = all.slice(start, start + limit);
  const next = start + limit < all.length ? String(start + limit) : undefined;
  return { items, ...(next ? { nextToken: next } : {}) };
}

export function deleteVpcLinkV2(ctx: RequestContext, id: string) {
  findLinkV2(ctx, id);
  const region = apigwRegion(ctx.sb, ctx.region);
  const httpUses: string[] = [];
  for (const api of Object.values(region.httpApis))
    for (const i of Object.values(api.integrations))
      if (i.connectionType === 'VPC_LINK' && i.connectionId === id)
        for (const r of Object.values(api.routes))
          if (r.target === `integrations/${i.integrationId}`)
            httpUses.push(`${r.routeKey.split(' ')[0]}:${r.routeId}`);
  if (httpUses.length) {
    throw badRequest(
      `Cannot delete vpc link. Vpc link '${id}', is referenced in [${httpUses.join(', ')}] in format of [Method:Resource].`,
    );
  }
  const restUsesOf = restUses(ctx, id);
  if (restUsesOf.length) {
    throw badRequest(
      `Cannot delete vpc link. Vpc link '${id}', is referenced in [${restUsesOf.join(', ')}] in format of [RESTApiId:Method:Resource:Stage].`,
    );
  }
  delete region.vpcLinksV2[id];
  ctx.sb.markDirty();
}
