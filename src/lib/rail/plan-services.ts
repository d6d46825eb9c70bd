/**
 * Per service: target group(s) found again by tag (names `<first 20 chars>-<6 random hex>`), the
 * tasks' security group, the cluster, the task definition (`image:` shorthand, logging through awslogs
 * with the rail's execution role: plan-task-logging.ts) and the ECS service.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import type { Service } from '@aws-sdk/client-ecs';
import type { TargetGroup } from '@aws-sdk/client-elastic-load-balancing-v2';
import {
  createCluster,
  createService,
  describeServices,
  registerTaskDefinition,
  updateService,
} from '../aws/ecs.js';
import { createTargetGroup, setTargetGroupAttributes } from '../aws/elbv2-changes.js';
import { errorCode } from '../aws/errors.js';
import { fromTagList } from '../aws/tags.js';
import { compareText } from '../common/compare.js';
import { isOurs, ROLES, railNames, railTags, TAG_CLUSTER } from '../common/names.js';
import type { FieldChange } from '../common/plan.js';
import { awslogsConfiguration, taskLogNames } from '../common/task-logging.js';
import type { ServiceConfig } from '../config/schema.js';
import { sleep } from '../sleep.js';
import { forwardTargets } from './diff.js';
import { ecsKey, taskDefinitionRef } from './discover.js';
import { targetGroupInput, targetGroupUpdateStep } from './plan-load-balancers.js';
import { railRegion } from './plan-task-logging.js';
import { createServiceInput, diffService, type EcsServiceSpec } from './service-spec.js';
import { serviceTargetGroupCount, serviceTargetGroupSpec } from './spec.js';
import { need, type PlanContext, type Step } from './steps.js';

export function serviceTags(ctx: PlanContext, svc: ServiceConfig, role: string): Record<string, string> {
  return { ...railTags(ctx.rail.stage, role, svc.name), [TAG_CLUSTER]: svc.cluster };
}

/**
 * Which of a service's existing target groups to keep, the one taking traffic first: the one the ECS
 * service is attached to, then the one with weight on the :443 rule, then by name.
 */
export function rankTargetGroups(tgs: TargetGroup[], attached: string[], weighted: string[]): TargetGroup[] {
  const score = (tg: TargetGroup) =>
    (attached.includes(tg.TargetGroupArn!) ? 0 : 2) + (weighted.includes(tg.TargetGroupArn!) ? 0 : 1);
  return [...tgs].sort((a, b) => score(a) - score(b) || compareText(a.TargetGroupName!, b.TargetGroupName!));
}

/** The service's target groups: kept ones compared, missing ones created; extras returned for removal. */
export function serviceTargetGroupSteps(
  ctx: PlanContext,
  svc: ServiceConfig,
): { steps: Step[]; extra: TargetGroup[] } {
  const spec = serviceTargetGroupSpec(ctx.rail, svc);
  const existing = ctx.seen.serviceTargetGroups.get(svc.name) ?? [];
  const ecs = ctx.seen.ecsServices.get(ecsKey(svc.cluster, railNames.ecsService(ctx.rail.stage, svc.name)));
  const attached = (ecs?.status === 'ACTIVE' ? (ecs.loadBalancers ?? []) : []).map((l) => l.targetGroupArn!);
  const rule443 = ctx.seen.rules.find(
    (r) => r.listenerPort === 443 && isOurs(r.tags, ctx.rail.stage) && r.tags['rails:service'] === svc.name,
  );
  const weighted = (rule443?.rule.Actions ?? [])
    .flatMap((a) => a.ForwardConfig?.TargetGroups ?? [])
    .filter((t) => (t.Weight ?? 1) > 0)
    .map((t) => t.TargetGroupArn!);
  if (rule443 && !weighted.length) weighted.push(...forwardTargets(rule443.rule.Actions));
  const ranked = rankTargetGroups(existing, attached, weighted);
  const count = serviceTargetGroupCount(svc);
  const keep = ranked.slice(0, count);
  const arns: string[] = keep.map((tg) => tg.TargetGroupArn!);
  ctx.res.serviceTargetGroups.set(svc.name, arns);
  const hint =
    `AWS cannot change a target group's protocol, port or target type in place. Remove ${svc.name} from ` +
    'rail.yaml and run `rails up` (its target groups go), then add it back and run `rails up` again.';
  const steps: Step[] = keep.map((tg) => targetGroupUpdateStep(ctx, spec, tg.TargetGroupName!, tg, hint));
  for (let i = keep.length; i < count; i++) {
    const name = `${svc.name.slice(0, 20)}-${randomBytes(3).toString('hex')}`;
    steps.push({
      item: { kind: 'target-group', name, action: 'create', note: `HTTP:${svc.port} ip for ${svc.name}` },
      apply: async () => {
        const tg = await createTargetGroup(
          ctx.aws,
          targetGroupInput(spec, name, serviceTags(ctx, svc, ROLES.serviceTargetGroup)),
        );
        arns.push(tg.TargetGroupArn!);
        await setTargetGroupAttributes(ctx.aws, tg.TargetGroupArn!, spec.attributes);
      },
    });
  }
  return { steps, extra: ranked.slice(count) };
}

