/**
 * Client for a running sandbox's control API (`/_sandbox/`, see control/api.ts), used by tests and by
 * `rails sandbox <verb>`. Plain fetch: it works against an in-process or a separate sandbox alike.
 */
import { CONTROL_TOKEN_HEADER } from './control/control-token.js';
import type { FaultSpec, LatencyRule } from './core/faults.js';
import type { RequestFilter, RequestLogEntry, RoundsSummary } from './core/request-log.js';
import type { SandboxSettings } from './core/types.js';
import type { RequestOutcome, TargetBehaviour, TrafficSpec } from './dataplane/types.js';

/** A new traffic source (`POST /_sandbox/traffic`). */
export interface TrafficStart {
  urls: string[];
  /** Requests per sandbox second over the URLs in turn (default 1, at most 10,000). */
  rps?: number;
  method?: string;
  /** Sandbox ms the source runs; unset: until stopped. */
  durationMs?: number;
  /** The entry load balancer (name or ARN) when the URLs' host is not one. */
  entry?: string;
  headers?: Record<string, string>;
}

/** What runs (`GET /_sandbox/traffic`). */
export interface TrafficListing {
  traffic: TrafficSpec[];
  behaviours: TargetBehaviour[];
  /** ISO time up to which traffic and signals are simulated; null before the first tick. */
  simulatedUntil: string | null;
  /** Sandbox time skipped because it lay beyond the catch-up bound, if any. */
  skipped: { from: string; to: string } | null;
}

/** A control call the sandbox refused (bad input, unknown verb, a service error from the verb). */
export class SandboxControlError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'SandboxControlError';
  }
}

export type { RequestFilter, RoundsSummary };

export interface RotateIpsOptions {
  /** Replace this many nodes' IPs, or all of them. */
  replace?: number | 'all';
  /** Add this many nodes (AWS scaling the load balancer out). */
  add?: number;
}

export class SandboxControl {
  /**
   * @param endpoint the sandbox endpoint, e.g. `http://127.0.0.1:4566`.
   * @param token the sandbox's control token (`RunningSandbox.controlToken`, RAILS_SANDBOX_TOKEN);
   *   without it every call is refused with 403.
   */
  constructor(
    readonly endpoint: string,
    private readonly token?: string,
  ) {}

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    let res: Response;
    const url = `${this.endpoint.replace(/\/$/, '')}/_sandbox/${path}`;
    try {
      const headers: Record<string, string> = this.token ? { [CONTROL_TOKEN_HEADER]: this.token } : {};
      if (body !== undefined) headers['content-type'] = 'application/json';
      res = await fetch(url, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (err) {
      throw new SandboxControlError(
        0,
        'Unreachable',
        `no sandbox answers at ${this.endpoint}: ${(err as Error).cause ?? (err as Error).message}`,
      );
    }
    const text = await res.text();
    let data: any;
    try {
      data = text ? JSON.parse(text) : {};
    } catch {
      throw new SandboxControlError(
        res.status,
        'NotASandbox',
        `${url} did not answer JSON; is it a rails sandbox?`,
      );
    }
    if (!res.ok) {
      throw new SandboxControlError(res.status, data?.error?.code ?? 'Error', data?.error?.message ?? text);
    }
    return data as T;
  }

  info(): Promise<Record<string, any>> {
    return this.call('GET', 'info');
  }

  state(): Promise<{ clock: { now: number; timeScale: number }; state: Record<string, any> }> {
    return this.call('GET', 'state');
  }

  resetState(empty = false): Promise<unknown> {
    return this.call('POST', 'state/reset', { empty });
  }

  async requests(filter: RequestFilter = {}): Promise<RequestLogEntry[]> {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(filter)) if (v !== undefined) q.set(k, String(v));
    const qs = q.toString();
    return (await this.call<{ requests: RequestLogEntry[] }>('GET', `requests${qs ? `?${qs}` : ''}`))
      .requests;
  }

