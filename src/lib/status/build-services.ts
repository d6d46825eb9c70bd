/** The per-service hops: target health, ECS counts, deployments, events, tasks joined to targets. */
import type { Service, Task } from '@aws-sdk/client-ecs';
import { compareText } from '../common/compare.js';
import type { RailSnapshot } from '../observe/snapshot.js';
import { targetsUnread } from '../observe/snapshot-lookups.js';
import { forwardWeights } from './build-alb.js';
import { groupStopped, iso, isStopped, serviceTasks, taskStatuses } from './build-service-tasks.js';
import { stoppedTaskLogOf } from './build-stopped-task-log.js';
import { targetGroupStatus, targetsNotRead, taskIp, unhealthyByReason } from './build-targets.js';
import type {
  DeploymentStatus,
  Reason,
  ServiceStatus,
  StoppedTaskGroup,
  TargetGroupStatus,
} from './model.js';
import { judge } from './verdict.js';

/** How many service events the model keeps. */
export const EVENTS_SHOWN = 5;

/** Event messages by which ECS says it cannot start tasks. */
const PLACEMENT_FAILURE =
  /unable to place|failed to launch|unable to consistently start|insufficient|is unable to/i;

/** Events since the service last reached a steady state that say tasks cannot be placed or started. */
function placementFailures(s: Service): string[] {
  const events = [...(s.events ?? [])].sort(
    (a, b) => Date.parse(String(b.createdAt)) - Date.parse(String(a.createdAt)),
  );
  const out: string[] = [];
  for (const e of events) {
    if (/has reached a steady state/.test(e.message ?? '')) break;
    if (PLACEMENT_FAILURE.test(e.message ?? '')) out.push(e.message!);
  }
  return out;
}

function targetReasons(tg: TargetGroupStatus, reasons: Reason[]): void {
  if (tg.weight === 0) return;
  const total = tg.targets.length;
  for (const [code, targets] of unhealthyByReason(tg.targets)) {
    const state = targets[0]?.state ?? '';
    // Draining and unused targets take no traffic by design; targets still in their first checks are
    // on their way in (degraded, not broken, even while none is healthy yet).
    const level: Reason['level'] =
      state === 'draining' || state === 'unused'
        ? 'warning'
        : state === 'initial'
          ? 'degraded'
          : tg.healthy === 0
            ? 'broken'
            : 'degraded';
    reasons.push({
      level,
      code,
      message: `${tg.name}: ${targets.length} of ${total} targets ${state} (${targets.map((t) => `${t.id}${t.port ? `:${t.port}` : ''}`).join(', ')})`,
      ...(targets[0]?.hint ? { hint: targets[0].hint } : {}),
    });
  }
}

/** The service's target groups with their targets, tasks joined by IP, weights from the ALB's rules. */
function serviceTargetGroups(
  snap: RailSnapshot,
  s: Service,
  weights: Map<string, number | undefined>,
  live: Task[],
): TargetGroupStatus[] {
  const taskByIp = new Map(live.flatMap((t) => (taskIp(t) ? [[taskIp(t)!, t] as const] : [])));
  const containerPort = s.loadBalancers?.[0]?.containerPort;
  return [...new Set((s.loadBalancers ?? []).map((b) => b.targetGroupArn!).filter(Boolean))].map((arn) =>
    targetGroupStatus(
      arn,
      snap.targetGroups[arn],
      snap.targetHealth[arn] ?? [],
      { targetKind: 'service', containerPort, albSecurityGroups: snap.alb?.SecurityGroups },
      { weight: weights.get(arn), taskByIp },
    ),
  );
}

/** Whether ECS keeps the service and its desired count of tasks running. */
function runningReasons(s: Service, desired: number, running: number): Reason[] {
  const reasons: Reason[] = [];
  if (s.status && s.status !== 'ACTIVE')
    reasons.push({
      level: 'broken',
      code: 'Service.NotActive',
      message: `the ECS service is ${s.status}`,
      hint: 'run `rails up` to recreate it',
    });
  const failures = placementFailures(s);
  if (desired > 0 && running === 0)
    reasons.push({
      level: 'broken',
      code: failures.length ? 'Service.CannotPlaceTasks' : 'Service.NoRunningTasks',
      message: failures[0] ?? `0 of ${desired} tasks running`,
      hint: failures.length
        ? 'fix what the event names (subnets, security groups, task definition, image, quotas); ECS keeps retrying'
        : 'see the stopped tasks below for why they exit',
    });
  else if (running < desired)
    reasons.push({
      level: 'degraded',
      code: failures.length ? 'Service.CannotPlaceTasks' : 'Service.BelowDesired',
      message: failures[0] ?? `${running} of ${desired} tasks running`,
    });
  else if (failures.length)
    reasons.push({ level: 'warning', code: 'Service.CannotPlaceTasks', message: failures[0]! });
  return reasons;
}

/** Whether the service feeds a target group, and the health of the targets in the ones with weight. */
function targetGroupReasons(
  targetGroups: TargetGroupStatus[],
  desired: number,
  unread: (arn: string) => boolean,
): Reason[] {
  const reasons: Reason[] = [];
  if (targetGroups.length === 0)
    reasons.push({
      level: 'broken',
      code: 'Service.NoTargetGroup',
      message: 'the service is attached to no target group of the ALB',
    });
  for (const tg of targetGroups) {
    if (unread(tg.arn)) {
      reasons.push(targetsNotRead(tg.name));
      continue;
    }
    targetReasons(tg, reasons);
    if (tg.weight !== 0 && tg.targets.length === 0 && desired > 0)
      reasons.push({
        level: 'broken',
        code: 'Targets.None',
        message: `${tg.name} has no registered targets`,
        hint: 'ECS registers tasks once they run; see the tasks and events below',
      });
  }
  return reasons;
}

