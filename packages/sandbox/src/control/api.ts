/**
 * The control API under `/_sandbox/` (JSON in, JSON out), for tests, demos and `rails sandbox <verb>`:
 *
 *   GET    /_sandbox/info                 endpoint, DNS address, region, settings, services
 *   GET    /_sandbox/state                the whole state (and the sandbox clock)
 *   POST   /_sandbox/state/reset          {empty?}: back to a fresh (seeded) environment
 *   GET    /_sandbox/requests             the request log (?service=&operation=&since=<seq>&accessKeyId=)
 *   GET    /_sandbox/requests/rounds      the round depth of the same slice (core/request-log.ts roundsOf)
 *   DELETE /_sandbox/requests             clears it
 *   GET    /_sandbox/faults               active faults and latency rules
 *   POST   /_sandbox/faults               adds a fault (core/faults.ts FaultSpec)
 *   DELETE /_sandbox/faults[/<id>]        removes one or all faults and latency rules
 *   POST   /_sandbox/latency              {ms, service?, operation?, mutatingOnly?}
 *   POST   /_sandbox/settings             {timeScale?, provisionMs?, ...}
 *   POST   /_sandbox/clock/advance        {ms}: moves sandbox time forward
 *   POST   /_sandbox/tick                 runs the reconcilers now
 *   POST   /_sandbox/traffic/route        {url, method?, headers?, entry?}: one request routed now
 *   GET|POST|DELETE /_sandbox/traffic[/<id>], /_sandbox/targets[/<id>]
 *                                         the data plane's traffic sources and target behaviours
 *                                         (control/traffic-routes.ts)
 *   POST   /_sandbox/<service>/<verb>     a service's own verb (e.g. elbv2/rotate-ips); <service> is
 *                                         the folder name (ec2, elbv2, ecs, s3, iam, lambda, events,
 *                                         cloudwatch, sts, acm) or the signing name
 *
 * Every call carries the sandbox's token in `x-rails-sandbox-token` (control-token.ts); without it, or
 * with another, the answer is 403 and nothing is read or changed.
 */
import { AwsError } from '../core/aws-error.js';
import type { FaultSpec } from '../core/faults.js';
import { validateFault } from '../core/faults.js';
import type { RequestFilter } from '../core/request-log.js';
import { mergeSettings } from '../core/settings.js';
import type { RawResponse } from '../core/types.js';
import { findDataplane } from '../dataplane/index.js';
import { routeOnce } from '../dataplane/route/route-once.js';
import { folderOf } from '../http/routing.js';
import type { SandboxCore } from '../http/server.js';
import type { IncomingRequest } from '../protocols/codecs.js';
import { CONTROL_TOKEN_HEADER, tokenMatches } from './control-token.js';
import { trafficRoute, trafficSummary } from './traffic-routes.js';

class ControlError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly code = 'BadRequest',
  ) {
    super(message);
  }
}

function reply(status: number, value: unknown): RawResponse {
  return { status, headers: { 'content-type': 'application/json' }, body: JSON.stringify(value) };
}

function bodyOf(req: IncomingRequest): any {
  if (req.body.length === 0) return {};
  try {
    return JSON.parse(req.body.toString('utf8'));
  } catch (err) {
    throw new ControlError(400, `the request body is not JSON: ${(err as Error).message}`);
  }
}

/** Extra facts `info` reports that only the starter knows, and the token calls must carry. */
export interface ControlExtras {
  stateFile?: string;
  startedAt: string;
  token: string;
  verifySignatures: boolean;
}

/** Why a call is refused for its token, or undefined when it carries the right one. */
function tokenProblem(req: IncomingRequest, token: string): string | undefined {
  const given = req.headers[CONTROL_TOKEN_HEADER];
  if (given === undefined) {
    return `The control API needs this sandbox's token in the ${CONTROL_TOKEN_HEADER} header (\`rails sandbox\` prints it as RAILS_SANDBOX_TOKEN and writes it to sandbox.token beside its state).`;
  }
  return tokenMatches(token, given) ? undefined : "The token is not this sandbox's.";
}

export function controlHandler(core: SandboxCore, extras: ControlExtras) {
  return async (req: IncomingRequest): Promise<RawResponse> => {
    const refused = tokenProblem(req, extras.token);
    if (refused) return reply(403, { error: { code: 'Forbidden', message: refused } });
    const release = await core.store?.lock.acquire();
    try {
      if (core.store?.reloadIfChanged(core.sb)) core.sb.initServices();
      const value = await route(core, extras, req);
      if (core.store?.due(core.sb)) core.store.save(core.sb);
      return reply(200, value ?? {});
    } catch (err) {
      if (err instanceof ControlError)
        return reply(err.status, { error: { code: err.code, message: err.message } });
      if (err instanceof AwsError)
        return reply(err.status, { error: { code: err.code, message: err.message } });
      return reply(500, {
        error: { code: 'InternalError', message: (err as Error)?.message ?? String(err) },
      });
    } finally {
      release?.();
    }
  };
}

