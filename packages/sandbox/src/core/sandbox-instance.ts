/** The Sandbox object services see: state, settings, clock, tickers, health oracles and id helpers. */
import { randomBytes, randomUUID } from 'node:crypto';
import { Clock } from './clock.js';
import { SANDBOX_ACCOUNT_ID, SANDBOX_REGION } from './seed-ids.js';
import { DEFAULT_SETTINGS } from './settings.js';
import { emptyState } from './state.js';
import type { HealthOracle, Sandbox, SandboxSettings, SandboxState, ServiceDefinition } from './types.js';

export class SandboxInstance implements Sandbox {
  readonly accountId = SANDBOX_ACCOUNT_ID;
  readonly region = SANDBOX_REGION;
  state: SandboxState;
  readonly settings: SandboxSettings;
  clock: Clock;
  endpoint = '';
  dns = { host: '127.0.0.1', port: 0 };
  readonly tickers: Array<(sb: Sandbox) => void | Promise<void>> = [];
  readonly healthOracles: HealthOracle[] = [];
  /** True when state changed since it was last persisted. */
  dirty = false;
  /** True when state changed in a way that may be persisted up to about a second later. */
  dirtySoon = false;
  private ticking: Promise<void> | undefined;
  /** Errors thrown by tickers, kept for the control API rather than crashing the server. */
  readonly tickerErrors: string[] = [];

  constructor(
    readonly services: ServiceDefinition[],
    settings: Partial<SandboxSettings> = {},
  ) {
    this.state = emptyState(services);
    this.settings = { ...DEFAULT_SETTINGS, ...settings };
    this.clock = new Clock(this.settings.timeScale);
  }

  hex(n: number): string {
    return randomBytes(Math.ceil(n / 2))
      .toString('hex')
      .slice(0, n);
  }

  uuid(): string {
    return randomUUID();
  }

  markDirty(): void {
    this.dirty = true;
  }

  markDirtySoon(): void {
    this.dirtySoon = true;
  }

  /** Registers every service's tickers and health oracles (again after a reset). */
  initServices(): void {
    this.tickers.length = 0;
    this.healthOracles.length = 0;
    for (const s of this.services) s.init?.(this);
  }

  /** Fills a fresh state with the default environment (EC2 first: the others live in its subnets). */
  seed(): void {
    for (const s of this.services) s.seed?.(this);
    this.markDirty();
  }

  /** Starts from an empty state, seeded unless `empty`. */
  reset(empty: boolean): void {
    this.state = emptyState(this.services);
    this.initServices();
    if (!empty) this.seed();
    this.markDirty();
  }

  setTimeScale(scale: number): void {
    this.clock.setTimeScale(scale);
    this.settings.timeScale = scale;
    this.markDirty();
  }

  /**
   * Runs every ticker once. Concurrent callers share the run in progress, so a burst of requests
   * does not reconcile the same state many times over.
   */
  tick(): Promise<void> {
    if (this.tickers.length === 0) return Promise.resolve();
    this.ticking ??= this.runTickers().finally(() => {
      this.ticking = undefined;
    });
    return this.ticking;
  }

  /** Resolves once no reconciler run is in progress (used when stopping). */
  async idle(): Promise<void> {
    await this.ticking;
  }

  private async runTickers(): Promise<void> {
    for (const t of this.tickers) {
      try {
        const r = t(this);
        if (r && typeof (r as Promise<void>).then === 'function') await r;
      } catch (err) {
        const text = err instanceof Error ? (err.stack ?? err.message) : String(err);
        this.tickerErrors.push(text);
        if (this.tickerErrors.length > 20) this.tickerErrors.shift();
      }
    }
  }
}
