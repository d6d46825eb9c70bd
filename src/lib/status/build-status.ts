/** The status model of a rail from its snapshot: pure, so every verdict rule is unit-testable. */

import type { RailSnapshot } from '../observe/snapshot.js';
import { buildAlb } from './build-alb.js';
import { buildNlb } from './build-nlb.js';
import { buildServices } from './build-services.js';
import { buildStaticIps } from './build-static-ips.js';
import type { HopVerdict, StatusReport } from './model.js';
import { addSignals } from './signal-hops.js';
import { firstProblem, worst } from './verdict.js';

export function buildStatus(snap: RailSnapshot): StatusReport {
  const nlb = buildNlb(snap);
  const staticIps = buildStaticIps(snap, nlb);
  const alb = buildAlb(snap);
  const services = buildServices(snap);
  const signals = addSignals(snap, { nlb, staticIps, alb, services });
  const hops: ({ hop: string } & HopVerdict)[] = [
    { hop: 'nlb', ...nlb },
    { hop: 'static-ips', ...staticIps },
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
    nlb,
    staticIps,
    alb,
    services,
    readErrors: snap.readErrors,
    ...(signals ? { signals } : {}),
  };
}
