/**
 * The service scheduler, run as a sandbox ticker: steps every task's lifecycle, replaces tasks that
 * fail health checks, keeps each service at its desired count within the deployment's
 * maximumPercent / minimumHealthyPercent, rolls deployments forward, and writes service events.
 */
import type { Sandbox } from '../../core/types.js';
import { completeDeployment, failureThreshold, noteFailure, tripCircuitBreaker } from './deployments.js';
import * as ev from './events.js';
import { isTaskHealthy } from './health.js';
import { replaceUnhealthy } from './health-replacement.js';
import { inPass, realNow } from './pass-clock.js';
import { placeTasks } from './placement.js';
import { type Deployment, type EcsService, type EcsTask, ecsState } from './state.js';
import { type StepReport, stepTask, stopTask } from './task-lifecycle.js';

/** Stopped tasks and deleted services stay visible this long (sandbox ms), as on AWS. */
const RETENTION_MS = 60 * 60 * 1000;
const MAX_STOPPED_TASKS = 2000;

/** Counts per target group of what happened in one pass, for the event log. */
class PassLog {
  registered = new Map<string, number>();
  deregistered = new Map<string, number>();
  draining = 0;
  schedulerStopped: EcsTask[] = [];
  registerFailures: { targetGroupArn: string; error: string }[] = [];

  add(task: EcsTask, r: StepReport): void {
    for (const x of r.registered ?? [])
      this.registered.set(x.targetGroupArn, (this.registered.get(x.targetGroupArn) ?? 0) + 1);
    if (r.deregistered?.length) {
      this.draining++;
      for (const x of r.deregistered)
        this.deregistered.set(x.targetGroupArn, (this.deregistered.get(x.targetGroupArn) ?? 0) + 1);
    }
    if (r.drained && task.stopCode === 'ServiceSchedulerInitiated') this.schedulerStopped.push(task);
    this.registerFailures.push(...(r.registerFailures ?? []));
  }

  write(sb: Sandbox, service: EcsService): void {
    ev.beganDraining(sb, service, this.draining);
    for (const [tg, n] of this.deregistered) ev.deregisteredTargets(sb, service, tg, n);
    ev.stoppedTasks(sb, service, this.schedulerStopped);
    for (const [tg, n] of this.registered) ev.registeredTargets(sb, service, tg, n);
    for (const f of this.registerFailures) ev.registerFailed(sb, service, f.targetGroupArn, f.error);
    if (this.registered.size || this.deregistered.size || this.schedulerStopped.length)
      service.sim.steady = false;
    this.registered.clear();
    this.deregistered.clear();
    this.draining = 0;
    this.schedulerStopped = [];
    this.registerFailures = [];
  }
}

function tasksOf(sb: Sandbox, service: EcsService): EcsTask[] {
  return ecsState(sb).tasks.filter((t) => t.serviceArn === service.serviceArn && t.lastStatus !== 'STOPPED');
}

/** Scale-in order: tasks not yet running first, then the newest. */
function scaleInOrder(sb: Sandbox, tasks: EcsTask[]): EcsTask[] {
  return [...tasks].sort((a, b) => {
    const ha = isTaskHealthy(sb, a) ? 1 : 0;
    const hb = isTaskHealthy(sb, b) ? 1 : 0;
    return ha - hb || b.createdAt - a.createdAt;
  });
}

function scaleIn(sb: Sandbox, tasks: EcsTask[], primary: Deployment, log: PassLog): void {
  for (const t of tasks) {
    const r = stopTask(sb, t, {
      reason: `Scaling activity initiated by (deployment ${primary.id})`,
      stopCode: 'ServiceSchedulerInitiated',
      exitCode: 0,
    });
    log.add(t, r);
  }
}

/** Moves the service toward its desired count under the deployment limits. */
function schedule(sb: Sandbox, service: EcsService, log: PassLog): void {
  const primary = service.deployments[0];
  if (!primary) return;
  const desired = service.status === 'ACTIVE' ? service.desiredCount : 0;
  primary.desiredCount = desired;
  let live = tasksOf(sb, service).filter((t) => t.desiredStatus === 'RUNNING');
  const mine = live.filter((t) => t.deploymentId === primary.id);
  if (mine.length > desired) {
    scaleIn(sb, scaleInOrder(sb, mine).slice(0, mine.length - desired), primary, log);
    live = live.filter((t) => t.desiredStatus === 'RUNNING');
  }
  const { maximumPercent, minimumHealthyPercent } = service.deploymentConfiguration;
  const maxTotal = Math.floor((desired * maximumPercent) / 100);
  const minHealthy = Math.ceil((desired * minimumHealthyPercent) / 100);
  const old = live.filter((t) => t.deploymentId !== primary.id);
  if (old.length) {
    const healthy = new Set(live.filter((t) => isTaskHealthy(sb, t)));
    // Old tasks that are not healthy count for nothing and go first; healthy ones only while the
    // healthy count stays at or above the minimum.
    const unhealthyOld = old.filter((t) => !healthy.has(t));
    const healthyOld = scaleInOrder(
      sb,
      old.filter((t) => healthy.has(t)),
    ).reverse();
    const budget = Math.max(0, healthy.size - minHealthy);
    scaleIn(sb, [...unhealthyOld, ...healthyOld.slice(0, budget)], primary, log);
    live = live.filter((t) => t.desiredStatus === 'RUNNING');
  }
  const current = live.filter((t) => t.deploymentId === primary.id).length;
  // maximumPercent (100..200) caps every task that is meant to run, old and new.
  const room = Math.max(0, maxTotal - live.length);
  const count = Math.min(desired - current, room);
  if (count > 0 && realNow() >= service.sim.launchNotBeforeReal) placeTasks(sb, service, primary, count);
}

