/**
 * Collects log lines into one string by writing each into a growing byte buffer as it is made, so
 * the line itself dies young. Holding thousands of freshly built lines in an array and joining them
 * later costs several times more: each line is a tree of string pieces that the garbage collector
 * copies for as long as it is held (measured in bench/signals.mjs).
 */
export class LineBuffer {
  private buf = Buffer.allocUnsafe(64 * 1024);
  private length = 0;

  push(line: string): void {
    // UTF-8 takes at most 3 bytes per UTF-16 unit; grow before writing.
    const need = this.length + line.length * 3 + 1;
    if (need > this.buf.length) {
      const grown = Buffer.allocUnsafe(Math.max(need, this.buf.length * 2));
      this.buf.copy(grown, 0, 0, this.length);
      this.buf = grown;
    }
    this.length += this.buf.write(line, this.length);
    this.buf[this.length++] = 10;
  }

  /** The lines so far, each ending in a newline. */
  text(): string {
    return this.buf.toString('utf8', 0, this.length);
  }
}