/** The cluster, created (and tagged) when missing; an existing one is used as it is. */
export function clusterStep(ctx: PlanContext, cluster: string): Step {
  if (ctx.seen.clusters.has(cluster))
    return { item: { kind: 'ecs-cluster', name: cluster, action: 'unchanged' } };
  return {
    item: { kind: 'ecs-cluster', name: cluster, action: 'create' },
    apply: async () => {
      await createCluster(
        ctx.aws,
        cluster,
        Object.entries(railTags(ctx.rail.stage, ROLES.cluster)).map(([key, value]) => ({ key, value })),
      );
    },
  };
}

const MINIMAL_CPU = '256';
const MINIMAL_MEMORY = '512';

/** The task definition: resolved from discovery, or (image shorthand) registered when it differs. */
export function taskDefinitionStep(ctx: PlanContext, svc: ServiceConfig): Step | undefined {
  const ref = taskDefinitionRef(ctx.rail, svc);
  const found = ctx.seen.taskDefinitions.get(ref);
  if (svc.taskDefinition) {
    ctx.res.taskDefinitions.set(svc.name, found!.taskDefinition.taskDefinitionArn!);
    return undefined;
  }
  // A family of this name someone else registers into is theirs: a new revision would change it.
  if (
    found &&
    !isOurs(fromTagList(found.tags.map((t) => ({ Key: t.key, Value: t.value }))), ctx.rail.stage)
  ) {
    ctx.conflicts.push(`task definition family ${ref} exists without this rail's tags`);
    return {
      item: { kind: 'task-definition', name: ref, action: 'blocked', note: 'exists, not made by rails' },
    };
  }
  const td = found?.taskDefinition;
  const c = td?.containerDefinitions?.[0];
  const logging = awslogsConfiguration(ctx.rail.stage, svc.name, railRegion(ctx));
  // The role's ARN is known here when the role exists; a role still to be made means a new revision.
  const role = ctx.res.executionRoleArn;
  const sameLogging = isDeepStrictEqual(c?.logConfiguration, logging);
  const sameRole = role !== undefined && td?.executionRoleArn === role;
  const same =
    td &&
    td.status === 'ACTIVE' &&
    td.containerDefinitions?.length === 1 &&
    c?.name === svc.container &&
    c.image === svc.image &&
    JSON.stringify((c.portMappings ?? []).map((p) => p.containerPort)) === JSON.stringify([svc.port]) &&
    td.cpu === MINIMAL_CPU &&
    td.memory === MINIMAL_MEMORY &&
    sameLogging &&
    sameRole;
  if (same) {
    ctx.res.taskDefinitions.set(svc.name, td!.taskDefinitionArn!);
    return { item: { kind: 'task-definition', name: ref, action: 'unchanged' } };
  }
  const changes: FieldChange[] = [];
  if (td) {
    if (c?.image !== svc.image) changes.push({ field: 'image', from: c?.image, to: svc.image });
    if (!sameLogging)
      changes.push({
        field: 'logConfiguration',
        from: c?.logConfiguration?.options?.['awslogs-group'] ?? c?.logConfiguration?.logDriver ?? 'none',
        to: logging.options!['awslogs-group'],
      });
    if (!sameRole)
      changes.push({
        field: 'executionRoleArn',
        from: td.executionRoleArn ?? 'none',
        to: role ?? taskLogNames.executionRole(ctx.rail.stage),
      });
    if (!changes.length) changes.push({ field: 'image', from: c?.image, to: svc.image });
  }
  return {
    item: {
      kind: 'task-definition',
      name: ref,
      action: td ? 'update' : 'create',
      changes,
      note: 'new revision',
    },
    apply: async () => {
      const reg = await registerTaskDefinition(ctx.aws, {
        family: ref,
        requiresCompatibilities: ['FARGATE'],
        networkMode: 'awsvpc',
        cpu: MINIMAL_CPU,
        memory: MINIMAL_MEMORY,
        executionRoleArn: need(ctx.res.executionRoleArn, 'the task execution role'),
        containerDefinitions: [
          {
            name: svc.container,
            image: svc.image,
            essential: true,
            portMappings: [{ containerPort: svc.port, protocol: 'tcp' }],
            logConfiguration: logging,
          },
        ],
        tags: Object.entries(serviceTags(ctx, svc, ROLES.taskDefinition)).map(([key, value]) => ({
          key,
          value,
        })),
      });
      ctx.res.taskDefinitions.set(svc.name, reg.taskDefinitionArn!);
    },
  };
}

function ecsSpec(ctx: PlanContext, svc: ServiceConfig): EcsServiceSpec | undefined {
  const td = ctx.res.taskDefinitions.get(svc.name);
  const tg = ctx.res.serviceTargetGroups.get(svc.name)?.[0];
  const sg = ctx.res.taskSecurityGroups.get(svc.name);
  if (!td || !tg || !sg) return undefined;
  return {
    cluster: svc.cluster,
    serviceName: railNames.ecsService(ctx.rail.stage, svc.name),
    taskDefinitionArn: td,
    desiredCount: svc.desiredCount,
    targetGroupArn: tg,
    containerName: svc.container,
    containerPort: svc.port,
    subnets: svc.subnets.length ? svc.subnets : ctx.rail.subnets,
    securityGroups: [sg, ...svc.securityGroups],
    tags: serviceTags(ctx, svc, ROLES.ecsService),
  };
}

