/**
 * The human view of the status model: the first problem on the first line, then hop by hop. Every
 * state is spelled out in words (colour only repeats it).
 */

import type {
  ActionSummary,
  Reason,
  StatusReport,
  TargetGroupStatus,
  Verdict,
} from '../../lib/status/model.js';
import { c } from '../output.js';
import { signalLines, signalsFooter } from './render-signals.js';
import { apiDetailLines, apiTitle, pathLine } from './render-status-api.js';
import { stoppedTaskLogLines } from './render-stopped-task-log.js';

const WORD: Record<Verdict, string> = { ok: 'OK', degraded: 'DEGRADED', broken: 'BROKEN' };

export function verdictTag(v: Verdict): string {
  const text = `[${WORD[v]}]`.padEnd(10);
  return v === 'ok' ? c.ok(text) : v === 'degraded' ? c.warn(text) : c.bad(text);
}

function stateWord(state: string): string {
  return state === 'healthy' ? c.ok(state) : state.startsWith('unhealthy') ? c.bad(state) : c.warn(state);
}

function reasonLines(reasons: Reason[], indent: string): string[] {
  return reasons.flatMap((r) => {
    const mark =
      r.level === 'warning' ? c.warn('warning') : r.level === 'broken' ? c.bad('broken') : c.warn('degraded');
    return [
      `${indent}${mark} ${r.code}: ${r.message}`,
      ...(r.hint ? [`${indent}  ${c.dim('hint:')} ${r.hint}`] : []),
    ];
  });
}

function targetGroupLines(tg: TargetGroupStatus, indent: string): string[] {
  const weight = tg.weight === undefined ? '' : ` weight ${tg.weight}`;
  return [
    `${indent}${tg.name}${weight}: ${tg.healthy}/${tg.targets.length} healthy`,
    ...tg.targets.map(
      (t) =>
        `${indent}  ${t.id}${t.port ? `:${t.port}` : ''}  ${stateWord(t.state)}${t.reason ? ` ${t.reason}` : ''}${t.taskId ? `  task ${t.taskId}` : ''}`,
    ),
  ];
}

export function actionText(a: ActionSummary): string {
  if (a.type === 'forward' && 'targetGroups' in a)
    return `forward ${a.targetGroups.map((t) => `${t.name}${t.weight === undefined ? '' : ` (weight ${t.weight})`}`).join(', ')}`;
  if (a.type === 'redirect' && 'location' in a) return `redirect ${a.statusCode} ${a.location}`;
  if (a.type === 'fixed-response' && 'statusCode' in a) return `fixed-response ${a.statusCode}`;
  return a.type;
}

/** The first line: the verdict and, when not ok, the first broken (else degraded) hop with its reason. */
export function headline(r: StatusReport): string[] {
  if (!r.firstProblem) return [`${verdictTag('ok')}rail${r.stage ? ` ${r.stage}` : ''}: every hop ok`];
  const p = r.firstProblem;
  return [
    `${verdictTag(r.verdict)}first ${p.verdict} hop: ${p.hop}: ${p.code}: ${p.message}`,
    ...(p.hint ? [`${' '.repeat(10)}${c.dim('hint:')} ${p.hint}`] : []),
  ];
}

