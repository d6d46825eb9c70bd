/**
 * The data plane's state under the sandbox state key `dataplane`: the traffic sources, the injected
 * target behaviours, how far the generator has simulated, and the signals' own bookkeeping (filled
 * lazily by signals/). One key, so a state file carries running traffic from one command to the next.
 */
import type { Sandbox } from '../../core/types.js';
import type { TargetBehaviour, TrafficSpec } from '../types.js';

export const DATAPLANE_STATE_KEY = 'dataplane';

export interface DataplaneState {
  traffic: TrafficSpec[];
  behaviours: TargetBehaviour[];
  /** Sandbox ms up to which requests and signals have been simulated; unset before the first tick. */
  simulatedUntil?: number;
  /** Sandbox time the generator skipped because it lay beyond the catch-up bound (README "Catch-up"). */
  skipped?: { from: number; to: number; at: number };
  /** Owned by signals/. */
  signals: Record<string, any>;
  /** Source ids handed out so far, so a new source never reuses a stopped one's id. */
  nextId?: number;
}

export function emptyDataplaneState(): DataplaneState {
  return { traffic: [], behaviours: [], signals: {} };
}

/** The data plane's state, created (or completed, for a file from before a field existed) on demand. */
export function dataplaneState(sb: Sandbox): DataplaneState {
  let s = sb.state[DATAPLANE_STATE_KEY] as DataplaneState | undefined;
  if (!s) {
    s = emptyDataplaneState();
    sb.state[DATAPLANE_STATE_KEY] = s;
  }
  s.traffic ??= [];
  s.behaviours ??= [];
  s.signals ??= {};
  return s;
}

/** A fresh id for a source (`t-1`) or a behaviour (`b-1`), unique within this state. */
export function nextId(s: DataplaneState, prefix: string): string {
  s.nextId = (s.nextId ?? 0) + 1;
  return `${prefix}-${s.nextId}`;
}