/** The log slice a `requests` call names in its query. */
function requestFilter(req: IncomingRequest): RequestFilter {
  const since = req.query.get('since');
  if (since !== null && !/^\d+$/.test(since))
    throw new ControlError(400, `since must be a sequence number (0, 1, 2...), not '${since}'`);
  return {
    service: req.query.get('service') ?? undefined,
    operation: req.query.get('operation') ?? undefined,
    accessKeyId: req.query.get('accessKeyId') ?? undefined,
    since: since === null ? undefined : Number(since),
  };
}

async function route(core: SandboxCore, extras: ControlExtras, req: IncomingRequest): Promise<unknown> {
  const { sb, log, faults, router } = core;
  const parts = req.path.split('/').filter(Boolean).slice(1); // drop `_sandbox`
  const key = `${req.method} ${parts.join('/')}`;
  switch (key) {
    case 'GET info':
      return {
        endpoint: sb.endpoint,
        dns: sb.dns,
        region: sb.region,
        accountId: sb.accountId,
        settings: sb.settings,
        clock: { now: new Date(sb.clock.now()).toISOString(), timeScale: sb.clock.timeScale },
        services: router.services.map((s) => ({
          folder: folderOf(s),
          signingName: s.signingName,
          protocol: s.protocol,
          controlVerbs: Object.keys(s.control ?? {}),
        })),
        stateFile: extras.stateFile ?? null,
        startedAt: extras.startedAt,
        signatures: extras.verifySignatures ? 'verified' : 'unchecked',
        errors: sb.tickerErrors,
        ...(findDataplane(router.services) ? { traffic: trafficSummary(sb) } : {}),
        // For benches and operators: the CPU this process has used so far.
        process: {
          pid: process.pid,
          cpuUserMs: process.cpuUsage().user / 1000,
          cpuSystemMs: process.cpuUsage().system / 1000,
        },
      };
    case 'GET state':
      await sb.tick();
      return { clock: { now: sb.clock.now(), timeScale: sb.clock.timeScale }, state: sb.state };
    case 'POST state/reset':
      sb.reset(bodyOf(req).empty === true);
      return { reset: true };
    case 'GET requests':
      return { requests: log.list(requestFilter(req)) };
    case 'GET requests/rounds':
      return log.rounds(requestFilter(req));
    case 'DELETE requests':
      log.reset();
      return { cleared: true };
    case 'GET faults':
      return faults.list();
    case 'POST faults': {
      const spec = bodyOf(req) as FaultSpec;
      const problems = validateFault(spec);
      if (problems.length) throw new ControlError(400, `bad fault: ${problems.join('; ')}`);
      return { fault: faults.add(spec) };
    }
    case 'DELETE faults':
      faults.clear();
      return { cleared: true };
    case 'POST latency': {
      const b = bodyOf(req);
      const ms = Number(b.ms);
      if (!Number.isFinite(ms) || ms < 0) throw new ControlError(400, 'latency needs ms >= 0');
      faults.setLatency({ ...b, ms });
      return faults.list();
    }
    case 'POST settings': {
      const b = bodyOf(req);
      const problems = mergeSettings(sb.settings, b);
      if (problems.length) throw new ControlError(400, problems.join('; '));
      if (b.timeScale !== undefined) sb.setTimeScale(Number(b.timeScale));
      return { settings: sb.settings };
    }
    case 'POST clock/advance': {
      const ms = Number(bodyOf(req).ms);
      if (!Number.isFinite(ms) || ms < 0) throw new ControlError(400, 'clock/advance needs ms >= 0');
      sb.clock.advance(ms);
      sb.markDirty();
      await sb.tick();
      return { now: new Date(sb.clock.now()).toISOString() };
    }
    case 'POST tick':
      await sb.tick();
      return { ticked: true };
    case 'POST traffic/route':
      await sb.tick();
      return routeOnce(sb, bodyOf(req));
  }
  // The data plane's traffic and target routes (control/traffic-routes.ts).
  const traffic = await trafficRoute(sb, router, req.method, parts, () => bodyOf(req));
  if (traffic) return traffic.value;
  if (req.method === 'DELETE' && parts[0] === 'faults' && parts.length === 2) {
    if (!faults.remove(Number(parts[1])))
      throw new ControlError(404, `no fault with id ${parts[1]}`, 'NotFound');
    return { removed: Number(parts[1]) };
  }
  if (req.method === 'POST' && parts.length === 2) {
    const def = router.find(parts[0]!);
    const verb = def?.control?.[parts[1]!];
    if (def && verb) {
      await sb.tick();
      return verb(bodyOf(req), sb);
    }
    if (def) {
      const verbs = Object.keys(def.control ?? {});
      throw new ControlError(
        404,
        `${parts[0]} has no control verb '${parts[1]}' (it has: ${verbs.join(', ') || 'none'})`,
        'NotFound',
      );
    }
  }
  throw new ControlError(404, `no control endpoint ${req.method} ${req.path}`, 'NotFound');
}
