/**
 * One sync pass: the thin I/O around the planner. Per pass: the ALB's IPs once and, per NLB target
 * group, DescribeTargetHealth and the state read, all at the same time (they need nothing from one
 * another); then per group, concurrently: the plan, RegisterTargets (new IPs first), then
 * DeregisterTargets, then the conditional state write; finally one PutMetricData for the pass, which
 * reports what the writes committed.
 *
 * A writer that loses the conditional write re-reads the state and the targets, re-plans and applies
 * what is still to do, so two writers (the CLI and the Lambda) never lose a counter. Nothing is swallowed:
 * every failed step is in the report and makes the pass fail; a metrics failure does not undo or hide
 * the target changes.
 */
import type { AwsClients } from '../aws/clients.js';
import { putMetricData } from '../aws/cloudwatch.js';
import { deregisterIpTargets, describeTargetHealth, registerIpTargets } from '../aws/elbv2.js';
import { isWriteConflict, writeConflictDelayMs } from '../aws/s3.js';
import { serviceNow } from '../aws/server-clock.js';
import { railNames } from '../common/names.js';
import { sleep } from '../sleep.js';
import type { SyncRail, SyncTargetGroup } from './discover.js';
import { passMetrics } from './metrics.js';
import { type GroupReads, type PassReads, startGroupReads } from './pass-reads.js';
import { type ObservedTarget, type PassPlan, planMatches, planPass } from './plan-pass.js';
import type { PassReport, StepError, TargetGroupReport } from './report.js';
import { stepError } from './report.js';
import { type IpSourceSettings, resolveAlbIps } from './resolve-ips.js';
import { type TargetGroupState, writeTargetGroupState } from './state-store.js';

export interface PassSettings extends IpSourceSettings {
  bucket: string;
  missesBeforeDeregister: number;
  /** Plan and report only: no target change, no state write, no metrics. */
  dryRun: boolean;
  /** Publish metrics (default true). */
  metrics?: boolean;
}

/**
 * Lost conditional writes tolerated in one pass before it gives up (and fails). With the jittered
 * backoff between them this spans several seconds, far beyond any real race between two writers.
 */
const MAX_WRITE_ATTEMPTS = 12;

/**
 * Runs one pass. `reads` are the pass's first reads when the caller started them already (while it
 * found the rail); a group they do not cover is read here, at the same time as the rest.
 */
export async function runSyncPass(
  aws: AwsClients,
  rail: SyncRail,
  s: PassSettings,
  reads?: PassReads,
): Promise<PassReport> {
  const started = Date.now();
  const given = reads && reads.alb.arn === rail.alb.arn && reads.alb.dnsName === rail.alb.dnsName;
  const firstReads = new Map(
    rail.targetGroups.map((tg) => [
      tg.arn,
      (given && reads.groups.get(tg.arn)) || startGroupReads(aws, s.bucket, tg.arn, rail.alb.dnsName),
    ]),
  );
  let ips: string[] | undefined;
  let resolveError: string | undefined;
  try {
    ips = await (given ? reads.ips : resolveAlbIps(aws, rail.alb, s));
  } catch (err) {
    resolveError = stepError('resolve', err).message;
  }
  // The pass is stamped on AWS's clock, which status compares the state's age with: once the target
  // health reads have answered, the ELB client knows it from their Date header (a cold Lambda has made
  // no call before). Should none have answered at all, the stamp is this machine's time.
  await Promise.allSettled([...firstReads.values()].map((r) => r.health));
  const passAt = new Date(serviceNow(await aws.elbv2()));

  const targetGroups = await Promise.all(
    rail.targetGroups.map((tg) =>
      syncTargetGroup(aws, rail, tg, s, ips, resolveError, passAt, firstReads.get(tg.arn)!),
    ),
  );

  const report: PassReport = {
    at: passAt.toISOString(),
    ok: false,
    dryRun: s.dryRun,
    source: s.source,
    alb: { name: rail.alb.name, dnsName: rail.alb.dnsName },
    ips: ips ?? [],
    ...(resolveError ? { resolveError } : {}),
    targetGroups,
    metrics: { published: false },
    durationMs: 0,
  };
  if (!s.dryRun && s.metrics !== false && targetGroups.length > 0) {
    try {
      await putMetricData(aws, railNames.metricsNamespace, passMetrics(report));
      report.metrics.published = true;
    } catch (err) {
      const e = stepError('metrics', err);
      report.metrics.error = e.code ? `${e.code}: ${e.message}` : e.message;
    }
  }
  report.ok = targetGroups.every((tg) => tg.ok) && !report.metrics.error;
  report.durationMs = Date.now() - started;
  return report;
}

