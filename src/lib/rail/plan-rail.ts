/**
 * The whole rail as phases in dependency order, for `up` and for the one-hop commands (scope):
 * container logging (execution role, log groups), security groups and target groups first, then
 * load balancers, listeners, rules, services, and last what no longer belongs (removed services,
 * extra target groups).
 */

import { deleteLogGroup } from '../aws/logs.js';
import { fromTagList } from '../aws/tags.js';
import { isOurs, ROLES, railNames } from '../common/names.js';
import { taskLogNames } from '../common/task-logging.js';
import { railHasNlb } from '../config/checks.js';
import type { ServiceConfig } from '../config/schema.js';
import { UsageError } from '../errors.js';
import { accessLogSteps } from './access-log-steps.js';
import { linkSecurityGroupStep, linkStep } from './api-links.js';
import { linkTarget } from './api-spec.js';
import type { Observed } from './discover.js';
import { apiDownPhase } from './down-api.js';
import { apiPhases } from './plan-api.js';
import { apiPrerequisites, leftLinkGroupChains, movedLinkChains } from './plan-api-move.js';
import { albTargetStep, listenerStep, loadBalancerStep, nlbTargetGroupStep } from './plan-load-balancers.js';
import { planRoutes } from './plan-routes.js';
import { securityGroupStep } from './plan-security-groups.js';
import {
  clusterStep,
  ecsServiceStep,
  serviceTags,
  serviceTargetGroupSteps,
  taskDefinitionStep,
} from './plan-services.js';
import { executionRoleStep, logGroupStep } from './plan-task-logging.js';
import {
  deleteSecurityGroupWhenFree,
  deleteServiceAndWait,
  deleteTargetGroupWhenFree,
  deregisterTaskFamily,
} from './removals.js';
import {
  albIngress,
  albListenerSpecs,
  albSpec,
  nlbListenerSpecs,
  nlbSpec,
  nlbTargetGroupSpecs,
  RAIL_PORTS,
  taskIngress,
} from './spec.js';
import type { Phase, PlanContext, Step } from './steps.js';

export type PlanScope =
  | { kind: 'all' }
  | { kind: 'nlb' }
  | { kind: 'alb' }
  /** Only the front door (`rails create-api`): the link, the API, its stage and domain. */
  | { kind: 'api' }
  | { kind: 'service'; name: string }
  /** Only the listener rules of one service, adding what is missing (`rails route add`). */
  | { kind: 'routes'; name: string };

function albSecurityGroupStep(ctx: PlanContext): Step {
  const cidr = ctx.seen.vpc?.CidrBlock ?? '';
  const linkV2 = !!ctx.rail.apiGateway && linkTarget(ctx.rail.apiGateway).version === 'v2';
  return securityGroupStep(ctx, {
    name: railNames.albSecurityGroup(ctx.rail.stage),
    description: `rails ${ctx.rail.stage}: internal ALB, HTTP and HTTPS from the VPC`,
    tags: {
      'rails:stage': ctx.rail.stage,
      'rails:managed-by': 'rails',
      'rails:role': ROLES.albSecurityGroup,
    },
    // A VPC link v2 sends from its own group, which the ALB admits on 443 (known once it exists).
    ingress: () => {
      if (!linkV2) return albIngress(cidr);
      const link = ctx.res.api.linkSecurityGroupId;
      return link ? [...albIngress(cidr), `tcp:443:sg:${link}`] : undefined;
    },
    ingressLabel: [...albIngress(cidr), ...(linkV2 ? ["tcp:443 from the VPC link's group"] : [])].join(', '),
    onId: (id) => {
      ctx.res.albSecurityGroupId = id;
    },
  });
}

function taskSecurityGroupStep(ctx: PlanContext, svc: ServiceConfig): Step {
  return securityGroupStep(ctx, {
    name: railNames.taskSecurityGroup(ctx.rail.stage, svc.name),
    description: `rails ${ctx.rail.stage}: tasks of ${svc.name}, port ${svc.port} from the ALB`,
    tags: serviceTags(ctx, svc, ROLES.taskSecurityGroup),
    ingress: () => (ctx.res.albSecurityGroupId ? taskIngress(svc, ctx.res.albSecurityGroupId) : undefined),
    ingressLabel: `tcp:${svc.port} from the ALB's group`,
    onId: (id) => {
      ctx.res.taskSecurityGroups.set(svc.name, id);
    },
  });
}

