/**
 * The control API's data-plane block: traffic sources and target behaviours (dataplane/traffic/
 * control.ts does the work). Kept apart from control/api.ts's own switch so other data-plane routes
 * can sit beside it without touching these.
 *
 *   GET    /_sandbox/traffic              sources, behaviours, simulatedUntil (and skipped catch-up)
 *   POST   /_sandbox/traffic              {urls, rps?, method?, durationMs?, entry?, headers?}: a source
 *   DELETE /_sandbox/traffic[/<id>]       stops one source or all
 *   GET    /_sandbox/targets              the target behaviours
 *   POST   /_sandbox/targets              {selector, errorRate?, status?, latencyMs?, timeoutRate?,
 *                                         resetRate?, failHealth?}: a behaviour
 *   DELETE /_sandbox/targets[/<id>]       removes one behaviour or all
 */
import { AwsError } from '../core/aws-error.js';
import type { Sandbox } from '../core/types.js';
import { findDataplane } from '../dataplane/index.js';
import {
  addBehaviour,
  listTraffic,
  removeBehaviour,
  startTraffic,
  stopTraffic,
} from '../dataplane/traffic/control.js';
import type { ServiceRouter } from '../http/routing.js';

/** For `info`: how much runs and how far the generator got (and what it skipped). */
export function trafficSummary(sb: Sandbox) {
  const t = listTraffic(sb);
  return {
    sources: t.traffic.length,
    behaviours: t.behaviours.length,
    simulatedUntil: t.simulatedUntil,
    skipped: t.skipped,
  };
}

/** The route's answer, or undefined when the path is not the data plane's. */
export async function trafficRoute(
  sb: Sandbox & { tick(): Promise<void> },
  router: ServiceRouter,
  method: string,
  parts: string[],
  body: () => any,
): Promise<{ value: unknown } | undefined> {
  const [what, id, ...rest] = parts;
  if ((what !== 'traffic' && what !== 'targets') || rest.length) return undefined;
  const dataplane = findDataplane(router.services);
  if (!dataplane) throw new AwsError('NotFound', 'this sandbox hosts no data plane', 404);
  // Whatever the call, the time up to now is simulated first: a stop counts what was sent until now.
  await sb.tick();
  if (what === 'traffic') {
    if (method === 'GET' && id === undefined) return { value: listTraffic(sb) };
    if (method === 'POST' && id === undefined)
      return { value: { source: startTraffic(sb, body(), dataplane.parts) } };
    if (method === 'DELETE') return { value: stopTraffic(sb, id) };
  } else {
    if (method === 'GET' && id === undefined) return { value: { behaviours: listTraffic(sb).behaviours } };
    if (method === 'POST' && id === undefined) return { value: { behaviour: addBehaviour(sb, body()) } };
    if (method === 'DELETE') return { value: removeBehaviour(sb, id) };
  }
  return undefined;
}