async function observe(
  reads: GroupReads,
  tg: SyncTargetGroup,
): Promise<{ targets: ObservedTarget[]; state: TargetGroupState } | StepError> {
  const [targets, state] = await Promise.allSettled([reads.health, reads.state]);
  if (targets.status === 'rejected') return stepError('describe-target-health', targets.reason);
  if (state.status === 'rejected') return stepError('read-state', state.reason);
  return { targets: toObserved(targets.value, tg), state: state.value };
}

async function syncTargetGroup(
  aws: AwsClients,
  rail: SyncRail,
  tg: SyncTargetGroup,
  s: PassSettings,
  ips: string[] | undefined,
  resolveError: string | undefined,
  passAt: Date,
  firstReads: GroupReads,
): Promise<TargetGroupReport> {
  const report: TargetGroupReport = {
    name: tg.name,
    arn: tg.arn,
    port: tg.port,
    ok: false,
    registered: [],
    deregistered: [],
    pending: [],
    waiting: [],
    draining: [],
    foreign: [],
    matches: false,
    stateFrom: 'none',
    writeRetries: 0,
    errors: [],
  };
  if (!ips || ips.length === 0) {
    // Nothing is changed, and what was read alongside is set aside: a failed or empty resolution
    // must never deregister anything.
    report.errors.push({ step: 'resolve', message: resolveError ?? 'the ALB resolved to no IP at all' });
    return report;
  }

  let observed = await observe(firstReads, tg);
  for (let attempt = 1; ; attempt++) {
    if ('step' in observed) {
      report.errors.push(observed);
      return report;
    }
    if (attempt === 1) report.stateFrom = observed.state.layout;
    let plan = planPass({
      resolved: ips,
      targets: observed.targets,
      pending: observed.state.pending,
      port: tg.port,
      missesBeforeDeregister: s.missesBeforeDeregister,
    });
    describePlan(report, plan, s.missesBeforeDeregister);
    if (s.dryRun) {
      report.registered = plan.register;
      report.deregistered = plan.deregister;
      report.ok = true;
      return report;
    }

    const stepErrors: StepError[] = [];
    try {
      await registerIpTargets(aws, tg.arn, plan.register, tg.port);
      addAll(report.registered, plan.register);
    } catch (err) {
      stepErrors.push(stepError('register', err));
    }
    // New IPs go in before any old one goes out; if they could not, nothing goes out this pass.
    if (stepErrors.length === 0 && plan.deregister.length > 0) {
      const recheck = await replanBeforeDeregister(aws, tg, s, ips, observed);
      if ('step' in recheck) stepErrors.push(recheck);
      else plan = recheck;
    }
    const pending = { ...plan.pending };
    const deregister = stepErrors.length === 0 ? plan.deregister : [];
    try {
      await deregisterIpTargets(aws, tg.arn, deregister, tg.port);
      addAll(report.deregistered, deregister);
    } catch (err) {
      stepErrors.push(stepError('deregister', err));
    }
    // Whatever was not deregistered keeps its count (and stays pending), so it is retried next pass.
    for (const ip of plan.deregister) {
      if (report.deregistered.includes(ip)) continue;
      pending[ip] = missesOf(plan, ip);
      report.pending.push({ ip, misses: pending[ip], of: s.missesBeforeDeregister });
    }

    const ok = stepErrors.length === 0;
    try {
      await writeTargetGroupState(aws, s.bucket, tg.arn, rail.alb.dnsName, observed.state, {
        pending,
        activeIps: ips,
        passAt,
        lastSuccess: ok ? passAt.toISOString() : observed.state.lastSuccess,
      });
      report.errors.push(...stepErrors);
      report.matches = ok && planMatches(plan);
      report.ok = ok;
      return report;
    } catch (err) {
      if (!isWriteConflict(err) || attempt >= MAX_WRITE_ATTEMPTS) {
        report.errors.push(...stepErrors, stepError('write-state', err));
        return report;
      }
      // Another writer committed first: read both again and plan what is still to do.
      report.writeRetries++;
      await sleep(writeConflictDelayMs(attempt));
      observed = await observe(startGroupReads(aws, s.bucket, tg.arn, rail.alb.dnsName), tg);
    }
  }
}

