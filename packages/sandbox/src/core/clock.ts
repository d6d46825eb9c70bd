/**
 * Sandbox time. Runs `timeScale` times faster than wall-clock time, so schedules and delays given in
 * AWS units (a 1-minute rate, a 300 s deregistration delay) can be watched in seconds.
 */
export class Clock {
  private realBase = Date.now();
  private sandboxBase: number;

  constructor(
    private scale = 1,
    start = Date.now(),
  ) {
    this.sandboxBase = start;
  }

  /** Sandbox time in epoch milliseconds. */
  now(): number {
    return this.sandboxBase + (Date.now() - this.realBase) * this.scale;
  }

  get timeScale(): number {
    return this.scale;
  }

  /** Changes the speed from now on without a jump in time. */
  setTimeScale(scale: number): void {
    this.sandboxBase = this.now();
    this.realBase = Date.now();
    this.scale = scale;
  }

  /** Moves sandbox time forward (tests and demos). */
  advance(ms: number): void {
    this.sandboxBase += ms;
  }

  /** Real milliseconds that correspond to `sandboxMs` of sandbox time. */
  toRealMs(sandboxMs: number): number {
    return sandboxMs / this.scale;
  }
}
