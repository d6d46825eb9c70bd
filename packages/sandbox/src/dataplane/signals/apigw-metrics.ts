/**
 * API Gateway's metrics (`AWS/ApiGateway`): `Count`, `4XXError`, `5XXError`, `Latency` and
 * `IntegrationLatency` per minute, with the dimensions AWS uses — REST `ApiName` + `Stage`, HTTP APIs
 * `ApiId` + `Stage`, whose error counts are named `4xx` and `5xx` ("Amazon API Gateway dimensions and
 * metrics", "HTTP API metrics", docs/aws-behaviour.md §11 and §12). The error metrics are published
 * as 0 in a minute with requests, as API Gateway does.
 */
import type { Sandbox } from '../../core/types.js';
import { recordDatapoints } from '../../services/cloudwatch/index.js';
import type { ApiGatewayLeg } from '../types.js';

const NS = 'AWS/ApiGateway';

export interface ApigwCounters {
  /** Absent in counters written before HTTP APIs got their own metric names: REST. */
  kind?: 'rest' | 'http';
  dims: Record<string, string>;
  count: number;
  errors4xx: number;
  errors5xx: number;
  latencies: number[];
  integrationLatencies: number[];
}

/** Counts one request API Gateway answered into its minute's counters (keyed by dimensions). */
export function countApigw(counters: Record<string, ApigwCounters>, leg: ApiGatewayLeg): void {
  if (!leg.apiId || !leg.stage) return;
  const dims: Record<string, string> =
    leg.kind === 'rest'
      ? { ApiName: leg.apiName ?? leg.apiId, Stage: leg.stage }
      : { ApiId: leg.apiId, Stage: leg.stage };
  const key = JSON.stringify(dims);
  counters[key] ??= {
    kind: leg.kind,
    dims,
    count: 0,
    errors4xx: 0,
    errors5xx: 0,
    latencies: [],
    integrationLatencies: [],
  };
  const c = counters[key];
  c.count++;
  if (leg.status >= 400 && leg.status < 500) c.errors4xx++;
  if (leg.status >= 500) c.errors5xx++;
  c.latencies.push(leg.latencyMs);
  if (leg.integrationLatencyMs !== undefined) c.integrationLatencies.push(leg.integrationLatencyMs);
}

export function publishApigw(
  sb: Sandbox,
  at: number,
  counters: Record<string, ApigwCounters> | undefined,
): void {
  for (const c of Object.values(counters ?? {})) {
    recordDatapoints(sb, NS, 'Count', c.dims, at, [c.count], 'Count');
    const http = c.kind === 'http' || 'ApiId' in c.dims;
    recordDatapoints(sb, NS, http ? '4xx' : '4XXError', c.dims, at, [c.errors4xx], 'Count');
    recordDatapoints(sb, NS, http ? '5xx' : '5XXError', c.dims, at, [c.errors5xx], 'Count');
    if (c.latencies.length) recordDatapoints(sb, NS, 'Latency', c.dims, at, c.latencies, 'Milliseconds');
    if (c.integrationLatencies.length)
      recordDatapoints(sb, NS, 'IntegrationLatency', c.dims, at, c.integrationLatencies, 'Milliseconds');
  }
}