/** Deployment bookkeeping: old deployments shrink and go; the PRIMARY completes or fails. */
function settleDeployments(sb: Sandbox, service: EcsService): void {
  const tasks = tasksOf(sb, service);
  const primary = service.deployments[0];
  if (!primary) return;
  const before = service.deployments.length;
  service.deployments = service.deployments.filter(
    (d) => d === primary || tasks.some((t) => t.deploymentId === d.id),
  );
  for (const d of service.deployments.slice(1))
    d.desiredCount = tasks.filter((t) => t.deploymentId === d.id && t.desiredStatus === 'RUNNING').length;
  if (service.deployments.length !== before) sb.markDirty();

  const desired = primary.desiredCount;
  if (primary.rolloutState === 'IN_PROGRESS') {
    const cb = service.deploymentConfiguration.deploymentCircuitBreaker;
    if (cb.enable && primary.failedTasks >= failureThreshold(desired)) {
      tripCircuitBreaker(sb, service, primary);
      return;
    }
  }
  const settled =
    service.deployments.length === 1 &&
    tasks.length === desired &&
    tasks.every(
      (t) => t.deploymentId === primary.id && t.desiredStatus === 'RUNNING' && isTaskHealthy(sb, t),
    );
  if (settled && primary.rolloutState === 'IN_PROGRESS') completeDeployment(sb, service, primary);
  if (settled && primary.rolloutState !== 'FAILED') {
    if (!service.sim.steady) {
      service.sim.steady = true;
      service.sim.consecutiveFailures = 0;
      ev.steadyState(sb, service);
    }
  } else if (!settled) {
    service.sim.steady = false;
  }
}

function reconcileService(sb: Sandbox, service: EcsService): void {
  const log = new PassLog();
  for (const t of tasksOf(sb, service)) {
    const d = service.deployments.find((x) => x.id === t.deploymentId);
    const r = stepTask(sb, t, d?.loadBalancers ?? []);
    log.add(t, r);
    if (r.failedToStart) {
      noteFailure(sb, service, d);
      if (service.sim.consecutiveFailures === 1) ev.startImpaired(sb, service);
    }
  }
  replaceUnhealthy(sb, service, tasksOf(sb, service), log);
  log.write(sb, service);
  schedule(sb, service, log);
  log.write(sb, service);
  settleDeployments(sb, service);
  if (service.status === 'DRAINING' && tasksOf(sb, service).length === 0) {
    service.status = 'INACTIVE';
    for (const d of service.deployments) d.status = 'INACTIVE';
    sb.markDirty();
  }
}

/** Forgets stopped tasks and deleted services after about an hour, as AWS does. */
function purge(sb: Sandbox): void {
  const state = ecsState(sb);
  const cutoff = sb.clock.now() - RETENTION_MS;
  const before = state.tasks.length;
  state.tasks = state.tasks.filter((t) => t.lastStatus !== 'STOPPED' || (t.stoppedAt ?? 0) > cutoff);
  const stopped = state.tasks.filter((t) => t.lastStatus === 'STOPPED');
  if (stopped.length > MAX_STOPPED_TASKS) {
    const drop = new Set(stopped.slice(0, stopped.length - MAX_STOPPED_TASKS));
    state.tasks = state.tasks.filter((t) => !drop.has(t));
  }
  const services = state.services.length;
  state.services = state.services.filter((s) => s.status !== 'INACTIVE' || (s.deletedAt ?? 0) > cutoff);
  if (state.tasks.length !== before || state.services.length !== services) sb.markDirty();
}

/** The ECS ticker. */
export function reconcileEcs(sb: Sandbox): void {
  inPass(() => reconcilePass(sb));
}

function reconcilePass(sb: Sandbox): void {
  const state = ecsState(sb);
  const active = new Set<string>();
  let failure: unknown;
  for (const service of state.services) {
    if (service.status === 'INACTIVE') continue;
    active.add(service.serviceArn);
    // One service's trouble must not stop the others; the core records the error.
    try {
      reconcileService(sb, service);
    } catch (err) {
      failure ??= err;
    }
  }
  // Tasks whose service is gone still finish stopping.
  for (const t of state.tasks)
    if (t.lastStatus !== 'STOPPED' && (!t.serviceArn || !active.has(t.serviceArn))) stepTask(sb, t, []);
  purge(sb);
  if (failure) throw failure;
}
