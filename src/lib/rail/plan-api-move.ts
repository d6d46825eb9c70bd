/**
 * Moving the front door from one VPC link to the other (v1 → v2, or back), and what `staticIps: none`
 * leaves behind: these steps run in the last phase, after every integration sends through the link
 * rail.yaml asks for and the stage is deployed, so traffic never stops. The old link goes (waiting
 * until AWS no longer lists it: a v1 link holds its NLB), then the NLB and its target groups.
 */
import { findLoadBalancersByName } from '../aws/elbv2.js';
import { fromTagList } from '../aws/tags.js';
import { isOurs, TAG_ROLE } from '../common/names.js';
import { UsageError } from '../errors.js';
import { sleep } from '../sleep.js';
import { deleteLinkAndWait } from './api-links.js';
import { API_ROLES, apiNames, linkTarget } from './api-spec.js';
import {
  deleteLoadBalancerQuietly,
  deleteSecurityGroupWhenFree,
  deleteTargetGroupWhenFree,
} from './removals.js';
import type { PlanContext, Step } from './steps.js';

/** `rails create-api` lays only the front door: what it reaches must be there already. */
export function apiPrerequisites(ctx: PlanContext): void {
  const { rail, res } = ctx;
  const api = rail.apiGateway;
  if (!api)
    throw new UsageError(
      `rail.yaml has no apiGateway: there is no front door to lay for stage ${rail.stage}.`,
      {
        hint: 'add `apiGateway:` to rail.yaml (see the README), then run `rails create-api`.',
      },
    );
  const { version, target } = linkTarget(api);
  const missing: string[] = [];
  if (target === 'nlb' && !res.nlbArn) missing.push('the NLB');
  if (target === 'alb' && !res.albArn) missing.push('the ALB');
  if (api.type === 'http' && !res.listeners.has(`${target}:443`))
    missing.push(`the ${target.toUpperCase()}'s :443 listener`);
  if (version === 'v2' && !res.albSecurityGroupId) missing.push("the ALB's security group");
  if (missing.length)
    throw new UsageError(
      `the front door of stage ${rail.stage} needs ${missing.join(', ')}, which do not exist yet.`,
      {
        hint: `run \`rails up\` (or \`rails create-${target}\`) first.`,
      },
    );
}

async function waitLoadBalancerGone(ctx: PlanContext, name: string, signal?: AbortSignal): Promise<void> {
  for (let delay = 100; ; delay = Math.min(delay * 2, 5000)) {
    if (!(await findLoadBalancersByName(ctx.aws, [name])).has(name)) return;
    await sleep(delay, signal);
  }
}

/** The link rail.yaml no longer asks for and (`staticIps: none`, whole rail only) the NLB. */
export function movedLinkChains(ctx: PlanContext, all: boolean, signal?: AbortSignal): Step[][] {
  const { rail, seen } = ctx;
  const stage = rail.stage;
  const chain: Step[] = [];
  const wanted = rail.apiGateway ? linkTarget(rail.apiGateway).version : undefined;
  const v1 = seen.api?.linkV1;
  if (wanted === 'v2' && v1 && isOurs(v1.tags, stage))
    chain.push({
      item: {
        kind: 'vpc-link-v1',
        name: v1.name!,
        action: 'delete',
        note: 'the front door moved to the v2 link',
      },
      apply: () => deleteLinkAndWait(ctx.aws, 'v1', v1.id!, signal),
    });
  const v2 = seen.api?.linkV2;
  if (wanted === 'v1' && v2 && isOurs(v2.Tags, stage)) {
    chain.push({
      item: {
        kind: 'vpc-link-v2',
        name: v2.Name!,
        action: 'delete',
        note: 'the front door moved to the v1 link',
      },
      apply: () => deleteLinkAndWait(ctx.aws, 'v2', v2.VpcLinkId!, signal),
    });
    const group = linkGroupRemoval(ctx, signal);
    if (group) chain.push(group);
  }
  if (all && rail.staticIps === 'none') {
    const nlb = seen.nlb;
    if (nlb && isOurs(seen.tags.get(nlb.LoadBalancerArn!), stage))
      chain.push({
        item: {
          kind: 'load-balancer',
          name: nlb.LoadBalancerName!,
          action: 'delete',
          note: 'staticIps: none (with its listeners)',
        },
        apply: async () => {
          await deleteLoadBalancerQuietly(ctx.aws, nlb.LoadBalancerArn!);
          await waitLoadBalancerGone(ctx, nlb.LoadBalancerName!, signal);
        },
      });
    for (const tg of seen.nlbTargetGroups.values())
      if (isOurs(seen.tags.get(tg.TargetGroupArn!), stage))
        chain.push({
          item: {
            kind: 'target-group',
            name: tg.TargetGroupName!,
            action: 'delete',
            note: 'staticIps: none',
          },
          apply: () => deleteTargetGroupWhenFree(ctx.aws, tg.TargetGroupArn!, signal),
        });
  }
  return chain.length ? [chain] : [];
}

/**
 * The removal of the VPC link v2's group, when this stage has it: free once the ALB's group no longer
 * admits it and the link's interfaces are gone (the link goes earlier in the same run).
 */
function linkGroupRemoval(ctx: PlanContext, signal?: AbortSignal): Step | undefined {
  const stage = ctx.rail.stage;
  const sg = ctx.seen.securityGroups.get(apiNames.linkSecurityGroup(stage).toLowerCase());
  const tags = fromTagList(sg?.Tags ?? []);
  if (!sg || !isOurs(tags, stage) || tags[TAG_ROLE] !== API_ROLES.linkSecurityGroup) return undefined;
  return {
    item: { kind: 'security-group', name: sg.GroupName!, action: 'delete', note: 'once nothing uses it' },
    apply: () => deleteSecurityGroupWhenFree(ctx.aws, sg.GroupId!, signal),
  };
}

/** The v2 link's group of a front door that left rail.yaml (the link goes with the front door, first). */
export function leftLinkGroupChains(ctx: PlanContext, signal?: AbortSignal): Step[][] {
  const group = linkGroupRemoval(ctx, signal);
  return group ? [[group]] : [];
}
