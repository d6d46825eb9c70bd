/** The request log: one entry per AWS call the sandbox answered, for tests and `rails sandbox requests`. */

export interface RequestLogEntry {
  /** 1, 2, 3... since start or the last reset. */
  seq: number;
  /** Wall-clock ISO time the call arrived. */
  at: string;
  service: string;
  operation: string;
  status: number;
  /** The AWS error code when the call failed. */
  code?: string;
  /** Wall-clock duration in ms. */
  ms: number;
  /**
   * When the request arrived and when its answer was ready, in real ms since the sandbox process
   * started (fractional; not sandbox time, which the time scale and clock/advance move): what the
   * round depth is computed from.
   */
  startMs: number;
  endMs: number;
  /** AWS requests the sandbox was already handling when this one arrived (itself not counted). */
  inFlight: number;
  /** True unless the operation only reads (Describe*, List*, Get*, Head*). */
  mutating: boolean;
  /** Set when the failure was injected through the control API. */
  injected?: boolean;
  /**
   * The caller's access key, as CloudTrail records it: tells a CLI's calls from those a Lambda function
   * makes with its role's session keys (ASIA…).
   */
  accessKeyId?: string;
}

/** A request being handled: from begin() to its entry in the log. */
export interface RequestTicket {
  startMs: number;
  inFlight: number;
}

/** Which entries list() and rounds() take. */
export interface RequestFilter {
  service?: string;
  operation?: string;
  /** Only entries after this sequence number. */
  since?: number;
  /** Only one caller's calls (a CLI's, not those its scheduled Lambda function makes). */
  accessKeyId?: string;
}

/** The rounds of a slice of the log: the longest chain of calls each started after another ended. */
export interface RoundsSummary {
  calls: number;
  rounds: number;
  /** Calls per round: byRound[0] is round 1. */
  byRound: number[];
  /** From the first call's start to the last call's end, real ms. */
  wallMs: number;
  requests: Array<{
    seq: number;
    service: string;
    operation: string;
    round: number;
    startMs: number;
    endMs: number;
  }>;
}

/**
 * Each call's round: 1 + the highest round among the calls that had ended when it started (round 1
 * when none had), the depth rails's --verbose computes online as its calls start and finish. Against
 * real AWS every round is a network round trip the user waits for. Latency injected per call (tens of
 * ms) makes the depth exact: calls of one round overlap, and a call that waited for another starts
 * after its end.
 */
export function roundsOf(entries: readonly RequestLogEntry[]): RoundsSummary {
  const byStart = [...entries].sort((a, b) => a.startMs - b.startMs || a.seq - b.seq);
  const byEnd = [...byStart].sort((a, b) => a.endMs - b.endMs);
  const round = new Map<number, number>();
  let ended = 0;
  let deepestEnded = 0;
  for (const e of byStart) {
    // Whatever ended by now started no later than it ended, so its round is already known.
    while (ended < byEnd.length && byEnd[ended]!.endMs <= e.startMs) {
      deepestEnded = Math.max(deepestEnded, round.get(byEnd[ended]!.seq) ?? 0);
      ended++;
    }
    round.set(e.seq, deepestEnded + 1);
  }
  const rounds = Math.max(0, ...round.values());
  const byRound = Array.from({ length: rounds }, () => 0);
  for (const r of round.values()) byRound[r - 1]!++;
  const first = byStart[0]?.startMs ?? 0;
  const last = Math.max(first, ...byStart.map((e) => e.endMs));
  return {
    calls: entries.length,
    rounds,
    byRound,
    wallMs: Math.round((last - first) * 100) / 100,
    requests: byStart.map((e) => ({
      seq: e.seq,
      service: e.service,
      operation: e.operation,
      round: round.get(e.seq)!,
      startMs: e.startMs,
      endMs: e.endMs,
    })),
  };
}

const READ_PREFIXES = ['Describe', 'List', 'Get', 'Head'];

/** Whether an operation changes state, judged by AWS's naming convention. */
export function isMutating(operation: string): boolean {
  return !READ_PREFIXES.some((p) => operation.startsWith(p));
}

/** Keeps the most recent entries only, so a long-running sandbox does not grow without bound. */
export class RequestLog {
  private entries: RequestLogEntry[] = [];
  private seq = 0;
  private handling = 0;

  constructor(private readonly limit = 10_000) {}

  /** An AWS request arrived at `startMs` (performance.now()): pass the ticket to add() when done. */
  begin(startMs = performance.now()): RequestTicket {
    return { startMs, inFlight: this.handling++ };
  }

  add(
    entry: Omit<RequestLogEntry, 'seq' | 'startMs' | 'endMs' | 'inFlight'>,
    ticket?: RequestTicket,
  ): RequestLogEntry {
    const endMs = performance.now();
    if (ticket) this.handling = Math.max(0, this.handling - 1);
    const full: RequestLogEntry = {
      seq: ++this.seq,
      ...entry,
      startMs: round2(ticket?.startMs ?? endMs - entry.ms),
      endMs: round2(endMs),
      inFlight: ticket?.inFlight ?? 0,
    };
    this.entries.push(full);
    if (this.entries.length > this.limit) this.entries.splice(0, this.entries.length - this.limit);
    return full;
  }

  list(filter: RequestFilter = {}): RequestLogEntry[] {
    return this.entries.filter(
      (e) =>
        (!filter.service || e.service === filter.service) &&
        (!filter.operation || e.operation === filter.operation) &&
        (!filter.accessKeyId || e.accessKeyId === filter.accessKeyId) &&
        (filter.since === undefined || e.seq > filter.since),
    );
  }

  /** The round depth of the entries the filter takes (roundsOf). */
  rounds(filter: RequestFilter = {}): RoundsSummary {
    return roundsOf(this.list(filter));
  }

  /** The sequence number of the last entry (0 when none): a slice starts after it (`since`). */
  get lastSeq(): number {
    return this.seq;
  }

  reset(): void {
    this.entries = [];
    this.seq = 0;
  }
}

const round2 = (ms: number) => Math.round(ms * 100) / 100;
