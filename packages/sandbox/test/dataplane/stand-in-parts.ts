/**
 * Stand-ins for the routing and signals parts, so the generator and its control routes are tested on
 * their own: a host that names no load balancer cannot enter, every other request is answered by a
 * draw from the source's PRNG, and every hand-over is kept for the test to read.
 */
import type { DataplaneParts } from '../../src/dataplane/index.js';
import { requestFromUrl } from '../../src/dataplane/route/parse-request.js';
import type { RequestOutcome } from '../../src/dataplane/types.js';

export interface Recorder {
  parts: DataplaneParts;
  outcomes: RequestOutcome[];
  spans: Array<[number, number]>;
  tables: number;
}

export function standInParts(): Recorder {
  const r: Recorder = { outcomes: [], spans: [], tables: 0, parts: undefined as never };
  r.parts = {
    requestFromUrl,
    buildRoutingTable() {
      r.tables++;
      return {
        check: (req) =>
          req.host.endsWith('.amazonaws.com') ? undefined : `no load balancer has the name ${req.host}`,
        route: (req, random) => ({
          request: req,
          entry: 'nlb',
          client: { kind: 'response', status: random() < 0.25 ? 500 : 200 },
          totalMs: 1,
        }),
      };
    },
    recordOutcomes(_sb, outcomes) {
      r.outcomes.push(...outcomes);
    },
    advanceSignals(_sb, from, to) {
      r.spans.push([from, to]);
    },
  };
  return r;
}
