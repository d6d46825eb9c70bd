/**
 * The trace engine: reads the live rail through observe's reader (load balancers, rules and target
 * health; no tasks, no sync state) and, when the request enters at API Gateway, the API side
 * alongside it (same rounds), then follows one request through both. Returns the report; the command
 * prints it.
 */
import type { AwsClients } from '../aws/clients.js';
import { readRail } from '../observe/read-rail.js';
import type { RailSelector } from '../observe/snapshot.js';
import type { ApiEntry } from './api-entry.js';
import type { TraceRequest } from './match-rules.js';
import type { TraceReport } from './model.js';
import { readApiFront } from './read-api-front.js';
import { traceApi } from './trace-api.js';
import { traceRequest } from './trace-route.js';

export interface ApiFrontInput {
  entry: ApiEntry;
  /** rail.yaml's stage name: which stage `--api` means when the API has several. */
  stageName?: string;
}

/** Traces one request (parsed from `url`) through the rail the selector names, from API Gateway with `api`. */
export async function traceRoute(
  aws: AwsClients,
  selector: RailSelector,
  request: TraceRequest,
  url: string,
  api?: ApiFrontInput,
): Promise<TraceReport> {
  // The API side starts with the load balancers' first calls: its two rounds fit inside their three.
  const [snap, front] = await Promise.all([
    // The API hop comes from readApiFront (what a request meets), never from status's API reads.
    readRail(aws, { ...selector, skipTasks: true, readSync: undefined, api: undefined }),
    api ? readApiFront(aws, api.entry, request.path) : undefined,
  ]);
  const step = front ? traceApi(front, request, snap, api?.stageName) : undefined;
  return traceRequest(snap, request, url, step);
}
