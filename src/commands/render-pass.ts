/**
 * One sync pass as `rails sync-ips` prints it: a JSON line under --json (a contract, see README
 * "rails sync-ips"), else a block per target group with what was (or would be) registered,
 * deregistered, pending and left alone.
 */

import type { PassReport, TargetGroupReport } from '../lib/sync/report.js';
import { c, jsonLine, outputSettings, result } from './output.js';

function list(items: string[]): string {
  return items.length ? items.join(', ') : '-';
}

function verdict(tg: TargetGroupReport, dryRun: boolean): string {
  if (!tg.ok) return c.bad('FAILED');
  if (tg.matches) return c.ok(dryRun ? 'would match the ALB' : 'matches the ALB');
  const left = [
    tg.pending.length && `${tg.pending.length} pending`,
    tg.foreign.length && `${tg.foreign.length} at another port`,
  ].filter(Boolean);
  return c.warn(`does not match the ALB yet${left.length ? ` (${left.join(', ')})` : ''}`);
}

/** Prints one pass: a JSON line under --json, else a block per target group. */
export function printPass(report: PassReport): void {
  if (outputSettings().json) {
    jsonLine(report);
    return;
  }
  const head = report.dryRun ? 'dry run (nothing changed)' : 'pass';
  result(
    `${head} ${report.at}  ALB ${report.alb.name}: ${report.ips.length ? `${report.ips.length} IPs (${report.source})` : c.bad(`no IPs (${report.source})`)}`,
  );
  const would = report.dryRun ? 'would ' : '';
  const row = (label: string, text: string) => result(`    ${label.padEnd(20)}${text}`);
  for (const tg of report.targetGroups) {
    result(`  ${c.bold(tg.name)} (port ${tg.port}): ${verdict(tg, report.dryRun)}`);
    row(`${would}register`, list(tg.registered));
    row(`${would}deregister`, list(tg.deregistered));
    row(
      'pending',
      list(tg.pending.map((p) => `${p.ip} (${p.misses}/${p.of}${p.held ? ', held: last live target' : ''})`)),
    );
    if (tg.foreign.length) row('other ports', `${list(tg.foreign)} (left alone)`);
    if (tg.stateFrom !== 'seed-patch' && tg.stateFrom !== 'none')
      result(`    counters read from the original Lambda's ${tg.stateFrom} files`);
    for (const e of tg.errors)
      result(`    ${c.bad('error')}  ${e.step}: ${e.code ? `${e.code}: ` : ''}${e.message}`);
  }
  if (report.metrics.error)
    result(`  ${c.bad('error')}  metrics: ${report.metrics.error} (the target changes above stand)`);
}