function nlbSteps(ctx: PlanContext): { tgs: Step[]; lb: Step; listeners: Step[] } {
  const spec = nlbSpec(ctx.rail);
  const tgs = nlbTargetGroupSpecs(ctx.rail).map((s) => nlbTargetGroupStep(ctx, s));
  const lb = loadBalancerStep(ctx, spec, ctx.seen.nlb, (arn) => {
    ctx.res.nlbArn = arn;
  });
  const listeners = nlbListenerSpecs(ctx.rail).map((l) =>
    listenerStep(
      ctx,
      'nlb',
      spec.name,
      l,
      () => ctx.res.nlbArn,
      () => ctx.res.nlbTargetGroups.get(l.port),
    ),
  );
  return { tgs, lb, listeners };
}

function albSteps(ctx: PlanContext): { sg: Step; lb: Step; listeners: Step[] } {
  const sg = albSecurityGroupStep(ctx);
  const spec = albSpec(ctx.rail);
  const lb = loadBalancerStep(
    ctx,
    spec,
    ctx.seen.alb,
    (arn) => {
      ctx.res.albArn = arn;
    },
    () => ctx.res.albSecurityGroupId,
  );
  const listeners = albListenerSpecs(ctx.rail).map((l) =>
    listenerStep(
      ctx,
      'alb',
      spec.name,
      l,
      () => ctx.res.albArn,
      () => undefined,
    ),
  );
  return { sg, lb, listeners };
}

