/**
 * Fault injection: make chosen calls fail with an AWS error, throttle a share of calls, or slow them
 * down, so callers' retry and error paths can be exercised against the sandbox.
 */
import { AwsError } from './aws-error.js';

/** Which calls a fault or latency rule applies to; omitted fields match everything. */
export interface CallSelector {
  /** Folder name or signing name: `elbv2` or `elasticloadbalancing`. */
  service?: string;
  operation?: string;
  /** Only calls that change state (not Describe/List/Get/Head). */
  mutatingOnly?: boolean;
}

export interface FaultSpec extends CallSelector {
  /** `error` (default) fails with `code`/`status`; `throttle` fails with the protocol's throttling error. */
  kind?: 'error' | 'throttle';
  code?: string;
  status?: number;
  message?: string;
  /** Fail only the Nth matching call counted from when the fault was added (1 = the next one). */
  nth?: number;
  /** Fail each matching call with this probability (0..1). */
  probability?: number;
  /** Fail exactly this share of matching calls, spread evenly (0..1); throttles default to it. */
  share?: number;
  /** Remove the fault after it has fired this many times. */
  times?: number;
  /**
   * Let the call take effect, then answer the error: a reply lost on its way back, the failure after
   * which a retry meets its own work. Only calls that succeeded count towards `nth`.
   */
  afterEffect?: boolean;
}

export interface Fault extends FaultSpec {
  id: number;
  /** Matching calls seen since the fault was added. */
  seen: number;
  fired: number;
}

export interface LatencyRule extends CallSelector {
  ms: number;
}

export interface CallInfo {
  service: string;
  signingName: string;
  operation: string;
  mutating: boolean;
}

function matches(sel: CallSelector, call: CallInfo): boolean {
  if (sel.service && sel.service !== call.service && sel.service !== call.signingName) return false;
  if (sel.operation && sel.operation !== call.operation) return false;
  if (sel.mutatingOnly && !call.mutating) return false;
  return true;
}

/** Checks a spec from the control API; returns the problems found. */
export function validateFault(spec: FaultSpec): string[] {
  const p: string[] = [];
  const kind = spec.kind ?? 'error';
  if (kind !== 'error' && kind !== 'throttle') p.push(`kind must be 'error' or 'throttle', got '${kind}'`);
  if (kind === 'error' && !spec.code) p.push('code is required (the AWS error code to return)');
  if (
    spec.status !== undefined &&
    !(Number.isInteger(spec.status) && spec.status >= 400 && spec.status < 600)
  )
    p.push('status must be an HTTP error status (400-599)');
  if (spec.nth !== undefined && !(Number.isInteger(spec.nth) && spec.nth >= 1)) p.push('nth must be >= 1');
  for (const k of ['probability', 'share'] as const) {
    const v = spec[k];
    if (v !== undefined && !(typeof v === 'number' && v >= 0 && v <= 1)) p.push(`${k} must be within 0..1`);
  }
  if (spec.afterEffect !== undefined && typeof spec.afterEffect !== 'boolean')
    p.push('afterEffect must be true or false');
  if (spec.afterEffect && kind === 'throttle')
    p.push('a throttle refuses the call: it cannot come after its effect');
  return p;
}

export class FaultInjector {
  private faults: Fault[] = [];
  private latency: LatencyRule[] = [];
  private nextId = 1;

  add(spec: FaultSpec): Fault {
    const fault: Fault = { ...spec, kind: spec.kind ?? 'error', id: this.nextId++, seen: 0, fired: 0 };
    if (fault.nth !== undefined && fault.times === undefined) fault.times = 1;
    this.faults.push(fault);
    return fault;
  }

  list(): { faults: Fault[]; latency: LatencyRule[] } {
    return { faults: this.faults, latency: this.latency };
  }

  clear(): void {
    this.faults = [];
    this.latency = [];
  }

  remove(id: number): boolean {
    const before = this.faults.length;
    this.faults = this.faults.filter((f) => f.id !== id);
    return this.faults.length !== before;
  }

  setLatency(rule: LatencyRule): void {
    this.latency = this.latency.filter(
      (r) =>
        r.service !== rule.service || r.operation !== rule.operation || r.mutatingOnly !== rule.mutatingOnly,
    );
    if (rule.ms > 0) this.latency.push(rule);
  }

  /** Extra real ms to wait before answering this call. */
  delayFor(call: CallInfo): number {
    let ms = 0;
    for (const r of this.latency) if (matches(r, call)) ms = Math.max(ms, r.ms);
    return ms;
  }

  /**
   * The error to answer this call with, if a fault fires. `throttle` is the protocol's throttling
   * code (query: `Throttling`, JSON: `ThrottlingException`). Asked before the handler runs, and with
   * `afterEffect` once it has succeeded.
   */
  check(call: CallInfo, throttle: string, afterEffect = false): AwsError | undefined {
    if (this.faults.length === 0) return undefined;
    // Every matching fault counts the call, even when an earlier one fires for it.
    const matching = this.faults.filter((f) => matches(f, call) && Boolean(f.afterEffect) === afterEffect);
    for (const f of matching) f.seen++;
    for (const f of matching) {
      if (!this.fires(f)) continue;
      f.fired++;
      if (f.times !== undefined && f.fired >= f.times) this.remove(f.id);
      if (f.kind === 'throttle') {
        return new AwsError(f.code ?? throttle, f.message ?? 'Rate exceeded', f.status ?? 400);
      }
      return new AwsError(f.code!, f.message ?? `Injected fault: ${f.code}`, f.status ?? 400);
    }
    return undefined;
  }

  private fires(f: Fault): boolean {
    if (f.nth !== undefined) return f.seen === f.nth;
    if (f.probability !== undefined) return Math.random() < f.probability;
    const share = f.share ?? (f.kind === 'throttle' ? 1 : undefined);
    // Deterministic share: fire whenever the running total crosses a whole call.
    if (share !== undefined) return Math.floor(f.seen * share) > Math.floor((f.seen - 1) * share);
    return true;
  }
}
