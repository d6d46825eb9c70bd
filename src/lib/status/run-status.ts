/** `rails status`: read the rail, build the model, print it (or its JSON), once or every few seconds. */
import type { AwsClients } from '../aws/clients.js';
import { UsageError } from '../errors.js';
import { readRail } from '../observe/read-rail.js';
import { json, jsonLine, outputSettings, result } from '../output.js';
import { buildStatus } from './build-status.js';
import type { StatusReport } from './model.js';
import { renderStatus } from './render-status.js';
import { resolveSelector, type SelectorInput } from './selector.js';

export interface StatusOptions extends SelectorInput {
  aws: AwsClients;
  /** Seconds between redraws; undefined: print once. */
  watchSeconds?: number;
  signal: AbortSignal;
}

/** Reads the rail once and returns its status model. */
export async function railStatus(input: SelectorInput): Promise<StatusReport> {
  const selector = await resolveSelector(input);
  const report = buildStatus(await readRail(input.aws, selector));
  if (selector.service && report.services.length === 0)
    throw new UsageError(
      `--service ${selector.service}: no ECS service of that name feeds the ALB ${selector.albName}`,
      {
        hint: 'run `rails status` without --service to see the services of the rail',
      },
    );
  return report;
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

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}

/** Runs `status` as the command does; returns the exit code. */
export async function runStatus(opts: StatusOptions): Promise<number> {
  const asJson = outputSettings().json;
  if (opts.watchSeconds === undefined) {
    const report = await railStatus(opts);
    if (asJson) json(report);
    else result(renderStatus(report));
    return exitCodeOf(report);
  }
  // Redraw in place on a terminal; elsewhere (pipes, CI) print each pass after the previous one.
  const inPlace = process.stdout.isTTY === true && !asJson;
  let code = 0;
  while (!opts.signal.aborted) {
    const report = await railStatus(opts);
    code = exitCodeOf(report);
    if (asJson) jsonLine(report);
    else if (inPlace)
      result(`\x1b[H\x1b[2J${renderStatus(report)}\n(every ${opts.watchSeconds} s; Ctrl-C stops)`);
    else result(`${renderStatus(report)}\n`);
    await sleep(opts.watchSeconds * 1000, opts.signal);
  }
  return code;
}