/** Plans the phases of a scope. Conflicts are collected in ctx.conflicts (the caller stops on them). */
export function planRail(ctx: PlanContext, scope: PlanScope, signal?: AbortSignal): Phase[] {
  const { rail } = ctx;
  const all = scope.kind === 'all';
  // `staticIps: none` lays no NLB (and `up` removes one left from before, after the front door moved).
  const hasNlb = railHasNlb(rail);
  const withNlb = (all || scope.kind === 'nlb') && hasNlb;
  const withAlb = all || scope.kind === 'alb';
  const withApi = (all || scope.kind === 'api') && !!rail.apiGateway;
  const link = rail.apiGateway ? linkTarget(rail.apiGateway) : undefined;
  const routesOnly = scope.kind === 'routes';
  const services =
    scope.kind === 'service' || scope.kind === 'routes'
      ? rail.services.filter((s) => s.name === scope.name)
      : all
        ? rail.services
        : [];

  if (scope.kind === 'nlb' && !hasNlb)
    throw new UsageError(`rail.yaml says staticIps: none, so stage ${rail.stage} has no NLB to lay.`, {
      hint: 'set staticIps: sync or alb-target to lay one.',
    });
  // Discovery fills in what exists even for hops outside the scope (later steps need their ARNs).
  const linkSg = withApi && link?.version === 'v2' ? linkSecurityGroupStep(ctx) : undefined;
  const nlb = hasNlb ? nlbSteps(ctx) : undefined;
  const alb = albSteps(ctx);
  if (scope.kind === 'api') apiPrerequisites(ctx);
  if (
    (scope.kind === 'service' || scope.kind === 'routes') &&
    (!ctx.res.albArn || !ctx.res.listeners.has('alb:443') || !ctx.res.albSecurityGroupId)
  )
    throw new UsageError(
      `the ALB of stage ${rail.stage} is not complete yet, so ${scope.name} cannot be routed.`,
      {
        hint: 'run `rails create-alb` (or `rails up`) first.',
      },
    );

  const tgPlans = services.map((svc) => ({ svc, ...serviceTargetGroupSteps(ctx, svc) }));
  if (routesOnly && tgPlans.some((p) => p.steps.some((st) => st.item.action === 'create')))
    throw new UsageError(`service ${scope.name} has no target groups of stage ${rail.stage} yet.`, {
      hint: `run \`rails add-service ${scope.name}\` (or \`rails up\`) first.`,
    });
  const tgChanging = new Set(
    tgPlans
      .filter((p) => p.extra.length || p.steps.some((s) => s.item.action === 'create'))
      .map((p) => p.svc.name),
  );
  const owned = routesOnly ? [] : services;
  const clusters = [...new Set(owned.map((s) => s.cluster))];
  // The execution role is planned first: the task definitions compare against its ARN.
  const imageServices = owned.filter((svc) => !svc.taskDefinition);
  const taskLogging = imageServices.length
    ? [executionRoleStep(ctx), ...imageServices.map((svc) => logGroupStep(ctx, svc))]
    : [];
  const taskDefs = owned.map((svc) => taskDefinitionStep(ctx, svc)).filter((s): s is Step => !!s);
  const taskSgs = owned.map((svc) => taskSecurityGroupStep(ctx, svc));

  const phases: Phase[] = [];
  // A front door rail.yaml no longer has goes first, as in `down`: nothing should send traffic into
  // what changes after it. Its v2 link's group goes in the cleanup, once the ALB's group lets it go.
  const leftFrontDoor = all && !rail.apiGateway && ctx.seen.leftFrontDoor;
  if (leftFrontDoor) phases.push(apiDownPhase(ctx.aws, rail, ctx.seen, signal));
  // Access-log buckets first: turning logs on fails unless the bucket already grants the delivery.
  const logBuckets = accessLogSteps(ctx.aws, rail, ctx.seen.accessLogs, (hop) =>
    hop === 'nlb' ? withNlb : withAlb,
  );
  if (logBuckets.length) phases.push({ name: 'access-log buckets', chains: logBuckets.map((s) => [s]) });
  // Container logging before the task definitions that name the role and the groups.
  if (taskLogging.length) phases.push({ name: 'task logging', chains: taskLogging.map((s) => [s]) });
  const p1: Step[][] = [];
  // The link's group before the ALB's, which admits it.
  if (linkSg) p1.push([linkSg, alb.sg]);
  else if (withAlb) p1.push([alb.sg]);
  if (withNlb && nlb) p1.push([nlb.lb], ...nlb.tgs.map((s) => [s]));
  p1.push(
    ...(routesOnly ? [] : tgPlans.map((p) => p.steps)),
    ...clusters.map((c) => [clusterStep(ctx, c)]),
    ...taskDefs.map((s) => [s]),
  );
  phases.push({ name: 'groups', chains: p1 });
  const p2: Step[][] = [];
  if (withAlb) p2.push([alb.lb]);
  if (withNlb && nlb) p2.push(...nlb.listeners.map((s) => [s]));
  p2.push(...taskSgs.map((s) => [s]));
  // The link starts now: it takes minutes, and needs only the NLB (v1) or its group (v2).
  if (withApi && link) p2.push([linkStep(ctx, link.version)]);
  phases.push({ name: 'load balancers', chains: p2 });
  if (withAlb) phases.push({ name: 'alb listeners', chains: alb.listeners.map((s) => [s]) });
  if (rail.staticIps === 'alb-target' && (withNlb || withAlb) && hasNlb) {
    const ready = (withAlb || ctx.res.albArn) && (withNlb || ctx.res.nlbArn);
    if (ready)
      phases.push({
        name: 'alb targets',
        chains: RAIL_PORTS.map((port) => [
          albTargetStep(ctx, port, railNames.nlbTargetGroup(rail.stage, port)),
        ]),
      });
  }

  if (services.length || all) {
    const routes = planRoutes(ctx, tgChanging);
    const mine = (s: Step) => all || s.service === services[0]?.name;
    if (!routesOnly)
      phases.push({ name: 'stale rules', chains: routes.deletes.filter(mine).map((s) => [s]) });
    phases.push({ name: 'rule priorities', chains: routes.moves.map((s) => [s]) });
    phases.push({ name: 'rules', chains: routes.changes.filter(mine).map((s) => [s]) });
    phases.push({ name: 'services', chains: owned.map((svc) => [ecsServiceStep(ctx, svc, signal)]) });
  }
  if (withApi) phases.push(...apiPhases(ctx).phases);

  // What no longer belongs: extra target groups of kept services, and removed services (only `up`).
  const cleanup: Step[][] = [];
  for (const p of routesOnly ? [] : tgPlans)
    for (const tg of p.extra)
      cleanup.push([
        {
          item: {
            kind: 'target-group',
            name: tg.TargetGroupName!,
            action: 'delete',
            note: `no longer needed by ${p.svc.name}`,
          },
          apply: () => deleteTargetGroupWhenFree(ctx.aws, tg.TargetGroupArn!, signal),
        },
      ]);
  // Only once the front door sends through the link rail.yaml asks for: the other link, then (with
  // `staticIps: none`) the NLB it reached.
  if (all || scope.kind === 'api') cleanup.push(...movedLinkChains(ctx, all, signal));
  // Not gated on a left front door: a run cut off after the link went but before its group did
  // finds no API, link or domain any more, and the group must still go.
  if (all && !rail.apiGateway) cleanup.push(...leftLinkGroupChains(ctx, signal));
  if (all)
    for (const [name, cluster] of ctx.seen.removedServices)
      cleanup.push(removedServiceChain(ctx, name, cluster, signal));
  phases.push({ name: 'cleanup', chains: cleanup });
  return phases.filter((p) => p.chains.length);
}