function deploymentsOf(s: Service): DeploymentStatus[] {
  return (s.deployments ?? []).map((d) => ({
    id: d.id ?? '',
    status: d.status ?? '',
    ...(d.rolloutState ? { rolloutState: d.rolloutState } : {}),
    ...(d.rolloutStateReason ? { rolloutStateReason: d.rolloutStateReason } : {}),
    taskDefinition: (d.taskDefinition ?? '').split('/').pop() ?? '',
    desired: d.desiredCount ?? 0,
    running: d.runningCount ?? 0,
    pending: d.pendingCount ?? 0,
    failedTasks: d.failedTasks ?? 0,
    ...(d.createdAt ? { createdAt: iso(d.createdAt) } : {}),
  }));
}

/** A failed rollout is broken; the primary deployment still rolling out is worth knowing. */
function deploymentReasons(deployments: DeploymentStatus[]): Reason[] {
  const reasons: Reason[] = [];
  for (const d of deployments) {
    if (d.rolloutState === 'FAILED')
      reasons.push({
        level: 'broken',
        code: 'Deployment.Failed',
        message: `deployment ${d.id} failed: ${d.rolloutStateReason ?? ''}`.trim(),
      });
    else if (d.rolloutState === 'IN_PROGRESS' && d.status === 'PRIMARY')
      reasons.push({
        level: 'warning',
        code: 'Deployment.InProgress',
        message: `deployment ${d.id} (${d.taskDefinition}) is rolling out: ${d.running}/${d.desired} running`,
      });
  }
  return reasons;
}

function stoppedReasons(stoppedTasks: StoppedTaskGroup[]): Reason[] {
  if (!stoppedTasks.length) return [];
  return [
    {
      level: 'warning',
      code: 'Tasks.Stopped',
      message: `stopped tasks: ${stoppedTasks.map((g) => `${g.count} × ${g.reason}`).join('; ')}`,
    },
  ];
}

/** The newest EVENTS_SHOWN service events, newest first. */
function recentEvents(s: Service): ServiceStatus['events'] {
  return [...(s.events ?? [])]
    .sort((a, b) => Date.parse(String(b.createdAt)) - Date.parse(String(a.createdAt)))
    .slice(0, EVENTS_SHOWN)
    .map((e) => ({ ...(e.createdAt ? { at: iso(e.createdAt) } : {}), message: e.message ?? '' }));
}

function buildService(
  snap: RailSnapshot,
  s: Service,
  weights: Map<string, number | undefined>,
): ServiceStatus {
  const all = serviceTasks(snap, s);
  const live = all.filter((t) => !isStopped(t));
  const targetGroups = serviceTargetGroups(snap, s, weights, live);
  const desired = s.desiredCount ?? 0;
  const running = s.runningCount ?? 0;
  const deployments = deploymentsOf(s);
  const stoppedTasks = groupStopped(all.filter(isStopped));
  // The order reasons are found in is the order judge() keeps among reasons of one level.
  const reasons = [
    ...runningReasons(s, desired, running),
    ...targetGroupReasons(targetGroups, desired, (arn) => targetsUnread(snap, arn)),
    ...deploymentReasons(deployments),
    ...stoppedReasons(stoppedTasks),
  ];
  return {
    name: s.serviceName ?? '',
    cluster: (s.clusterArn ?? '').split('/').pop() ?? '',
    arn: s.serviceArn,
    status: s.status ?? 'unknown',
    desired,
    running,
    pending: s.pendingCount ?? 0,
    deployments,
    events: recentEvents(s),
    targetGroups,
    tasks: taskStatuses(live, targetGroups),
    stoppedTasks,
    ...stoppedTaskLogOf(snap, all),
    ...judge(reasons),
  };
}

function missingService(name: string, cluster: string, ecsNames: string[]): ServiceStatus {
  return {
    name,
    cluster,
    status: 'not-found',
    desired: 0,
    running: 0,
    pending: 0,
    deployments: [],
    events: [],
    targetGroups: [],
    tasks: [],
    stoppedTasks: [],
    ...judge([
      {
        level: 'broken',
        code: 'Service.NotFound',
        message: `rail.yaml declares ${name}, but cluster ${cluster} has no ECS service ${ecsNames.join(' or ')} attached to the ALB`,
        hint: 'run `rails up` (or `rails add-service`)',
      },
    ]),
  };
}

export function buildServices(snap: RailSnapshot): ServiceStatus[] {
  const weights = forwardWeights(snap);
  const sel = snap.selector;
  const wanted = sel.service ? (sel.serviceNames ?? [sel.service]) : undefined;
  const found = snap.services
    .filter((s) => !wanted || wanted.includes(s.serviceName ?? ''))
    .map((s) => buildService(snap, s, weights));
  const names = new Set(found.map((s) => s.name));
  const missing = (snap.selector.expectedServices ?? [])
    .filter(
      (e) => !e.ecsNames.some((n) => names.has(n)) && (!wanted || e.ecsNames.some((n) => wanted.includes(n))),
    )
    .map((e) => missingService(e.name, e.cluster, e.ecsNames));
  return [...found, ...missing].sort((a, b) => compareText(a.name, b.name));
}
