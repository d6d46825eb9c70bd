/**
 * The API hop's signals (API Gateway in front of the rail): its queries and its verdicts, pure, for the
 * API hop to plug in. REST APIs publish `Count`, `4XXError`, `5XXError`, `Latency` and
 * `IntegrationLatency` by `ApiName` + `Stage`; HTTP APIs publish `Count`, `4xx`, `5xx`, `Latency` and
 * `IntegrationLatency` by `ApiId` + `Stage` (docs/aws-behaviour.md §12, "Other namespaces"). Latencies
 * are in milliseconds.
 */
import { seconds } from './format.js';
import type { SignalInputs, SignalReason, SignalThresholds, SignalWindow } from './model.js';
import type { Draft } from './plan.js';
import { lastMinutes, sum } from './series.js';
import {
  type HopSignalVerdict,
  hopSignals,
  LAST,
  pick,
  type QueryData,
  share,
  shareReasons,
  worstOf,
} from './verdicts.js';

/** The API and stage whose metrics to read. */
export type ApiRef =
  | { kind: 'rest'; apiName: string; stage: string }
  | { kind: 'http'; apiId: string; stage: string };

/** The hop key of the API's queries. */
export const API_HOP = 'api';

/** Metric names by API kind: HTTP APIs spell the error counts in lower case. */
function names(kind: ApiRef['kind']) {
  return kind === 'rest'
    ? { errors4xx: '4XXError', errors5xx: '5XXError' }
    : { errors4xx: '4xx', errors5xx: '5xx' };
}

/** `Count`, 4xx and 5xx (Sum), `Latency` and `IntegrationLatency` (p99) of one API stage. */
export function apiQueries(api: ApiRef): Draft[] {
  const dimensions: Record<string, string> =
    api.kind === 'rest' ? { ApiName: api.apiName, Stage: api.stage } : { ApiId: api.apiId, Stage: api.stage };
  const n = names(api.kind);
  const q = (metric: string, stat: string): Draft => ({
    hop: API_HOP,
    namespace: 'AWS/ApiGateway',
    metric,
    dimensions,
    stat,
  });
  return [
    q('Count', 'Sum'),
    q(n.errors4xx, 'Sum'),
    q(n.errors5xx, 'Sum'),
    q('Latency', 'p99'),
    q('IntegrationLatency', 'p99'),
  ];
}

/** `Api.5xx` by the share of requests answered 5xx; `Api.Latency` when the worst minute's p99 is above the threshold. */
export function apiSignals(
  kind: ApiRef['kind'],
  entries: QueryData[],
  window: SignalWindow,
  t: SignalThresholds,
): HopSignalVerdict {
  const n = names(kind);
  const last = (m: string) => sum(lastMinutes(pick(entries, m, 'Sum'), window));
  const errors5xx = last(n.errors5xx);
  const errors4xx = last(n.errors4xx);
  const requests = Math.max(last('Count'), errors5xx);
  const reasons: SignalReason[] = shareReasons(
    [
      {
        code: 'Api.5xx',
        errors: errors5xx,
        what: 'answered 5xx by the API',
        hint: 'a 5xx at the API with none further down is the integration: the VPC link, or the NLB it points at (see the hops below)',
      },
    ],
    requests,
    'requests',
    t,
  );
  const latencyMs = worstOf(entries, 'Latency', 'p99', window);
  const integrationMs = worstOf(entries, 'IntegrationLatency', 'p99', window);
  if (latencyMs !== undefined && latencyMs / 1000 > t.apiLatencyP99Seconds)
    reasons.push({
      level: 'degraded',
      code: 'Api.Latency',
      message: `p99 latency ${seconds(latencyMs / 1000)} (threshold ${seconds(t.apiLatencyP99Seconds)})${integrationMs !== undefined ? `, ${seconds(integrationMs / 1000)} of it in the integration` : ''} ${LAST}`,
      hint: 'most of it in the integration: the rail behind the API is slow (see the service p99); else the API itself (authorizers, mapping)',
    });
  const inputs: SignalInputs = {
    requests,
    errors: errors5xx,
    ...(requests > 0 ? { errorPercent: share(errors5xx, requests) } : {}),
    errorsByKind: { api5xx: errors5xx, api4xx: errors4xx },
    ...(latencyMs !== undefined ? { p99Seconds: latencyMs / 1000 } : {}),
  };
  return { reasons, signals: hopSignals(entries, window, pick(entries, 'Count', 'Sum'), inputs) };
}
