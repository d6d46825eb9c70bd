/**
 * The trace engine: reads the live rail through observe's reader (load balancers, rules and target
 * health; no tasks, no sync state) and follows one request through it. Returns the report; the
 * command prints it.
 */
import type { AwsClients } from '../aws/clients.js';
import { readRail } from '../observe/read-rail.js';
import type { RailSelector } from '../observe/snapshot.js';
import type { TraceRequest } from './match-rules.js';
import type { TraceReport } from './model.js';
import { traceRequest } from './trace-route.js';

/** Traces one request (parsed from `url`) through the rail the selector names. */
export async function traceRoute(
  aws: AwsClients,
  selector: RailSelector,
  request: TraceRequest,
  url: string,
): Promise<TraceReport> {
  const snap = await readRail(aws, { ...selector, skipTasks: true, readSync: undefined });
  return traceRequest(snap, request, url);
}