/** Waits until a deleted service of this name has drained (AWS refuses to re-create it before). */
async function waitNotDraining(
  ctx: PlanContext,
  cluster: string,
  name: string,
  signal?: AbortSignal,
): Promise<void> {
  for (let delay = 200; ; delay = Math.min(delay * 2, 5000)) {
    const [s] = await describeServices(ctx.aws, cluster, [name]);
    if (s?.status !== 'DRAINING') return;
    await sleep(delay, signal);
  }
}

function updateInput(spec: EcsServiceSpec, changes: FieldChange[]) {
  const has = (f: string) => changes.some((c) => c.field === f);
  const input = createServiceInput(spec, '');
  return {
    cluster: spec.cluster,
    service: spec.serviceName,
    ...(has('taskDefinition') ? { taskDefinition: spec.taskDefinitionArn } : {}),
    ...(has('desiredCount') ? { desiredCount: spec.desiredCount } : {}),
    ...(has('loadBalancers') ? { loadBalancers: input.loadBalancers } : {}),
    ...(has('subnets') || has('securityGroups') || has('assignPublicIp')
      ? { networkConfiguration: input.networkConfiguration }
      : {}),
    ...(has('deployment') ? { deploymentConfiguration: input.deploymentConfiguration } : {}),
    ...(has('platformVersion') ? { platformVersion: input.platformVersion } : {}),
    ...(has('propagateTags') ? { propagateTags: input.propagateTags } : {}),
  };
}

/** The ECS service: created, updated field by field, or left alone. */
export function ecsServiceStep(ctx: PlanContext, svc: ServiceConfig, signal?: AbortSignal): Step {
  const kind = 'ecs-service';
  const name = railNames.ecsService(ctx.rail.stage, svc.name);
  const label = `${svc.cluster}/${name}`;
  const found: Service | undefined = ctx.seen.ecsServices.get(ecsKey(svc.cluster, name));
  const wait = () =>
    ctx.res.waitServices.set(svc.cluster, [...(ctx.res.waitServices.get(svc.cluster) ?? []), name]);
  if (found && found.status === 'ACTIVE') {
    if (
      !isOurs(fromTagList((found.tags ?? []).map((t) => ({ Key: t.key, Value: t.value }))), ctx.rail.stage)
    ) {
      ctx.conflicts.push(`ECS service ${label} exists without this rail's tags`);
      return { item: { kind, name: label, action: 'blocked', note: 'exists, not made by rails' } };
    }
    const spec = ecsSpec(ctx, svc);
    if (spec) {
      const d = diffService(spec, found);
      if (d.blocked.length)
        return {
          item: {
            kind,
            name: label,
            action: 'blocked',
            changes: d.blocked,
            note: 'AWS cannot change a service launch type or deployment controller in place: remove the service from rail.yaml, run `rails up`, add it back',
          },
        };
      if (!d.update.length) {
        if ((found.deployments?.length ?? 1) > 1 || found.runningCount !== found.desiredCount) wait();
        return { item: { kind, name: label, action: 'unchanged' } };
      }
      return {
        item: { kind, name: label, action: 'update', changes: d.update },
        apply: async () => {
          await updateService(ctx.aws, updateInput(need(ecsSpec(ctx, svc), label), d.update));
          wait();
        },
      };
    }
    // Something it depends on is new (target group, security group, task definition): compare then.
    return {
      item: { kind, name: label, action: 'update', note: 'follows the new resources above' },
      apply: async () => {
        const spec = need(ecsSpec(ctx, svc), label);
        const d = diffService(spec, found);
        if (d.update.length) await updateService(ctx.aws, updateInput(spec, d.update));
        wait();
      },
    };
  }
  return {
    item: {
      kind,
      name: label,
      action: 'create',
      note: `${svc.desiredCount} task(s) on Fargate${found?.status === 'DRAINING' ? ', after the deleted one drains' : ''}`,
    },
    apply: async () => {
      const spec = need(ecsSpec(ctx, svc), label);
      if (found?.status === 'DRAINING') await waitNotDraining(ctx, svc.cluster, name, signal);
      try {
        await createService(ctx.aws, createServiceInput(spec, randomUUID()));
      } catch (err) {
        // A create whose reply was lost: the service is there, and ours.
        const [again] = await describeServices(ctx.aws, svc.cluster, [name]);
        const ours =
          again?.status === 'ACTIVE' &&
          isOurs(
            fromTagList((again.tags ?? []).map((t) => ({ Key: t.key, Value: t.value }))),
            ctx.rail.stage,
          );
        if (!ours || errorCode(err) !== 'InvalidParameterException') throw err;
      }
      wait();
    },
  };
}
