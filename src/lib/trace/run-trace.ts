/** `rails route trace`: resolve the rail, read it (no tasks), trace the request, print. */

import { readRail } from '../observe/read-rail.js';
import { json, result } from '../output.js';
import { resolveSelector, type SelectorInput } from '../status/selector.js';
import type { TraceReport } from './model.js';
import { renderTrace } from './render-trace.js';
import { parseTraceRequest, type TraceInput, traceRequest } from './trace-route.js';

/** Traces one request through the live rail. */
export async function traceRoute(input: TraceInput & SelectorInput): Promise<TraceReport> {
  // Bad input fails before any AWS call.
  const req = parseTraceRequest(input);
  const selector = await resolveSelector({ ...input, service: undefined });
  const snap = await readRail(input.aws, { ...selector, skipTasks: true, readSync: undefined });
  return traceRequest(snap, req, input.url);
}

/** 0 when the ALB answers the request (forward to healthy targets, redirect, fixed response), else 1. */
export function traceExitCode(r: TraceReport): number {
  return r.outcome === 'forwarded' || r.outcome === 'redirected' || r.outcome === 'fixed-response' ? 0 : 1;
}

export async function runTrace(input: TraceInput & SelectorInput & { json: boolean }): Promise<number> {
  const report = await traceRoute(input);
  if (input.json) json(report);
  else result(renderTrace(report));
  return traceExitCode(report);
}
