/**
 * `rails status` in the terminal: resolve which rail, call the status engine once or every few seconds
 * (--watch), and print each model as text or JSON. The exit code follows the last model's verdict.
 */
import { UsageError } from '../../lib/errors.js';
import type { RailSelector } from '../../lib/observe/snapshot.js';
import { DEFAULT_THRESHOLDS } from '../../lib/signals/model.js';
import { DEFAULT_SINCE, parseSignalsSince } from '../../lib/signals/since.js';
import { sleep } from '../../lib/sleep.js';
import type { StatusReport } from '../../lib/status/model.js';
import { railStatus } from '../../lib/status/rail-status.js';
import { json, jsonLine, result } from '../output.js';
import { renderStatus } from './render-status.js';
import { renderStatusCompact } from './render-status-compact.js';
import { resolveSelector, type SelectorInput } from './select-rail.js';

export interface StatusOptions extends SelectorInput {
  /** Seconds between redraws; undefined: print once. */
  watchSeconds?: number;
  /** Print the model as JSON (one line per pass under --watch). */
  json: boolean;
  signal: AbortSignal;
  /** `--since`: the signals' window (default 15m). */
  since?: string;
  /** false with --no-signals: CloudWatch is not read. */
  signals: boolean;
}

/** 0 when every hop is ok, 1 when any is degraded or broken. */
export function exitCodeOf(report: StatusReport): number {
  return report.verdict === 'ok' ? 0 : 1;
}

/** Parses `--watch [seconds]`: true (no value) means every 5 s. */
export function parseWatch(value: unknown): number | undefined {
  if (value === undefined || value === false) return undefined;
  if (value === true) return 5;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 1 || n > 3600)
    throw new UsageError(`--watch ${value}: expected seconds between 1 and 3600`, {
      hint: 'e.g. --watch 10, or --watch alone for 5 s',
    });
  return n;
}

/** The whole report when it fits the terminal's rows, else one line per hop. */
function screenful(report: StatusReport): string {
  const full = renderStatus(report);
  const rows = process.stdout.rows;
  return rows && full.split('\n').length + 1 > rows ? renderStatusCompact(report) : full;
}

/** Runs `status` as the command does; returns the exit code. */
export async function runStatus(opts: StatusOptions): Promise<number> {
  // Bad --since is a usage error before any AWS call.
  const sinceMs = opts.signals ? parseSignalsSince(opts.since ?? DEFAULT_SINCE) : undefined;
  const selector: RailSelector = await resolveSelector(opts);
  if (sinceMs !== undefined) {
    // rail.yaml's thresholds for its own rail; AWS-wide defaults for a rail named by --nlb/--alb.
    const config = selector.discoveredBy === 'config' ? await opts.loadConfig() : undefined;
    selector.signals = { sinceMs, thresholds: config?.signals ?? DEFAULT_THRESHOLDS };
  }
  if (opts.watchSeconds === undefined) {
    const report = await railStatus(opts.aws, selector);
    if (opts.json) json(report);
    else result(renderStatus(report));
    return exitCodeOf(report);
  }
  // Redraw in place on a terminal; elsewhere (pipes, CI) print each pass after the previous one.
  const inPlace = process.stdout.isTTY === true && !opts.json;
  let code = 0;
  while (!opts.signal.aborted) {
    const report = await railStatus(opts.aws, selector);
    code = exitCodeOf(report);
    if (opts.json) jsonLine(report);
    else if (inPlace)
      result(`\x1b[H\x1b[2J${screenful(report)}\n(every ${opts.watchSeconds} s; Ctrl-C stops)`);
    else result(`${renderStatus(report)}\n`);
    // Ctrl-C ends the wait early (sleep rejects); the loop's condition then ends the watch.
    await sleep(opts.watchSeconds * 1000, opts.signal).catch(() => undefined);
  }
  return code;
}
