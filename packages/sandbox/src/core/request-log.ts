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

const READ_PREFIXES = ['Describe', 'List', 'Get', 'Head'];

/** Whether an operation changes state, judged by AWS's naming convention. */
export function isMutating(operation: string): boolean {
  return !READ_PREFIXES.some((p) => operation.startsWith(p));
}

/** Keeps the most recent entries only, so a long-running sandbox does not grow without bound. */
export class RequestLog {
  private entries: RequestLogEntry[] = [];
  private seq = 0;

  constructor(private readonly limit = 10_000) {}

  add(entry: Omit<RequestLogEntry, 'seq'>): RequestLogEntry {
    const full = { seq: ++this.seq, ...entry };
    this.entries.push(full);
    if (this.entries.length > this.limit) this.entries.splice(0, this.entries.length - this.limit);
    return full;
  }

  list(filter: { service?: string; operation?: string; since?: number } = {}): RequestLogEntry[] {
    return this.entries.filter(
      (e) =>
        (!filter.service || e.service === filter.service) &&
        (!filter.operation || e.operation === filter.operation) &&
        (filter.since === undefined || e.seq > filter.since),
    );
  }

  reset(): void {
    this.entries = [];
    this.seq = 0;
  }
}
