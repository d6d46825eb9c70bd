/**
 * Joins the traffic signals to the hops of the status model: each hop gets its `signals` and the
 * reasons the signals give join its own, so the verdict, `firstProblem` and the exit code follow from
 * them as from any other reason. Service hops take the signals of their target groups and of their
 * ECS service.
 */
import type { RailSnapshot } from '../observe/snapshot.js';
import { API_HOP, apiSignals } from '../signals/api.js';
import type { SignalsSummary } from '../signals/model.js';
import { ecsServiceHop, targetGroupHop } from '../signals/plan.js';
import { formatSince } from '../signals/since.js';
import {
  albSignals,
  type HopSignalVerdict,
  nlbSignals,
  type QueryData,
  serviceSignals,
  syncSignals,
} from '../signals/verdicts.js';
import type { AlbStatus, ApiStatus, HopVerdict, NlbStatus, ServiceStatus, StaticIpsStatus } from './model.js';
import { judge } from './verdict.js';

function apply(hop: HopVerdict, verdict: HopSignalVerdict): void {
  Object.assign(hop, judge([...hop.reasons, ...verdict.reasons]), { signals: verdict.signals });
}

/** Adds signals to the hops (in place); returns the report's summary, undefined when not read. */
export function addSignals(
  snap: RailSnapshot,
  hops: {
    api?: ApiStatus;
    nlb: NlbStatus;
    staticIps: StaticIpsStatus;
    alb: AlbStatus;
    services: ServiceStatus[];
  },
): SignalsSummary | undefined {
  const read = snap.signals;
  const wanted = snap.selector.signals;
  if (!read || !wanted) return undefined;
  const summary: SignalsSummary = {
    window: {
      start: new Date(read.window.start).toISOString(),
      end: new Date(read.window.end).toISOString(),
      since: formatSince(wanted.sinceMs),
      verdictMinutes: 5,
    },
    thresholds: wanted.thresholds,
    calls: read.calls,
    queries: read.queries.length,
    ...(read.error ? { error: read.error } : {}),
  };
  // A failed read leaves the hops without signals: no datapoints there means "unknown", not "no traffic".
  if (read.error) return summary;
  const byHop = new Map<string, QueryData[]>();
  for (const query of read.queries) {
    const list = byHop.get(query.hop) ?? [];
    list.push({ query, ...(read.results[query.id] ? { data: read.results[query.id] } : {}) });
    byHop.set(query.hop, list);
  }
  const of = (hop: string) => byHop.get(hop) ?? [];
  const t = wanted.thresholds;
  const w = read.window;
  const api = hops.api;
  if (api && api.type !== 'unknown' && of(API_HOP).length)
    apply(api, apiSignals(api.type, of(API_HOP), w, t));
  if (hops.nlb.arn) apply(hops.nlb, nlbSignals(of('nlb'), w, t));
  if (of('static-ips').length && hops.staticIps.mode !== 'none')
    apply(hops.staticIps, syncSignals(of('static-ips'), w, t));
  if (hops.alb.arn) apply(hops.alb, albSignals(of('alb'), w, t));
  for (const s of hops.services) {
    // A service rail.yaml declares but ECS lacks has no metrics of its own.
    if (s.status === 'not-found') continue;
    const entries = [
      ...s.targetGroups.flatMap((tg) => of(targetGroupHop(tg.arn))),
      ...of(ecsServiceHop(s.cluster, s.name)),
    ];
    apply(s, serviceSignals(entries, w, t));
  }
  return summary;
}
