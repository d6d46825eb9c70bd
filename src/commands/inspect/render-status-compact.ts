/**
 * `status --watch` on a short terminal: the first line, then one line per hop (verdict, first reason,
 * the signals in words), so a redraw fits one screen.
 */
import type { HopVerdict, StatusReport } from '../../lib/status/model.js';
import { c } from '../output.js';
import { signalWords } from './render-signals.js';
import { headline, verdictTag } from './render-status.js';
import { apiTitle } from './render-status-api.js';

function hopLine(label: string, hop: HopVerdict, r: StatusReport): string {
  const first = hop.reasons.find((x) => x.level !== 'warning') ?? hop.reasons[0];
  const words = signalWords(hop.signals, r.signals);
  return [
    `${verdictTag(hop.verdict)}${label}`,
    ...(first ? [`${first.code}`] : []),
    ...(words ? [c.dim('|') + ` ${words}`] : []),
  ].join('  ');
}

export function renderStatusCompact(r: StatusReport): string {
  return [
    ...headline(r),
    ...(r.api ? [hopLine(apiTitle(r.api), r.api, r)] : []),
    ...(r.nlb.state === 'absent'
      ? []
      : [
          hopLine(`NLB ${r.nlb.name}`, r.nlb, r),
          hopLine(`static IPs (${r.staticIps.mode})`, r.staticIps, r),
        ]),
    hopLine(`ALB ${r.alb.name}`, r.alb, r),
    ...r.services.map((s) => hopLine(`service ${s.name}`, s, r)),
  ].join('\n');
}
