/**
 * The sandbox: a loopback stand-in for the AWS APIs rails calls. Started in-process (any command's
 * --sandbox flag, and the tests) or as a server (`rails sandbox`). Nothing here loads the AWS SDK.
 *
 * The package's one public entry (`rails-sandbox`): startSandbox, the control client, the seed ids
 * and the types callers need. Nothing outside the package imports any other file of it.
 */
import type { AddressInfo } from 'node:net';
import { controlHandler } from './control/api.js';
import { newControlToken } from './control/control-token.js';
import { Clock } from './core/clock.js';
import { FaultInjector } from './core/faults.js';
import { StateStore } from './core/persistence.js';
import { RequestLog } from './core/request-log.js';
import { SandboxInstance } from './core/sandbox-instance.js';
import type { Sandbox, SandboxSettings, ServiceDefinition } from './core/types.js';
import { startDnsServer } from './dns/server.js';
import { ServiceRouter } from './http/routing.js';
import { createSandboxServer, type SandboxCore } from './http/server.js';
import { type AccessKey, AccessKeys } from './sigv4/access-keys.js';

export interface StartSandboxOptions {
  /** TCP port on 127.0.0.1; 0 picks a free one. */
  port?: number;
  /** UDP port of the DNS server on 127.0.0.1; 0 (default) picks a free one. */
  dnsPort?: number;
  /** Persist state to this file (atomic writes after each mutating call; loaded at start). */
  stateFile?: string;
  /** Start without the seeded default environment. */
  empty?: boolean;
  settings?: Partial<SandboxSettings>;
  /** Real ms between background reconciler runs (default 100). */
  tickIntervalMs?: number;
  /** The services to host; default every service in services/index.ts (tests pass their own). */
  services?: ServiceDefinition[];
  /**
   * Check every request's SigV4 signature (README "Security") against `accessKeys` and the session
   * keys the sandbox hands its Lambda functions. Off by default: any credentials are accepted.
   */
  verifySignatures?: boolean;
  /** The keys a verifying sandbox accepts. */
  accessKeys?: AccessKey[];
  /**
   * Start the sandbox clock this many ms away from the machine's (negative: behind it), as AWS's clock
   * may be from a laptop's: clients learn it from the Date header and must not take their own for it.
   * Ignored when the state file already holds a clock.
   */
  clockOffsetMs?: number;
}

export interface RunningSandbox {
  /** `http://127.0.0.1:<port>`. */
  endpoint: string;
  /** The control API's token (random per sandbox): `new SandboxControl(endpoint, controlToken)`. */
  controlToken: string;
  region: string;
  accountId: string;
  dns: { host: string; port: number };
  sandbox: Sandbox;
  stop(): Promise<void>;
}

export async function startSandbox(options: StartSandboxOptions = {}): Promise<RunningSandbox> {
  const services = options.services ?? [
    ...(await import('./services/index.js')).services,
    (await import('./dataplane/index.js')).dataplaneModule(),
  ];
  const sb = new SandboxInstance(services, options.settings);
  const store = options.stateFile ? new StateStore(options.stateFile) : undefined;
  const startFrom = () => {
    const loaded = store?.load(sb) ?? false;
    if (loaded && options.settings?.timeScale !== undefined) sb.setTimeScale(options.settings.timeScale);
    if (!loaded && options.clockOffsetMs)
      sb.clock = new Clock(sb.clock.timeScale, Date.now() + options.clockOffsetMs);
    sb.initServices();
    if (!loaded) {
      if (!options.empty) sb.seed();
      store?.save(sb);
    }
  };
  if (store) await store.lock.with(startFrom);
  else startFrom();

  const core: SandboxCore = {
    sb,
    router: new ServiceRouter(services),
    log: new RequestLog(),
    faults: new FaultInjector(),
    store,
    keys: options.verifySignatures ? new AccessKeys(options.accessKeys ?? [], sb) : undefined,
    control: async () => ({ status: 500 }),
  };
  const controlToken = newControlToken();
  core.control = controlHandler(core, {
    stateFile: options.stateFile,
    startedAt: new Date().toISOString(),
    token: controlToken,
    verifySignatures: options.verifySignatures === true,
  });

  const server = createSandboxServer(core);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  let dns: Awaited<ReturnType<typeof startDnsServer>>;
  try {
    dns = await startDnsServer(sb, options.dnsPort ?? 0);
  } catch (err) {
    server.close();
    throw err;
  }
  const port = (server.address() as AddressInfo).port;
  sb.endpoint = `http://127.0.0.1:${port}`;
  sb.dns = { host: dns.host, port: dns.port };

  // Reconcilers also run between requests, so state machines advance while nobody is calling.
  let closing = false;
  let background: Promise<void> | undefined;
  const backgroundTick = async () => {
    if (!store) return sb.tick();
    const release = await store.lock.acquire();
    try {
      if (closing) return;
      // Another process may have written the file: reconcile its state, never a stale copy.
      if (store.reloadIfChanged(sb)) sb.initServices();
      await sb.tick();
      // A soon-change (running traffic) is written about once a real second, not on every tick.
      if (store.due(sb) && !closing) store.save(sb);
    } catch (err) {
      sb.tickerErrors.push(`saving ${store.file}: ${(err as Error).message}`);
    } finally {
      release();
    }
  };
  const timer = setInterval(() => {
    background ??= backgroundTick().finally(() => {
      background = undefined;
    });
  }, options.tickIntervalMs ?? 100);
  timer.unref();

  let stopped: Promise<void> | undefined;
  return {
    endpoint: sb.endpoint,
    controlToken,
    region: sb.region,
    accountId: sb.accountId,
    dns: sb.dns,
    sandbox: sb,
    stop() {
      stopped ??= (async () => {
        clearInterval(timer);
        closing = true;
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
        await dns.close();
        for (const service of services) service.shutdown?.(sb);
        await background;
        await sb.idle();
        // Always: sandbox time ran on (perhaps time-scaled) since the last write. Reload first so a
        // second process's last changes are not overwritten by this one's older copy.
        if (store) await store.lock.with(() => saveAtStop(sb, store));
      })();
      return stopped;
    },
  };
}

/** Writes the state at stop, after taking in what another process wrote since (never a stale copy). */
function saveAtStop(sb: SandboxInstance, store: StateStore): void {
  store.reloadIfChanged(sb);
  store.save(sb);
}

export { CONTROL_TOKEN_HEADER } from './control/control-token.js';
export {
  type RequestFilter,
  type RotateIpsOptions,
  type RoundsSummary,
  SandboxControl,
  SandboxControlError,
  type TrafficListing,
  type TrafficStart,
} from './control-client.js';
export type { FaultSpec, LatencyRule } from './core/faults.js';
export type { RequestLogEntry } from './core/request-log.js';
export * from './core/seed-ids.js';
export type { Sandbox, SandboxSettings } from './core/types.js';
// The data plane's routing, for the route bench (and callers that route requests in-process).
export { buildRoutingTable, type RoutingTable } from './dataplane/route/index.js';
export { requestFromUrl } from './dataplane/route/parse-request.js';
export { seededRandom } from './dataplane/route/seeded-random.js';
export type { RequestOutcome, TargetBehaviour, TrafficRequest, TrafficSpec } from './dataplane/types.js';
export type { AccessKey } from './sigv4/access-keys.js';
