/**
 * What `down` removes, phase by phase, in the order AWS allows: the front door, rules, services, task definitions,
 * their log groups and execution role, the NLB and the target groups, the ALB, security groups,
 * clusters; access-log buckets are kept.
 * Only what carries this rail's tags (stage + managed-by) is in a phase.
 */
import type { AwsClients } from '../aws/clients.js';
import { deleteCluster } from '../aws/ecs.js';
import { findLoadBalancersByName } from '../aws/elbv2.js';
import { deleteRule } from '../aws/elbv2-changes.js';
import { errorCode } from '../aws/errors.js';
import { deleteRoleWithPolicies } from '../aws/iam.js';
import { deleteLogGroup } from '../aws/logs.js';
import { fromTagList } from '../aws/tags.js';
import { isOurs, ROLES, TAG_ROLE, TAG_SERVICE } from '../common/names.js';
import type { PlanItem } from '../common/plan.js';
import type { RailConfig } from '../config/schema.js';
import type { IoHost } from '../io-host.js';
import { ruleFieldValues } from '../observe/alb-rules.js';
import { sleep } from '../sleep.js';
import { keptAccessLogBuckets } from './access-log-steps.js';
import { API_ROLES } from './api-spec.js';
import type { Observed } from './discover.js';
import { apiDownPhase } from './down-api.js';
import { isOurTaskFamily } from './plan-rail.js';
import {
  deleteLoadBalancerQuietly,
  deleteSecurityGroupWhenFree,
  deleteServiceAndWait,
  deleteTargetGroupWhenFree,
  deregisterTaskFamily,
} from './removals.js';
import type { Phase, Step } from './steps.js';

/** What every phase builder reads. */
interface DownContext {
  aws: AwsClients;
  rail: RailConfig;
  seen: Observed;
  io: IoHost;
  signal?: AbortSignal;
}

const step = (item: PlanItem, apply: () => Promise<void>): Step[] => [{ item, apply }];

const ecsTags = (tags: { key?: string; value?: string }[] | undefined) =>
  fromTagList((tags ?? []).map((t) => ({ Key: t.key, Value: t.value })));

async function waitGone(aws: AwsClients, name: string, signal?: AbortSignal): Promise<void> {
  for (let delay = 100; ; delay = Math.min(delay * 2, 5000)) {
    if (!(await findLoadBalancersByName(aws, [name])).has(name)) return;
    await sleep(delay, signal);
  }
}

/**
 * Rules first: once no rule forwards to a target group, its targets leave at once instead of
 * draining for the deregistration delay, so the services after them stop quickly.
 */
function rulesPhase({ aws, rail, seen }: DownContext): Phase {
  const rules = seen.rules.filter((r) => isOurs(r.tags, rail.stage));
  return {
    name: 'rules',
    chains: rules.map((r) =>
      step(
        {
          kind: 'rule',
          name: `:${r.listenerPort} ${ruleFieldValues(r.rule, 'host-header')[0]}${ruleFieldValues(r.rule, 'path-pattern')[0]} (${r.tags[TAG_SERVICE]})`,
          action: 'delete',
        },
        async () => {
          try {
            await deleteRule(aws, r.rule.RuleArn!);
          } catch (err) {
            if (errorCode(err) !== 'RuleNotFound') throw err;
          }
        },
      ),
    ),
  };
}

function servicesPhase({ aws, rail, seen, signal }: DownContext): Phase {
  const services: Step[][] = [];
  for (const [key, s] of seen.ecsServices) {
    if (s.status === 'INACTIVE' || !isOurs(ecsTags(s.tags), rail.stage)) continue;
    const [cluster, name] = key.split('/') as [string, string];
    services.push(
      step({ kind: 'ecs-service', name: key, action: 'delete', note: 'waits until drained' }, () =>
        deleteServiceAndWait(aws, cluster, name, signal),
      ),
    );
  }
  return { name: 'services', chains: services };
}

/** Task definitions rails registered for an `image:` service (a family the config names is left). */
function taskDefinitionsPhase({ aws, rail, seen }: DownContext): Phase {
  const families = [...seen.taskDefinitions.keys()].filter(
    (family) =>
      !rail.services.some((s) => s.taskDefinition === family) && isOurTaskFamily(seen, family, rail.stage),
  );
  return {
    name: 'task definitions',
    chains: families.map((family) =>
      step(
        {
          kind: 'task-definition',
          name: family,
          action: 'delete',
          note: 'every active revision deregistered',
        },
        () => deregisterTaskFamily(aws, family),
      ),
    ),
  };
}

/**
 * The log groups rails made for its task definitions, and the rail's execution role, once no
 * service runs a task that logs there.
 */
function taskLoggingPhase({ aws, rail, seen }: DownContext): Phase {
  const chains: Step[][] = [];
  for (const [name, { tags }] of seen.taskLogging.logGroups)
    if (isOurs(tags, rail.stage))
      chains.push(
        step({ kind: 'log-group', name, action: 'delete', note: 'with its logs' }, () =>
          deleteLogGroup(aws, name),
        ),
      );
  const role = seen.taskLogging.executionRole?.role;
  if (role && isOurs(fromTagList(role.Tags), rail.stage))
    chains.push(
      step({ kind: 'iam-role', name: role.RoleName!, action: 'delete', note: 'with its inline policy' }, () =>
        deleteRoleWithPolicies(aws, role.RoleName!),
      ),
    );
  return { name: 'task logging', chains };
}