  /**
   * The round depth of a slice of the request log: each call's round is 1 + the highest round among
   * the calls that had ended when it started. With a few tens of ms of latency injected per call the
   * depth is exact, counted from the log's start and end times rather than timed by the caller.
   * Reset the log before the run (`resetRequests()`), or take `since` from its last entry's seq.
   */
  rounds(filter: RequestFilter = {}): Promise<RoundsSummary> {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(filter)) if (v !== undefined) q.set(k, String(v));
    const qs = q.toString();
    return this.call('GET', `requests/rounds${qs ? `?${qs}` : ''}`);
  }

  async resetRequests(): Promise<void> {
    await this.call('DELETE', 'requests');
  }

  /** Adds a fault: e.g. `{operation: 'CreateListener', nth: 2, code: 'TooManyListeners'}`. */
  async injectFault(spec: FaultSpec): Promise<{ id: number }> {
    return (await this.call<{ fault: { id: number } }>('POST', 'faults', spec)).fault;
  }

  /** Throttles `share` (0..1) of the matching calls with the protocol's throttling error. */
  throttle(share: number, selector: Omit<FaultSpec, 'kind' | 'share'> = {}): Promise<{ id: number }> {
    return this.injectFault({ ...selector, kind: 'throttle', share });
  }

  faults(): Promise<{ faults: (FaultSpec & { id: number })[]; latency: LatencyRule[] }> {
    return this.call('GET', 'faults');
  }

  /** Removes one fault, or every fault and latency rule. */
  async clearFaults(id?: number): Promise<void> {
    await this.call('DELETE', id === undefined ? 'faults' : `faults/${id}`);
  }

  async latency(rule: LatencyRule): Promise<void> {
    await this.call('POST', 'latency', rule);
  }

  async settings(patch: Partial<SandboxSettings>): Promise<SandboxSettings> {
    return (await this.call<{ settings: SandboxSettings }>('POST', 'settings', patch)).settings;
  }

  async advanceClock(ms: number): Promise<void> {
    await this.call('POST', 'clock/advance', { ms });
  }

  async tick(): Promise<void> {
    await this.call('POST', 'tick');
  }

  /** Any service's control verb: POST /_sandbox/<service>/<verb>. */
  control<T = unknown>(service: string, verb: string, body: unknown = {}): Promise<T> {
    return this.call('POST', `${service}/${verb}`, body);
  }

  /** Starts a traffic source; a URL that cannot enter any load balancer is refused (400). */
  async startTraffic(spec: TrafficStart): Promise<TrafficSpec> {
    return (await this.call<{ source: TrafficSpec }>('POST', 'traffic', spec)).source;
  }

  traffic(): Promise<TrafficListing> {
    return this.call('GET', 'traffic');
  }

  /** Stops one source, or every one; returns what was stopped (with the requests each sent). */
  async stopTraffic(id?: string): Promise<TrafficSpec[]> {
    const path = id === undefined ? 'traffic' : `traffic/${encodeURIComponent(id)}`;
    return (await this.call<{ stopped: TrafficSpec[] }>('DELETE', path)).stopped;
  }

  /** Injects a target behaviour (errors, latency, timeouts, resets, failing health checks). */
  async addTargetBehaviour(spec: Omit<TargetBehaviour, 'id'>): Promise<TargetBehaviour> {
    return (await this.call<{ behaviour: TargetBehaviour }>('POST', 'targets', spec)).behaviour;
  }

  async targetBehaviours(): Promise<TargetBehaviour[]> {
    return (await this.call<{ behaviours: TargetBehaviour[] }>('GET', 'targets')).behaviours;
  }

  /** Removes one behaviour, or every one. */
  async clearTargetBehaviours(id?: string): Promise<TargetBehaviour[]> {
    const path = id === undefined ? 'targets' : `targets/${encodeURIComponent(id)}`;
    return (await this.call<{ removed: TargetBehaviour[] }>('DELETE', path)).removed;
  }

  /** Changes a load balancer's node IPs (elbv2 verb `rotate-ips`). */
  rotateIps<T = unknown>(loadBalancer: string, options: RotateIpsOptions = {}): Promise<T> {
    return this.control('elbv2', 'rotate-ips', { loadBalancer, ...options });
  }

  /** Routes one request through the sandbox's load balancers now, recording nothing (traffic/route). */
  async route(
    url: string,
    opts: {
      method?: string;
      headers?: Record<string, string>;
      entry?: string;
      seed?: number;
      clientIp?: string;
    } = {},
  ): Promise<RequestOutcome> {
    return (await this.call<{ outcome: RequestOutcome }>('POST', 'traffic/route', { url, ...opts })).outcome;
  }
}
