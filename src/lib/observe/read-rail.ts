/**
 * Reads one rail with as few sequential round trips as AWS allows. Two independent branches run side by
 * side — ELBv2/EC2 (load balancers → listeners, target groups, ENIs, tags → rules, target health, tags of
 * target groups, the sync state) and ECS (clusters → services and tasks → their descriptions).
 * Each level's calls run concurrently and batched, so the depth is fixed (about four round trips) however
 * many services the rail has.
 */
import type { Service, Task } from '@aws-sdk/client-ecs';
import type { AwsClients } from '../aws/clients.js';
import { loadBalancerInterfaces } from '../aws/ec2.js';
import { describeServices, describeTasks, listClusters, listServices, listTasks } from '../aws/ecs-read.js';
import {
  describeTags,
  describeTargetHealth,
  findLoadBalancer,
  listListeners,
  listRules,
  listTargetGroups,
  loadBalancerEniDescription,
} from '../aws/elbv2.js';
import { serviceNow } from '../aws/server-clock.js';
import { readCertificates } from './read-certificates.js';
import { type FoundLoadBalancers, readSignals } from './read-signals.js';
import { readStoppedTaskLogs } from './read-stopped-task-logs.js';
import type { ApiSelector, RailSelector, RailSnapshot } from './snapshot.js';
import { ALB_GROUPS_READ, NLB_GROUPS_READ, targetHealthReadName } from './snapshot-lookups.js';
import { type ReadErrors, soft } from './soft-read.js';

/**
 * read-api.ts's reads, its module loaded only for a rail with a front door: without one, no API Gateway
 * command or schema is initialised at all. Its calls still start in the first round (the module is
 * bundled; loading it takes no I/O).
 */
function startApiReadLazily(aws: AwsClients, api: ApiSelector, errors: ReadErrors) {
  const started = import('./read-api.js').then((m) => m.startApiRead(aws, api, errors));
  return { snapshot: started.then((r) => r.snapshot), metrics: started.then((r) => r.metrics) };
}

/** The service a task belongs to, from its group (`service:<name>`). */
export function serviceNameOfTask(task: Task): string | undefined {
  return task.group?.startsWith('service:') ? task.group.slice('service:'.length) : undefined;
}

async function readEcs(aws: AwsClients, sel: RailSelector, errors: ReadErrors) {
  const clusters =
    sel.clusters ?? (await soft(errors, 'ECS ListClusters', () => listClusters(aws), [] as string[]));
  const perCluster = await Promise.all(
    clusters.map(async (cluster) => {
      const [serviceArns, running, stopped] = await Promise.all([
        sel.service
          ? Promise.resolve(sel.serviceNames ?? [sel.service])
          : soft(errors, `ECS ListServices ${cluster}`, () => listServices(aws, cluster), [] as string[]),
        sel.skipTasks
          ? []
          : soft(errors, `ECS ListTasks ${cluster}`, () => listTasks(aws, cluster, 'RUNNING'), []),
        sel.skipTasks
          ? []
          : soft(errors, `ECS ListTasks ${cluster} (stopped)`, () => listTasks(aws, cluster, 'STOPPED'), []),
      ]);
      const [services, tasks] = await Promise.all([
        soft(
          errors,
          `ECS DescribeServices ${cluster}`,
          () => describeServices(aws, cluster, serviceArns),
          [] as Service[],
        ),
        soft(
          errors,
          `ECS DescribeTasks ${cluster}`,
          () => describeTasks(aws, cluster, [...running, ...stopped]),
          [] as Task[],
        ),
      ]);
      return { services, tasks };
    }),
  );
  return { services: perCluster.flatMap((p) => p.services), tasks: perCluster.flatMap((p) => p.tasks) };
}

