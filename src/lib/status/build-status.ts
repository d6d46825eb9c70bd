/** The status model of a rail from its snapshot: pure, so every verdict rule is unit-testable. */

import type { RailSnapshot } from '../observe/snapshot.js';
import { buildAlb } from './build-alb.js';
import { buildApi } from './build-api.js';
import { buildNlb } from './build-nlb.js';
import { buildServices } from './build-services.js';
import { buildStaticIps } from './build-static-ips.js';
import type { HopVerdict, NlbStatus, StaticIpsStatus, StatusReport } from './model.js';
import { addSignals } from './signal-hops.js';
import { firstProblem, worst } from './verdict.js';

/** rail.yaml `staticIps: none` and no NLB: the rail has none by design, so neither hop is judged. */
function absentByDesign(snap: RailSnapshot): { nlb: NlbStatus; staticIps: StaticIpsStatus } | undefined {
  if (snap.selector.staticIps !== 'none' || snap.nlb) return undefined;
  return {
    nlb: {
      name: snap.selector.nlbName,
      state: 'absent',
      availabilityZones: [],
      listeners: [],
      verdict: 'ok',
      reasons: [],
    },
    staticIps: {
      mode: 'none',
      albIps: [],
      targetGroups: [],
      sync: { source: 'none' },
      verdict: 'ok',
      reasons: [],
    },
  };
}

export function buildStatus(snap: RailSnapshot): StatusReport {
  const absent = absentByDesign(snap);
  const nlb = absent?.nlb ?? buildNlb(snap);
  const staticIps = absent?.staticIps ?? buildStaticIps(snap, nlb);
  const alb = buildAlb(snap);
  const services = buildServices(snap);
  const api = buildApi(snap);
  const signals = addSignals(snap, { ...(api ? { api } : {}), nlb, staticIps, alb, services });
  // In traffic order: API Gateway → (VPC link) → NLB → static IPs → ALB → services.
  const hops: ({ hop: string } & HopVerdict)[] = [
    ...(api ? [{ hop: 'api', ...api }] : []),
    ...(absent
      ? []
      : [
          { hop: 'nlb', ...nlb },
          { hop: 'static-ips', ...staticIps },
        ]),
    { hop: 'alb', ...alb },
    ...services.map((s) => ({ hop: `service:${s.name}`, ...s })),
  ];
  const verdict = hops.reduce((v, h) => worst(v, h.verdict), 'ok' as StatusReport['verdict']);
  const first = firstProblem(hops);
  const reason = first?.reasons.find((r) => r.level === first.verdict);
  return {
    schemaVersion: 1,
    generatedAt: new Date(snap.readAt).toISOString(),
    ...(snap.selector.stage ? { stage: snap.selector.stage } : {}),
    discoveredBy: snap.selector.discoveredBy,
    verdict,
    ...(first && reason
      ? {
          firstProblem: {
            hop: first.hop,
            verdict: first.verdict,
            code: reason.code,
            message: reason.message,
            ...(reason.hint ? { hint: reason.hint } : {}),
          },
        }
      : {}),
    hops: hops.map((h) => ({ hop: h.hop, verdict: h.verdict })),
    ...(api ? { api } : {}),
    nlb,
    staticIps,
    alb,
    services,
    readErrors: snap.readErrors,
    ...(signals ? { signals } : {}),
  };
}
