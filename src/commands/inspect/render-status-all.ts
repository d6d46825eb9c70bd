/**
 * The human view of `rails status --all`: a count line, then one line per rail with its verdict and,
 * when it is not ok, its first problem (the line `rails status` would put first for that rail).
 */
import type { AllRailsStatus } from '../../lib/status/all-rails-status.js';
import type { RailSummary } from '../../lib/status/rail-summary.js';
import { c } from '../output.js';
import { verdictTag } from './render-status.js';

function railLine(r: RailSummary, width: number): string[] {
  const name = (r.stage ?? r.nlb.name).padEnd(width);
  const p = r.firstProblem;
  if (!p) return [`${verdictTag('ok')}${name}  every hop ok`];
  return [
    `${verdictTag(r.verdict)}${name}  ${p.hop}: ${p.code}: ${p.message}`,
    ...(p.hint ? [`${' '.repeat(10 + width + 2)}${c.dim('hint:')} ${p.hint}`] : []),
  ];
}

export function renderAllRails(s: AllRailsStatus): string {
  if (s.rails.length === 0)
    return `no rails found in ${s.region}: no load balancer or ECS service carries rails's tags (rails:stage, rails:managed-by)`;
  const counts = (['ok', 'degraded', 'broken'] as const)
    .map((v) => [v, s.rails.filter((r) => r.verdict === v).length] as const)
    .filter(([, n]) => n > 0)
    .map(([v, n]) => `${n} ${v}`)
    .join(', ');
  const width = Math.max(...s.rails.map((r) => (r.stage ?? r.nlb.name).length));
  return [
    `${s.rails.length} rail${s.rails.length === 1 ? '' : 's'} in ${s.region}: ${counts}`,
    ...s.rails.flatMap((r) => railLine(r, width)),
  ].join('\n');
}
