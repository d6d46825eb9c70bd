/** The human view of a trace: one numbered line per hop, the matched rule's conditions with ✓/✗ and words. */

import type { ConditionResult } from '../../lib/trace/match-rules.js';
import type { TracedTargetGroup, TraceReport } from '../../lib/trace/model.js';
import { c } from '../output.js';

function condition(x: ConditionResult): string {
  const mark = x.matched ? c.ok('✓ matches') : c.bad('✗ no match');
  return `${x.field} ${x.values.join(' | ')} ${mark} (${x.actual})`;
}

function group(t: TracedTargetGroup): string {
  const weight = t.weight === undefined ? '' : ` weight ${t.weight}`;
  const healthy = `${t.healthyTargets.length}/${t.totalTargets} healthy`;
  const targets = t.healthyTargets.length ? `: ${t.healthyTargets.join(', ')}` : '';
  const services = t.services.length ? ` -> service ${t.services.join(', ')}` : '';
  return `${t.name}${weight} (${healthy}${targets})${services}`;
}

export function renderTrace(r: TraceReport): string {
  const ok = r.outcome === 'forwarded' || r.outcome === 'redirected' || r.outcome === 'fixed-response';
  const out = [`${r.request.method} ${r.request.url}`];
  let n = 0;
  const step = (text: string) => out.push(`  ${++n}. ${text}`);
  if (r.nlb.listener) {
    step(
      `NLB ${r.nlb.name} ${r.nlb.listener.protocol}:${r.nlb.listener.port} -> ${r.nlb.targetGroups.map(group).join('; ')}`,
    );
    step(
      `ALB IPs: ${r.albIps.current.join(', ') || 'none'} (the NLB reaches ${r.albIps.reachable.length} of them)`,
    );
  }
  if (r.alb.listener)
    step(
      `ALB ${r.alb.name} ${r.alb.listener.protocol}:${r.alb.listener.port} (${r.rulesEvaluated} rules evaluated)`,
    );
  for (const miss of r.nearMisses)
    out.push(`     near miss: rule ${miss.priority}: ${miss.conditions.map(condition).join('; ')}`);
  if (r.rule)
    step(
      r.rule.isDefault
        ? 'no rule matched: the default rule takes it'
        : `rule ${r.rule.priority} matched: ${r.rule.conditions.map(condition).join('; ')}`,
    );
  const a = r.action;
  if (a && 'location' in a) step(`redirect ${a.statusCode} -> ${a.location}`);
  else if (a && a.type === 'fixed-response' && 'statusCode' in a)
    step(`fixed response ${a.statusCode}${'contentType' in a && a.contentType ? ` (${a.contentType})` : ''}`);
  else if (a && 'targetGroups' in a) for (const t of a.targetGroups) step(`forward -> ${group(t)}`);
  out.push('', `${ok ? c.ok('result:') : c.bad('fails:')} ${r.outcome}: ${r.summary}`);
  return out.join('\n');
}
