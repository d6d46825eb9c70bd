/**
 * The traffic generator: a ticker that simulates the sandbox time since the last run in slices. Each
 * slice routes every source's requests through one routing table, records their outcomes, and moves
 * the signals' time on (which also runs when no source does: periodic metrics flow without traffic).
 * Catch-up is bounded: time older than MAX_CATCH_UP_MS is skipped and said so in the state (README
 * "Catch-up").
 */
import type { Sandbox } from '../../core/types.js';
import type { RequestOutcome } from '../types.js';
import type { DataplaneParts } from './parts.js';
import { type SourceBatch, sourceEnd, sourceRequests } from './requests.js';
import { type DataplaneState, dataplaneState } from './state.js';

/** At most the last hour of sandbox time is simulated when catching up. */
export const MAX_CATCH_UP_MS = 60 * 60_000;
/** Slices are whole sandbox seconds, at most a minute long (catching up). */
const SECOND = 1000;
const MAX_SLICE_MS = 60_000;
/** Real ms between live runs, at least. */
const LIVE_REAL_MS = 200;

/** Routes one slice's requests in time order and hands the outcomes over. */
function simulateSlice(
  sb: Sandbox,
  s: DataplaneState,
  parts: DataplaneParts,
  from: number,
  to: number,
): void {
  const batches: SourceBatch[] = [];
  for (const source of s.traffic) {
    const batch = sourceRequests(source, from, to, parts);
    if (batch.requests.length) batches.push(batch);
  }
  if (batches.length) {
    const table = parts.buildRoutingTable(sb, s.behaviours);
    const outcomes: RequestOutcome[] = [];
    if (batches.length === 1) {
      const b = batches[0]!;
      for (const req of b.requests) outcomes.push(table.route(req, b.random));
    } else {
      const tagged = batches.flatMap((b) => b.requests.map((req) => ({ req, random: b.random })));
      tagged.sort((a, b) => a.req.at - b.req.at);
      for (const t of tagged) outcomes.push(table.route(t.req, t.random));
    }
    for (const b of batches) b.source.sent += b.requests.length;
    parts.recordOutcomes(sb, outcomes);
  }
  parts.advanceSignals(sb, from, to);
}

/** Drops the sources whose duration has run out within the simulated time. */
function retireFinished(s: DataplaneState): void {
  const until = s.simulatedUntil ?? 0;
  const left = s.traffic.filter((t) => sourceEnd(t) > until);
  if (left.length !== s.traffic.length) s.traffic = left;
}

function changed(sb: Sandbox): void {
  if (sb.markDirtySoon) sb.markDirtySoon();
  else sb.markDirty();
}

/** Simulates whole sandbox seconds up to the clock; returns how many sandbox ms it simulated. */
export function simulateUntilNow(sb: Sandbox, parts: DataplaneParts): number {
  const s = dataplaneState(sb);
  const now = sb.clock.now();
  if (s.simulatedUntil === undefined) {
    s.simulatedUntil = now;
    changed(sb);
    return 0;
  }
  // Live, at least a sandbox second and about a fifth of a real second per run: at time scale 60 a
  // run every request (or 100 ms tick) would rebuild the routing table for a handful of requests.
  if (now - s.simulatedUntil < Math.max(SECOND, LIVE_REAL_MS * sb.clock.timeScale)) return 0;
  let from = s.simulatedUntil;
  if (now - from > MAX_CATCH_UP_MS) {
    const to = from + Math.ceil((now - MAX_CATCH_UP_MS - from) / SECOND) * SECOND;
    s.skipped = { from, to, at: now };
    from = to;
    s.simulatedUntil = to;
  }
  const end = from + Math.floor((now - from) / SECOND) * SECOND;
  const start = from;
  let failure: unknown;
  while (from < end) {
    const to = Math.min(end, from + MAX_SLICE_MS);
    try {
      simulateSlice(sb, s, parts, from, to);
    } catch (err) {
      // The slice is lost, not retried forever; the first error reaches the ticker's error list.
      failure ??= err;
    }
    from = to;
    s.simulatedUntil = to;
  }
  retireFinished(s);
  changed(sb);
  if (failure) throw failure;
  return end - start;
}

/** The generator as a sandbox ticker. */
export function trafficTicker(parts: DataplaneParts): (sb: Sandbox) => void {
  return (sb) => {
    simulateUntilNow(sb, parts);
  };
}