/** True when the family's latest revision carries this stage's rails tags (rails registered it). */
export function isOurTaskFamily(seen: Observed, family: string, stage: string): boolean {
  const td = seen.taskDefinitions.get(family);
  return Boolean(td && isOurs(fromTagList(td.tags.map((t) => ({ Key: t.key, Value: t.value }))), stage));
}

/**
 * A service no longer in rail.yaml: its ECS service (drained), the task definitions rails registered
 * for it and their log group, its target groups, then its tasks' group.
 */
export function removedServiceChain(
  ctx: PlanContext,
  name: string,
  cluster: string,
  signal?: AbortSignal,
): Step[] {
  const steps: Step[] = [];
  const ecsName = railNames.ecsService(ctx.rail.stage, name);
  const ecs = ctx.seen.ecsServices.get(`${cluster}/${ecsName}`);
  if (ecs && ecs.status !== 'INACTIVE')
    steps.push({
      item: {
        kind: 'ecs-service',
        name: `${cluster}/${ecsName}`,
        action: 'delete',
        note: 'waits until drained',
      },
      apply: () => deleteServiceAndWait(ctx.aws, cluster, ecsName, signal),
    });
  const family = railNames.taskFamily(ctx.rail.stage, name);
  if (isOurTaskFamily(ctx.seen, family, ctx.rail.stage))
    steps.push({
      item: {
        kind: 'task-definition',
        name: family,
        action: 'delete',
        note: 'every active revision deregistered',
      },
      apply: () => deregisterTaskFamily(ctx.aws, family),
    });
  for (const tg of ctx.seen.serviceTargetGroups.get(name) ?? [])
    steps.push({
      item: { kind: 'target-group', name: tg.TargetGroupName!, action: 'delete' },
      apply: () => deleteTargetGroupWhenFree(ctx.aws, tg.TargetGroupArn!, signal),
    });
  const logGroup = ctx.seen.taskLogging.logGroups.get(taskLogNames.group(ctx.rail.stage, name));
  if (logGroup && isOurs(logGroup.tags, ctx.rail.stage))
    steps.push({
      item: {
        kind: 'log-group',
        name: logGroup.group.logGroupName!,
        action: 'delete',
        note: 'with its logs',
      },
      apply: () => deleteLogGroup(ctx.aws, logGroup.group.logGroupName!),
    });
  const sgName = railNames.taskSecurityGroup(ctx.rail.stage, name);
  const sg = ctx.seen.securityGroups.get(sgName.toLowerCase());
  if (sg && isOurs(fromTagList(sg.Tags), ctx.rail.stage))
    steps.push({
      item: { kind: 'security-group', name: sgName, action: 'delete', note: 'once its tasks are gone' },
      apply: () => deleteSecurityGroupWhenFree(ctx.aws, sg.GroupId!, signal),
    });
  return steps;
}