/**
 * Target health again, just before a deregistration: another runner (the Lambda and the CLI, or two
 * CLIs) may have deregistered or registered targets since this pass looked. The plan is made again
 * from what AWS shows now, with the same IPs and counters, so its safety rules hold for the group as
 * it is at the moment of the change. Targets this pass just registered show as registered.
 */
async function replanBeforeDeregister(
  aws: AwsClients,
  tg: SyncTargetGroup,
  s: PassSettings,
  ips: string[],
  observed: { targets: ObservedTarget[]; state: TargetGroupState },
): Promise<PassPlan | StepError> {
  let now: ObservedTarget[];
  try {
    now = toObserved(await describeTargetHealth(aws, tg.arn), tg);
  } catch (err) {
    return stepError('describe-target-health', err);
  }
  const again = planPass({
    resolved: ips,
    targets: now,
    pending: observed.state.pending,
    port: tg.port,
    missesBeforeDeregister: s.missesBeforeDeregister,
  });
  // A current IP lost its target meanwhile: the next pass registers it before anything goes out.
  return again.register.length > 0 ? holdDeregistrations(again) : again;
}

/** The plan with every deregistration held: the IPs keep their counters for the next pass. */
function holdDeregistrations(plan: PassPlan): PassPlan {
  const ips = plan.ips.map((e) => (e.status === 'deregister' ? { ...e, status: 'held' as const } : e));
  const pending = { ...plan.pending };
  for (const e of ips) if (e.status === 'held') pending[e.ip] = e.misses!;
  return { ...plan, ips, pending, deregister: [] };
}

function toObserved(
  descriptions: Awaited<ReturnType<typeof describeTargetHealth>>,
  tg: SyncTargetGroup,
): ObservedTarget[] {
  return descriptions.map((d) => ({
    ip: d.Target?.Id ?? '',
    port: d.Target?.Port ?? tg.port,
    state: d.TargetHealth?.State ?? 'unavailable',
  }));
}

function missesOf(plan: PassPlan, ip: string): number {
  return plan.ips.find((e) => e.ip === ip)?.misses ?? 1;
}

function addAll(into: string[], items: string[]): void {
  for (const ip of items) if (!into.includes(ip)) into.push(ip);
}

/** Fills the report's per-IP lists from the latest plan. */
function describePlan(report: TargetGroupReport, plan: PassPlan, of: number): void {
  report.pending = plan.ips
    .filter((e) => e.status === 'pending' || e.status === 'held')
    .map((e) => ({ ip: e.ip, misses: e.misses!, of, ...(e.status === 'held' ? { held: true } : {}) }));
  report.draining = plan.ips.filter((e) => e.status === 'draining').map((e) => e.ip);
  report.foreign = plan.foreign.map((t) => `${t.ip}:${t.port}`);
}
