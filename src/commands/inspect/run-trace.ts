/** `rails route trace` in the terminal: parse the request, resolve the rail, trace, print, exit code. */

import type { RailConfig } from '../../lib/config/schema.js';
import { UsageError } from '../../lib/errors.js';
import { apiEntry, type RailApi } from '../../lib/trace/api-entry.js';
import type { TraceReport } from '../../lib/trace/model.js';
import { type ApiFrontInput, traceRoute } from '../../lib/trace/trace-live-rail.js';
import { parseTraceRequest, type TraceInput } from '../../lib/trace/trace-route.js';
import { json, result } from '../output.js';
import { renderTrace } from './render-trace.js';
import { resolveSelector, type SelectorInput } from './select-rail.js';

/** 0 when the ALB answers the request (forward to healthy targets, redirect, fixed response), else 1. */
export function traceExitCode(r: TraceReport): number {
  return r.outcome === 'forwarded' || r.outcome === 'redirected' || r.outcome === 'fixed-response' ? 0 : 1;
}

export interface TraceFlags {
  /** `--api <id|name>`: start at this API. */
  api?: string;
  /** `--from nlb`: skip API Gateway and start at the NLB. */
  from?: string;
}

/** rail.yaml's front door, as the trace needs it. */
function railApi(config: RailConfig | undefined): RailApi | undefined {
  const api = config?.apiGateway;
  if (!config || !api) return undefined;
  return {
    type: api.type,
    name: api.name ?? `${config.stage}-api`,
    stageName: api.stageName,
    ...(api.domainName ? { domainName: api.domainName } : {}),
  };
}

export async function runTrace(
  input: TraceInput & SelectorInput & TraceFlags & { json: boolean },
): Promise<number> {
  // Bad input fails before any AWS call, and before rail.yaml is looked for.
  const request = parseTraceRequest(input);
  if (input.from !== undefined && input.from !== 'nlb' && input.from !== 'api')
    throw new UsageError(`--from ${input.from}: not a hop to start at`, {
      hint: '--from nlb skips API Gateway; --from api starts there (the default when the URL is the API’s)',
    });
  if (input.from === 'nlb' && input.api)
    throw new UsageError('--from nlb and --api contradict each other', {
      hint: 'give --api to start at that API, or --from nlb to skip API Gateway',
    });
  const selector = await resolveSelector({ ...input, service: undefined });
  // With --nlb/--alb the rail is any rail: rail.yaml is not read, and only the URL or --api names an API.
  const rail = selector.discoveredBy === 'config' ? railApi(await input.loadConfig()) : undefined;
  const entry = input.from === 'nlb' ? undefined : apiEntry(request.host, rail, input.api);
  if (input.from === 'api' && !entry)
    throw new UsageError(`--from api: ${request.host} is not an API's host and no --api is given`, {
      hint: rail?.domainName
        ? `trace https://${rail.domainName}/…, the API's execute-api URL, or give --api <id|name>`
        : 'trace the API’s execute-api URL (https://<api-id>.execute-api.<region>.amazonaws.com/…) or give --api <id|name>',
    });
  const front: ApiFrontInput | undefined = entry
    ? { entry, ...(rail ? { stageName: rail.stageName } : {}) }
    : undefined;
  const report = await traceRoute(input.aws, selector, request, input.url, front);
  if (input.json) json(report);
  else result(renderTrace(report));
  return traceExitCode(report);
}