/** A load balancer goes with its listeners; the next step waits until AWS no longer lists it. */
function loadBalancerStep(
  { aws, signal }: DownContext,
  lb: { LoadBalancerArn?: string; LoadBalancerName?: string },
): Step[] {
  return step(
    { kind: 'load-balancer', name: lb.LoadBalancerName!, action: 'delete', note: 'with its listeners' },
    async () => {
      await deleteLoadBalancerQuietly(aws, lb.LoadBalancerArn!);
      await waitGone(aws, lb.LoadBalancerName!, signal);
    },
  );
}

/** The NLB, then its target groups (one chain); each service target group on its own. */
function nlbAndTargetGroupsPhase(ctx: DownContext): Phase {
  const { aws, rail, seen, signal } = ctx;
  const ours = (arn: string) => isOurs(seen.tags.get(arn), rail.stage);
  const nlb = seen.nlb && ours(seen.nlb.LoadBalancerArn!) ? seen.nlb : undefined;
  const targetGroupStep = (tg: { TargetGroupArn?: string; TargetGroupName?: string }) =>
    step({ kind: 'target-group', name: tg.TargetGroupName!, action: 'delete' }, () =>
      deleteTargetGroupWhenFree(aws, tg.TargetGroupArn!, signal),
    );
  const nlbChain: Step[] = [];
  if (nlb) nlbChain.push(...loadBalancerStep(ctx, nlb));
  for (const tg of seen.nlbTargetGroups.values())
    if (ours(tg.TargetGroupArn!)) nlbChain.push(...targetGroupStep(tg));
  const tgChains = [...seen.serviceTargetGroups.values()].flat().map(targetGroupStep);
  return { name: 'nlb and target groups', chains: [nlbChain, ...tgChains].filter((c) => c.length) };
}

function albPhase(ctx: DownContext): Phase | undefined {
  const { seen, rail } = ctx;
  const alb = seen.alb && isOurs(seen.tags.get(seen.alb.LoadBalancerArn!), rail.stage) ? seen.alb : undefined;
  return alb ? { name: 'alb', chains: [loadBalancerStep(ctx, alb)] } : undefined;
}

function securityGroupsPhase({ aws, rail, seen, signal }: DownContext): Phase {
  const groups = [...seen.securityGroups.values()].filter((g) => {
    const t = fromTagList(g.Tags);
    return (
      isOurs(t, rail.stage) &&
      (t[TAG_ROLE] === ROLES.albSecurityGroup ||
        t[TAG_ROLE] === ROLES.taskSecurityGroup ||
        // The VPC link v2's group: free once the ALB's group, whose rule names it, is gone.
        t[TAG_ROLE] === API_ROLES.linkSecurityGroup)
    );
  });
  return {
    name: 'security groups',
    chains: groups.map((g) =>
      step(
        { kind: 'security-group', name: g.GroupName!, action: 'delete', note: 'once nothing uses it' },
        () => deleteSecurityGroupWhenFree(aws, g.GroupId!, signal),
      ),
    ),
  };
}

/** A cluster still running other services or tasks is kept, with a warning. */
function clustersPhase({ aws, rail, seen, io }: DownContext): Phase {
  const clusters = [...seen.clusters.values()].filter((cl) => isOurs(ecsTags(cl.tags), rail.stage));
  return {
    name: 'clusters',
    chains: clusters.map((cl) =>
      step(
        {
          kind: 'ecs-cluster',
          name: cl.clusterName!,
          action: 'delete',
          note: 'when no other service uses it',
        },
        async () => {
          try {
            await deleteCluster(aws, cl.clusterName!);
          } catch (err) {
            if (
              errorCode(err) === 'ClusterContainsServicesException' ||
              errorCode(err) === 'ClusterContainsTasksException'
            )
              io.warn(`cluster ${cl.clusterName} still runs other services or tasks: kept.`);
            else if (errorCode(err) !== 'ClusterNotFoundException') throw err;
          }
        },
      ),
    ),
  };
}

/** The removal phases of everything of this stage that discovery found. */
export function downPhases(
  aws: AwsClients,
  rail: RailConfig,
  seen: Observed,
  io: IoHost,
  signal?: AbortSignal,
): Phase[] {
  const ctx: DownContext = { aws, rail, seen, io, signal };
  const phases = [
    // The front door first: nothing should still send traffic in while the rail goes.
    apiDownPhase(aws, rail, seen, signal),
    rulesPhase(ctx),
    servicesPhase(ctx),
    taskDefinitionsPhase(ctx),
    taskLoggingPhase(ctx),
    nlbAndTargetGroupsPhase(ctx),
    albPhase(ctx),
    securityGroupsPhase(ctx),
    clustersPhase(ctx),
    // Access-log buckets stay: they hold the logs. Their plan lines say so.
    { name: 'kept', chains: keptAccessLogBuckets(seen.accessLogs).map((s) => [s]) },
  ];
  return phases.filter((p): p is Phase => p !== undefined && p.chains.length > 0);
}
