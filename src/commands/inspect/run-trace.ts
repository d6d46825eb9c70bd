/** `rails route trace` in the terminal: parse the request, resolve the rail, trace, print, exit code. */

import type { TraceReport } from '../../lib/trace/model.js';
import { traceRoute } from '../../lib/trace/trace-live-rail.js';
import { parseTraceRequest, type TraceInput } from '../../lib/trace/trace-route.js';
import { json, result } from '../output.js';
import { renderTrace } from './render-trace.js';
import { resolveSelector, type SelectorInput } from './select-rail.js';

/** 0 when the ALB answers the request (forward to healthy targets, redirect, fixed response), else 1. */
export function traceExitCode(r: TraceReport): number {
  return r.outcome === 'forwarded' || r.outcome === 'redirected' || r.outcome === 'fixed-response' ? 0 : 1;
}

export async function runTrace(input: TraceInput & SelectorInput & { json: boolean }): Promise<number> {
  // Bad input fails before any AWS call, and before rail.yaml is looked for.
  const request = parseTraceRequest(input);
  const selector = await resolveSelector({ ...input, service: undefined });
  const report = await traceRoute(input.aws, selector, request, input.url);
  if (input.json) json(report);
  else result(renderTrace(report));
  return traceExitCode(report);
}