export function renderStatus(r: StatusReport): string {
  const out: string[] = [...headline(r), pathLine(r), ''];
  const pad = ' '.repeat(10);
  if (r.api) {
    out.push(`${verdictTag(r.api.verdict)}${apiTitle(r.api)}`);
    out.push(...signalLines(r.api.signals, r.signals, pad));
    out.push(...apiDetailLines(r.api, pad));
    out.push(...reasonLines(r.api.reasons, pad));
  }
  const n = r.nlb;
  if (n.state === 'absent') {
    out.push(`${' '.repeat(10)}NLB and static IPs: none by design (staticIps: none)`);
  } else {
    out.push(
      `${verdictTag(n.verdict)}NLB ${n.name}  ${n.state}${n.scheme ? ` ${n.scheme}` : ''}  ${n.availabilityZones.join(' ')}`,
    );
    out.push(...signalLines(n.signals, r.signals, pad));
    for (const l of n.listeners) {
      out.push(`${pad}${l.protocol}:${l.port} ->`);
      for (const tg of l.targetGroups) out.push(...targetGroupLines(tg, `${pad}  `));
    }
    out.push(...reasonLines(n.reasons, pad));
  }

  const s = r.staticIps;
  if (s.mode !== 'none')
    out.push(`${verdictTag(s.verdict)}static IPs (${s.mode})  ALB IPs: ${s.albIps.join(', ') || 'none'}`);
  out.push(...signalLines(s.signals, r.signals, pad));
  for (const g of s.targetGroups) {
    if (g.albTarget) {
      out.push(
        `${pad}${g.name}: ALB target ${stateWord(g.albTarget.state)}${g.albTarget.reason ? ` ${g.albTarget.reason}` : ''}`,
      );
      continue;
    }
    out.push(
      `${pad}${g.name}: registered ${g.registered.length}, missing ${g.missing.length}, stale ${g.stale.length}, draining ${g.draining.length}, pending deregistration ${g.pendingDeregistration.length}`,
    );
    if (g.missing.length) out.push(`${pad}  missing: ${g.missing.join(', ')}`);
    if (g.stale.length) out.push(`${pad}  stale: ${g.stale.join(', ')}`);
    if (g.draining.length) out.push(`${pad}  draining: ${g.draining.join(', ')}`);
    if (g.pendingDeregistration.length)
      out.push(
        `${pad}  pending: ${g.pendingDeregistration.map((p) => `${p.ip} (${p.count}${p.threshold ? `/${p.threshold}` : ''})`).join(', ')}`,
      );
  }
  if (s.mode === 'sync')
    out.push(
      `${pad}last sync: ${s.sync.lastSuccessAt ? `${s.sync.ageSeconds} s ago (${s.sync.lastSuccessAt})` : s.sync.source === 'unavailable' ? 'state could not be read' : 'no sync state'}`,
    );
  out.push(...reasonLines(s.reasons, pad));

  const a = r.alb;
  out.push(
    `${verdictTag(a.verdict)}ALB ${a.name}  ${a.state}${a.scheme ? ` ${a.scheme}` : ''}  ${a.availabilityZones.join(' ')}`,
  );
  out.push(...signalLines(a.signals, r.signals, pad));
  for (const l of a.listeners) {
    out.push(`${pad}${l.protocol}:${l.port}`);
    for (const rule of l.rules) {
      const match = rule.isDefault
        ? '(anything no rule above takes)'
        : [rule.hosts.join(' | '), rule.paths.join(' | '), ...rule.otherConditions]
            .filter(Boolean)
            .join('  ');
      out.push(`${pad}  ${rule.priority.padStart(7)}  ${match}  -> ${actionText(rule.action)}`);
    }
  }
  out.push(...reasonLines(a.reasons, pad));

  for (const svc of r.services) {
    out.push(
      `${verdictTag(svc.verdict)}service ${svc.name} (cluster ${svc.cluster}, ${svc.status})  desired ${svc.desired}  running ${svc.running}  pending ${svc.pending}`,
    );
    out.push(...signalLines(svc.signals, r.signals, pad));
    out.push(...reasonLines(svc.reasons, pad));
    for (const tg of svc.targetGroups) out.push(...targetGroupLines(tg, pad));
    for (const d of svc.deployments)
      out.push(
        `${pad}deployment ${d.status} ${d.rolloutState ?? ''} ${d.taskDefinition}: ${d.running}/${d.desired} running, ${d.pending} pending, ${d.failedTasks} failed`,
      );
    for (const t of svc.tasks)
      out.push(
        `${pad}task ${t.id} ${t.lastStatus} ${t.ip ?? 'no ip'} ${t.availabilityZone ?? ''}  ${t.targets.map((x) => `${x.targetGroup} ${x.state}`).join(', ') || 'not a target'}`,
      );
    for (const g of svc.stoppedTasks)
      out.push(
        `${pad}stopped ${g.count} × ${g.reason}${g.stopCode ? ` (${g.stopCode})` : ''}: ${g.taskIds.slice(0, 3).join(', ')}`,
      );
    out.push(...stoppedTaskLogLines(svc.stoppedTaskLog, pad));
    for (const e of svc.events) out.push(`${pad}${c.dim(e.at ?? '')} ${e.message}`);
  }
  out.push(...signalsFooter(r.signals));
  for (const e of r.readErrors) out.push(`${c.warn('warning')} could not read ${e.what}: ${e.message}`);
  const counts = (['broken', 'degraded'] as const)
    .map((v) => `${r.hops.filter((h) => h.verdict === v).length} ${v}`)
    .join(', ');
  out.push('', `overall: ${WORD[r.verdict]} (${r.hops.length} hops: ${counts})`);
  return out.join('\n');
}
