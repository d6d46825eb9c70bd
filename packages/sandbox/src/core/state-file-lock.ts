/**
 * A lock file beside the state file (`<state>.lock`), so two processes on one state file (`rails up
 * --sandbox` in one terminal, `rails sandbox rotate-ips --sandbox` in another) take turns at reload ->
 * handle -> save and never overwrite each other's writes with a stale copy. Held per request, never
 * for a process's life, so neither side starves the other.
 *
 * Within one process the lock is shared (a count): requests in one process already work on one
 * in-memory state, and a sandbox Lambda function calling back into the sandbox while its Invoke holds
 * the lock must not wait on itself. A lock whose holder process is gone, or that is older than
 * STALE_MS, is broken. Waiting is async polling, so the event loop keeps serving.
 */
import { mkdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** A holder older than this is taken to be stuck (or its pid reused) and the lock is broken. */
const STALE_MS = 30_000;
const POLL_MS = 5;
const MAX_POLL_MS = 25;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export class StateFileLock {
  private holders = 0;
  private acquiring: Promise<void> | undefined;
  readonly lockFile: string;
  private readonly waitFile: string;

  constructor(stateFile: string) {
    this.lockFile = `${stateFile}.lock`;
    this.waitFile = `${stateFile}.lock-wait`;
  }

  /** Takes the lock (shared within this process); call the returned function once to let go. */
  async acquire(): Promise<() => void> {
    if (this.holders === 0) {
      this.acquiring ??= this.take().finally(() => {
        this.acquiring = undefined;
      });
      await this.acquiring;
    }
    this.holders++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.holders--;
      if (this.holders === 0) this.drop();
    };
  }

  /** Runs `work` holding the lock. */
  async with<T>(work: () => Promise<T> | T): Promise<T> {
    const release = await this.acquire();
    try {
      return await work();
    } finally {
      release();
    }
  }

  private async take(): Promise<void> {
    // Another process said it waits: let it in before taking the file again.
    if (this.otherWaiter()) await sleep(MAX_POLL_MS);
    mkdirSync(dirname(this.lockFile), { recursive: true });
    let delay = POLL_MS;
    let announced = false;
    for (;;) {
      try {
        writeFileSync(this.lockFile, JSON.stringify({ pid: process.pid, at: Date.now() }), { flag: 'wx' });
        if (announced) this.unlinkQuietly(this.waitFile);
        return;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      }
      this.breakIfStale();
      if (!announced) {
        announced = true;
        try {
          writeFileSync(this.waitFile, JSON.stringify({ pid: process.pid, at: Date.now() }));
        } catch {
          // only a courtesy to the holder
        }
      }
      await sleep(delay);
      delay = Math.min(MAX_POLL_MS, delay * 2);
    }
  }

  private otherWaiter(): boolean {
    try {
      const w = JSON.parse(readFileSync(this.waitFile, 'utf8')) as { pid: number; at: number };
      return w.pid !== process.pid && Date.now() - w.at < 1000 && alive(w.pid);
    } catch {
      return false;
    }
  }

  /** Removes the lock when its holder died or has held it beyond STALE_MS. */
  private breakIfStale(): void {
    let text: string;
    let mtime: number;
    try {
      mtime = statSync(this.lockFile).mtimeMs;
      text = readFileSync(this.lockFile, 'utf8');
    } catch {
      return;
    }
    let holder: { pid?: number; at?: number } = {};
    try {
      holder = JSON.parse(text);
    } catch {
      // being written right now, or its writer crashed mid-write: judged by the file's age alone
    }
    const stale =
      (typeof holder.pid === 'number' && holder.pid !== process.pid && !alive(holder.pid)) ||
      Date.now() - (holder.at ?? mtime) > STALE_MS;
    if (!stale) return;
    // Rename first: of two processes breaking the same stale lock, only one succeeds.
    const aside = `${this.lockFile}.stale-${process.pid}`;
    try {
      renameSync(this.lockFile, aside);
      unlinkSync(aside);
    } catch {
      // another process broke it first
    }
  }

  private drop(): void {
    this.unlinkQuietly(this.lockFile);
  }

  private unlinkQuietly(file: string): void {
    try {
      unlinkSync(file);
    } catch {
      // already gone
    }
  }
}
