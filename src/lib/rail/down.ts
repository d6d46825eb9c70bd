/**
 * `rails down`: removes only what carries this rail's tags (stage + managed-by), in reverse order and
 * waiting where AWS requires it: services drained before their target groups go, rules before target
 * groups, the NLB (and its listeners) before its target groups, load balancers before their security
 * groups. planDown returns the plan (the command prints it and asks for confirmation); applyDown
 * removes, reporting progress through the IoHost.
 */
import type { AwsClients } from '../aws/clients.js';
import { deleteCluster } from '../aws/ecs.js';
import { findLoadBalancersByName } from '../aws/elbv2.js';
import { deleteRule } from '../aws/elbv2-changes.js';
import { errorCode } from '../aws/errors.js';
import { fromTagList } from '../aws/tags.js';
import { isOurs, ROLES, TAG_ROLE, TAG_SERVICE } from '../common/names.js';
import type { PlanItem } from '../common/plan.js';
import type { RailConfig } from '../config/schema.js';
import type { IoHost } from '../io-host.js';
import { sleep } from '../sleep.js';
import { keptAccessLogBuckets } from './access-log-steps.js';
import { conditionValues } from './diff.js';
import { discoverRail, type Observed } from './discover.js';
import { isOurTaskFamily } from './plan-rail.js';
import {
  deleteLoadBalancerQuietly,
  deleteSecurityGroupWhenFree,
  deleteServiceAndWait,
  deleteTargetGroupWhenFree,
  deregisterTaskFamily,
} from './removals.js';
import { applyPhases, type Phase, planItems, type Step } from './steps.js';

export interface DownOptions {
  signal?: AbortSignal;
  io: IoHost;
}

export interface DownPlan {
  rail: RailConfig;
  phases: Phase[];
  /** The sync runner's removal: it goes first, or it would keep registering targets. */
  syncItems: PlanItem[];
  /** Every item, in the order they are removed (kept resources included, with why). */
  items: PlanItem[];
  /** The items that remove something. */
  removing: PlanItem[];
}

async function waitGone(aws: AwsClients, name: string, signal?: AbortSignal): Promise<void> {
  for (let delay = 100; ; delay = Math.min(delay * 2, 5000)) {
    if (!(await findLoadBalancersByName(aws, [name])).has(name)) return;
    await sleep(delay, signal);
  }
}