async function readLoadBalancers(
  aws: AwsClients,
  sel: RailSelector,
  errors: ReadErrors,
  alongside: (found: FoundLoadBalancers) => Promise<RailSnapshot['signals']>,
) {
  // What a failed read of the NLB's listeners or groups gives instead, told apart by identity.
  const unread: never[] = [];
  const [nlb, alb] = await Promise.all([
    findLoadBalancer(aws, sel.nlbName),
    findLoadBalancer(aws, sel.albName),
  ]);
  const lbArns = [nlb?.LoadBalancerArn, alb?.LoadBalancerArn].filter((a): a is string => Boolean(a));
  const [nlbListeners, nlbGroups, albListeners, albGroups, albInterfaces, lbTags] = await Promise.all([
    nlb ? soft(errors, 'NLB listeners', () => listListeners(aws, nlb.LoadBalancerArn!), unread) : unread,
    nlb ? soft(errors, NLB_GROUPS_READ, () => listTargetGroups(aws, nlb.LoadBalancerArn!), unread) : unread,
    alb ? soft(errors, 'ALB listeners', () => listListeners(aws, alb.LoadBalancerArn!), []) : [],
    alb ? soft(errors, ALB_GROUPS_READ, () => listTargetGroups(aws, alb.LoadBalancerArn!), []) : [],
    alb
      ? soft(
          errors,
          'ALB network interfaces',
          () => loadBalancerInterfaces(aws, loadBalancerEniDescription(alb.LoadBalancerArn!)),
          [],
        )
      : [],
    soft(errors, 'load balancer tags', () => describeTags(aws, lbArns), new Map()),
  ]);
  const groups = [...nlbGroups, ...albGroups];
  const groupArns = [...new Set(groups.map((g) => g.TargetGroupArn!))];
  // The sync state is keyed by the NLB's target groups and the ALB's DNS name, both read by now: its
  // reads join this level rather than finding the load balancers a second time. When a load balancer
  // is missing or a read of this level failed, the sync's reader finds them itself, as alone.
  const found =
    nlb && alb && nlbListeners !== unread && nlbGroups !== unread
      ? { nlb, alb, nlbListeners, nlbGroups }
      : undefined;
  const [rules, health, groupTags, signals, certificates, sync] = await Promise.all([
    Promise.all(
      albListeners.map((l) => soft(errors, `ALB rules ${l.Port}`, () => listRules(aws, l.ListenerArn!), [])),
    ),
    Promise.all(
      groupArns.map((arn) =>
        soft(errors, targetHealthReadName(arn), () => describeTargetHealth(aws, arn), []),
      ),
    ),
    soft(errors, 'target group tags', () => describeTags(aws, groupArns), new Map()),
    // The traffic signals start here, with the ARNs they need, alongside the reads of this level.
    alongside({ nlb, alb, nlbGroups, albGroups }),
    readCertificates(aws, [...nlbListeners, ...albListeners], errors),
    sel.readSync
      ? sel.readSync(found).catch((err) => {
          errors.push({ what: 'sync state', message: String((err as Error)?.message ?? err) });
          return null;
        })
      : Promise.resolve(undefined),
  ]);
  return {
    nlb,
    alb,
    nlbListeners,
    albListeners,
    albInterfaces,
    albRules: Object.fromEntries(albListeners.map((l, i) => [l.ListenerArn!, rules[i]!])),
    targetGroups: Object.fromEntries(groups.map((g) => [g.TargetGroupArn!, g])),
    targetHealth: Object.fromEntries(groupArns.map((arn, i) => [arn, health[i]!])),
    tags: Object.fromEntries([...lbTags, ...groupTags]),
    signals,
    certificates,
    sync,
  };
}

/** Reads everything `status` shows about one rail. Throws only when the load balancers cannot be looked up at all. */
export async function readRail(aws: AwsClients, sel: RailSelector): Promise<RailSnapshot> {
  const readErrors: ReadErrors = [];
  // Load the EC2 client's module now: its first call comes a round trip later, and loading it then
  // would add to the wall time instead of overlapping with the first calls.
  void aws.ec2().catch(() => undefined);
  // The same for S3, which the sync state is read from once the NLB's target groups are known.
  if (sel.readSync) void aws.s3().catch(() => undefined);
  // And CloudWatch's, whose GetMetricData goes out with the target group ARNs.
  if (sel.signals) void aws.cloudwatch().catch(() => undefined);
  const ecsRead = readEcs(aws, sel, readErrors);
  // The front door's reads start in the first round too, beside the load balancers' and ECS's.
  const apiRead = sel.api ? startApiReadLazily(aws, sel.api, readErrors) : undefined;
  const [lbs, ecs, api] = await Promise.all([
    readLoadBalancers(aws, sel, readErrors, (found) =>
      readSignals(
        aws,
        sel,
        found,
        ecsRead.then((e) => e.services),
        readErrors,
        apiRead?.metrics,
      ),
    ),
    // The newest stopped task's last log lines follow the task descriptions, alongside the load
    // balancers' last level of reads.
    ecsRead.then(async (ecs) => ({
      ...ecs,
      stoppedTaskLogs: await readStoppedTaskLogs(aws, sel, ecs.services, ecs.tasks, readErrors),
    })),
    apiRead?.snapshot,
  ]);
  const albGroupArns = new Set(Object.keys(lbs.targetGroups));
  const expected = new Set((sel.expectedServices ?? []).flatMap((s) => s.ecsNames));
  // A service belongs to the rail when it feeds one of the ALB's target groups (or rail.yaml names it).
  const services = ecs.services.filter(
    (s) =>
      s.status !== 'INACTIVE' &&
      ((s.loadBalancers ?? []).some((lb) => lb.targetGroupArn && albGroupArns.has(lb.targetGroupArn)) ||
        expected.has(s.serviceName!)),
  );
  const keys = new Set(services.map((s) => `${s.clusterArn}|${s.serviceName}`));
  const tasks = ecs.tasks.filter((t) => keys.has(`${t.clusterArn}|${serviceNameOfTask(t)}`));
  const stoppedTaskLogs = ecs.stoppedTaskLogs;
  return {
    selector: sel,
    // AWS's now, which ages (the sync state's, a certificate's days left) are taken against: the sync
    // stamps its state on AWS's clock, and this machine's may be off by minutes.
    readAt: serviceNow(await aws.elbv2()),
    ...lbs,
    services,
    tasks,
    stoppedTaskLogs,
    ...(api ? { api } : {}),
    readErrors,
  };
}
