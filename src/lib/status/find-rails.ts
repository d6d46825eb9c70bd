/**
 * Every rail of the account and Region, found by rails's own tags (lib/common/names.ts) with one paged
 * Resource Groups Tagging API search (docs/aws-behaviour.md §14): the load balancers and ECS services
 * rails made, grouped by their stage tag. What rail.yaml would say (the load balancers' names, the
 * services' clusters) is read from the tags and the ARNs instead, so no rail.yaml is needed.
 */
import type { AwsClients } from '../aws/clients.js';
import { findTaggedResources, type TaggedResource } from '../aws/tagging.js';
import { compareText } from '../common/compare.js';
import {
  MANAGED_BY,
  ROLES,
  railNames,
  TAG_MANAGED_BY,
  TAG_ROLE,
  TAG_SERVICE,
  TAG_STAGE,
} from '../common/names.js';
import type { RailSelector } from '../observe/snapshot.js';

/** The resource types that make a rail visible: its load balancers and its ECS services. */
export const RAIL_RESOURCE_TYPES = ['elasticloadbalancing:loadbalancer', 'ecs:service'];

export interface FoundRail {
  stage: string;
  nlbName: string;
  albName: string;
  /** The ECS services tagged with the stage: their rails name, cluster and ECS name. */
  services: { name: string; cluster: string; ecsName: string }[];
}

/** `loadbalancer/<app|net>/<name>/<id>` -> kind and name. */
function loadBalancerOf(arn: string): { kind: string; name: string } | undefined {
  const m = /:loadbalancer\/(app|net)\/([^/]+)\//.exec(arn);
  return m ? { kind: m[1]!, name: m[2]! } : undefined;
}

/** `service/<cluster>/<name>` (the long ARN format every service has had since 2021). */
function ecsServiceOf(arn: string): { cluster: string; name: string } | undefined {
  const m = /:ecs:[^:]*:[^:]*:service\/([^/]+)\/([^/]+)$/.exec(arn);
  return m ? { cluster: m[1]!, name: m[2]! } : undefined;
}

/**
 * Groups tagged resources into rails, one per stage, sorted by stage. A stage whose load balancer is
 * gone keeps the name rails gives it, so its status says the load balancer is not found.
 */
export function railsFromResources(resources: TaggedResource[]): FoundRail[] {
  const byStage = new Map<string, FoundRail>();
  for (const r of resources) {
    const stage = r.tags[TAG_STAGE];
    if (!stage || r.tags[TAG_MANAGED_BY] !== MANAGED_BY) continue;
    let rail = byStage.get(stage);
    if (!rail) {
      rail = { stage, nlbName: railNames.nlb(stage), albName: railNames.alb(stage), services: [] };
      byStage.set(stage, rail);
    }
    const lb = loadBalancerOf(r.arn);
    const role = r.tags[TAG_ROLE];
    if (lb && (role === ROLES.nlb || (!role && lb.kind === 'net'))) rail.nlbName = lb.name;
    else if (lb && (role === ROLES.alb || (!role && lb.kind === 'app'))) rail.albName = lb.name;
    const svc = ecsServiceOf(r.arn);
    if (svc)
      rail.services.push({ name: r.tags[TAG_SERVICE] ?? svc.name, cluster: svc.cluster, ecsName: svc.name });
  }
  return [...byStage.values()].sort((a, b) => compareText(a.stage, b.stage));
}

/** The rails of the account and Region, by their tags. */
export async function findRails(aws: AwsClients): Promise<FoundRail[]> {
  const resources = await findTaggedResources(aws, {
    tags: { [TAG_STAGE]: [], [TAG_MANAGED_BY]: [MANAGED_BY] },
    resourceTypes: RAIL_RESOURCE_TYPES,
  });
  return railsFromResources(resources);
}

/**
 * The status selector of a found rail: its load balancers by name (`discoveredBy: names`, as with
 * --nlb/--alb: there is no rail.yaml, so no sync state is read). rails tags every ECS service it lays,
 * so the tagged services' clusters are where the rail's services run; without any, every cluster is
 * read. The services themselves are found as status always finds them, through the ALB's target groups.
 */
export function selectorOf(rail: FoundRail): RailSelector {
  const clusters = [...new Set(rail.services.map((s) => s.cluster))];
  return {
    stage: rail.stage,
    nlbName: rail.nlbName,
    albName: rail.albName,
    discoveredBy: 'names',
    ...(clusters.length ? { clusters } : {}),
  };
}