/** The removal phases of everything of this stage that discovery found. */
export function downPhases(
  aws: AwsClients,
  rail: RailConfig,
  seen: Observed,
  io: IoHost,
  signal?: AbortSignal,
): Phase[] {
  const stage = rail.stage;
  const phases: Phase[] = [];
  const step = (item: PlanItem, apply: () => Promise<void>): Step[] => [{ item, apply }];

  // Rules first: once no rule forwards to a target group, its targets leave at once instead of
  // draining for the deregistration delay, so the services after them stop quickly.
  const rules = seen.rules.filter((r) => isOurs(r.tags, stage));
  phases.push({
    name: 'rules',
    chains: rules.map((r) =>
      step(
        {
          kind: 'rule',
          name: `:${r.listenerPort} ${conditionValues(r.rule, 'host-header')[0]}${conditionValues(r.rule, 'path-pattern')[0]} (${r.tags[TAG_SERVICE]})`,
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
  });

  const services: Step[][] = [];
  for (const [key, s] of seen.ecsServices) {
    const tags = fromTagList((s.tags ?? []).map((t) => ({ Key: t.key, Value: t.value })));
    if (s.status === 'INACTIVE' || !isOurs(tags, stage)) continue;
    const [cluster, name] = key.split('/') as [string, string];
    services.push(
      step({ kind: 'ecs-service', name: key, action: 'delete', note: 'waits until drained' }, () =>
        deleteServiceAndWait(aws, cluster, name, signal),
      ),
    );
  }
  phases.push({ name: 'services', chains: services });

  // Task definitions rails registered for an `image:` service (a family the config names is left).
  const families = [...seen.taskDefinitions.keys()].filter(
    (family) =>
      !rail.services.some((s) => s.taskDefinition === family) && isOurTaskFamily(seen, family, stage),
  );
  phases.push({
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
  });

  const ours = (arn: string) => isOurs(seen.tags.get(arn), stage);
  const nlb = seen.nlb && ours(seen.nlb.LoadBalancerArn!) ? seen.nlb : undefined;
  const alb = seen.alb && ours(seen.alb.LoadBalancerArn!) ? seen.alb : undefined;
  const nlbChain: Step[] = [];
  if (nlb)
    nlbChain.push(
      ...step(
        { kind: 'load-balancer', name: nlb.LoadBalancerName!, action: 'delete', note: 'with its listeners' },
        async () => {
          await deleteLoadBalancerQuietly(aws, nlb.LoadBalancerArn!);
          await waitGone(aws, nlb.LoadBalancerName!, signal);
        },
      ),
    );
  for (const tg of seen.nlbTargetGroups.values())
    if (ours(tg.TargetGroupArn!))
      nlbChain.push(
        ...step({ kind: 'target-group', name: tg.TargetGroupName!, action: 'delete' }, () =>
          deleteTargetGroupWhenFree(aws, tg.TargetGroupArn!, signal),
        ),
      );
  const tgChains = [...seen.serviceTargetGroups.values()]
    .flat()
    .map((tg) =>
      step({ kind: 'target-group', name: tg.TargetGroupName!, action: 'delete' }, () =>
        deleteTargetGroupWhenFree(aws, tg.TargetGroupArn!, signal),
      ),
    );
  phases.push({ name: 'nlb and target groups', chains: [nlbChain, ...tgChains].filter((c) => c.length) });

  if (alb)
    phases.push({
      name: 'alb',
      chains: [
        step(
          {
            kind: 'load-balancer',
            name: alb.LoadBalancerName!,
            action: 'delete',
            note: 'with its listeners',
          },
          async () => {
            await deleteLoadBalancerQuietly(aws, alb.LoadBalancerArn!);
            await waitGone(aws, alb.LoadBalancerName!, signal);
          },
        ),
      ],
    });

  const groups = [...seen.securityGroups.values()].filter((g) => {
    const t = fromTagList(g.Tags);
    return (
      isOurs(t, stage) && (t[TAG_ROLE] === ROLES.albSecurityGroup || t[TAG_ROLE] === ROLES.taskSecurityGroup)
    );
  });
  phases.push({
    name: 'security groups',
    chains: groups.map((g) =>
      step(
        { kind: 'security-group', name: g.GroupName!, action: 'delete', note: 'once nothing uses it' },
        () => deleteSecurityGroupWhenFree(aws, g.GroupId!, signal),
      ),
    ),
  });

  const clusters = [...seen.clusters.values()].filter((cl) =>
    isOurs(fromTagList((cl.tags ?? []).map((t) => ({ Key: t.key, Value: t.value }))), stage),
  );
  phases.push({
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
  });
  // Access-log buckets stay: they hold the logs. Their plan lines say so.
  phases.push({ name: 'kept', chains: keptAccessLogBuckets(seen.accessLogs).map((s) => [s]) });
  return phases.filter((p) => p.chains.length);
}

/** The sync runner's own removal plan (a dry run of it), or its removal. */
async function syncRemoval(aws: AwsClients, rail: RailConfig, dryRun: boolean): Promise<PlanItem[]> {
  const items: PlanItem[] = [];
  const { removeSyncRunner } = await import('./sync-runner/deploy.js');
  await removeSyncRunner(aws, rail, { dryRun, report: (item) => items.push(item) });
  return items;
}

/** What `down` would remove; makes no mutating call. */
export async function planDown(aws: AwsClients, rail: RailConfig, opts: DownOptions): Promise<DownPlan> {
  const seen = await opts.io.task('reading the rail from AWS', () => discoverRail(aws, rail));
  const phases = downPhases(aws, rail, seen, opts.io, opts.signal);
  const syncItems = await syncRemoval(aws, rail, true);
  const items = [...syncItems, ...planItems(phases)];
  return { rail, phases, syncItems, items, removing: items.filter((i) => i.action === 'delete') };
}

/** Removes what the plan says, the sync runner first. */
export async function applyDown(
  aws: AwsClients,
  plan: DownPlan,
  opts: DownOptions & { onApplied?: (item: PlanItem) => void },
): Promise<void> {
  if (plan.syncItems.some((i) => i.action === 'delete')) await syncRemoval(aws, plan.rail, false);
  await opts.io.task(`removing ${plan.removing.length} resource(s)`, (update) =>
    applyPhases(plan.phases, {
      signal: opts.signal,
      done: (item) => {
        update(`removed ${item.kind} ${item.name}`);
        opts.onApplied?.(item);
      },
    }),
  );
}
