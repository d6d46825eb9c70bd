/**
 * Middleware on every client: one line per AWS call (service, operation, start offset, round,
 * duration, outcome) to the log the clients were given (the CLI's --verbose), and on failure the
 * operation and resource recorded on the error so the top of the CLI can say
 * `<operation> <resource>: <code>: <message>`.
 *
 * The round meter: against real AWS each call costs a network round trip, so what a user waits for
 * is the longest chain of calls each of which started only after another had finished. A call's round
 * is 1 + the highest round among the calls that had finished when it started (round 1 when none had);
 * calls of one round overlap. The sandbox computes the same depth from its request log
 * (packages/sandbox/README.md, "Request log").
 */

/** Input fields that name the resource a call is about, most specific first. */
const RESOURCE_FIELDS = [
  'TargetGroupArn',
  'ListenerArn',
  'RuleArn',
  'LoadBalancerArn',
  'service',
  'services',
  'taskDefinition',
  'cluster',
  'clusters',
  'FunctionName',
  'RoleName',
  'Bucket',
  'Key',
  'Name',
  'Rule',
  'GroupId',
  'GroupName',
  'Names',
  'LoadBalancerArns',
  'TargetGroupArns',
  'ResourceArns',
  'VpcIds',
  'SubnetIds',
  'CertificateArn',
  'Namespace',
];

export function resourceOf(input: Record<string, unknown> | undefined): string | undefined {
  if (!input) return undefined;
  for (const f of RESOURCE_FIELDS) {
    const v = input[f];
    if (typeof v === 'string' && v)
      return f === 'Key' && typeof input.Bucket === 'string' ? `s3://${input.Bucket}/${v}` : v;
    if (Array.isArray(v) && v.length > 0 && typeof v[0] === 'string')
      return v.length === 1 ? v[0] : `${v[0]} (+${v.length - 1})`;
  }
  return undefined;
}

/** Counts a process's AWS calls and their rounds, online, as the calls start and finish. */
export class RoundMeter {
  private calls = 0;
  private deepest = 0;
  /** The highest round among the calls finished so far. */
  private finishedRound = 0;

  /** A call starts now: its round. */
  start(): number {
    this.calls++;
    const round = this.finishedRound + 1;
    this.deepest = Math.max(this.deepest, round);
    return round;
  }

  /** The call of this round has finished (answered or failed). */
  finish(round: number): void {
    this.finishedRound = Math.max(this.finishedRound, round);
  }

  get totals(): { calls: number; rounds: number } {
    return { calls: this.calls, rounds: this.deepest };
  }

  /**
   * One line for the end of a command: calls, rounds, and the wall time since the process started
   * (Node's start included: that is what a user waits for).
   */
  summary(now = performance.now()): string {
    return `aws: ${this.calls} call${this.calls === 1 ? '' : 's'}, ${this.deepest} round${this.deepest === 1 ? '' : 's'}, wall ${Math.round(now)}ms`;
  }
}

/** One --verbose line: `aws elbv2 DescribeListeners +412ms r2 398ms ok`. */
export function callLine(
  service: string,
  operation: string,
  startedAt: number,
  round: number,
  ms: number,
  outcome: string,
): string {
  return `aws ${service} ${operation} +${Math.round(startedAt)}ms r${round} ${Math.round(ms)}ms ${outcome}`;
}

/**
 * @param meter shared by every client of the process, so rounds span services.
 */
export function callLogMiddleware(
  service: string,
  log: ((line: string) => void) | undefined,
  endpoint?: string,
  meter: RoundMeter = new RoundMeter(),
) {
  return (next: (args: any) => Promise<any>, context: { commandName?: string }) => async (args: any) => {
    const operation = (context.commandName ?? 'Unknown').replace(/Command$/, '');
    // performance.now() counts from the process's start: the offset includes Node's start-up.
    const started = performance.now();
    const round = meter.start();
    try {
      const out = await next(args);
      meter.finish(round);
      log?.(callLine(service, operation, started, round, performance.now() - started, 'ok'));
      return out;
    } catch (err: any) {
      meter.finish(round);
      log?.(callLine(service, operation, started, round, performance.now() - started, err?.name ?? 'error'));
      if (err && typeof err === 'object') {
        err.$railsOperation ??= operation;
        err.$railsService ??= service;
        err.$railsResource ??= resourceOf(args?.input);
        err.$railsEndpoint ??= endpoint;
      }
      throw err;
    }
  };
}
