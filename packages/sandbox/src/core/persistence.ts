/**
 * State file: the whole sandbox (state, sandbox clock, time scale) as JSON. Written atomically (temp
 * file + rename), so a reader — or a second sandbox process on the same file — only ever sees a whole
 * file. Before each request the file is checked: when another process wrote it since, its state is
 * loaded, so processes that take turns on one file (`rails up --sandbox`, then `rails status
 * --sandbox`) see each other's changes instead of overwriting them with stale copies.
 */
import { mkdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { Clock } from './clock.js';
import type { SandboxInstance } from './sandbox-instance.js';
import { emptyState } from './state.js';
import { StateFileLock } from './state-file-lock.js';
import type { SandboxState } from './types.js';

const FORMAT = 'rails-sandbox-state/1';

/** A state file that exists but cannot be loaded (not JSON, not a sandbox state). */
export class StateFileError extends Error {
  constructor(
    readonly file: string,
    why: string,
  ) {
    super(`cannot load the sandbox state file ${file}: ${why}`);
    this.name = 'StateFileError';
  }
}

interface StateFile {
  format: string;
  /** Wall-clock ms of the write. */
  savedAt: number;
  clock: { now: number; timeScale: number };
  state: SandboxState;
}

export class StateStore {
  private signature = '';
  /** Real ms of this process's last write. */
  savedAtReal = 0;

  /** Held around reload -> handle -> save (state-file-lock.ts). */
  readonly lock: StateFileLock;

  constructor(readonly file: string) {
    this.lock = new StateFileLock(file);
  }

  /** Whether state changed since the last write and is due: at once, or a second after a soon-change. */
  due(sb: SandboxInstance): boolean {
    return sb.dirty || (sb.dirtySoon && Date.now() - this.savedAtReal >= 1000);
  }

  private stat(): string {
    try {
      const s = statSync(this.file);
      return `${s.mtimeMs}:${s.size}:${s.ino}`;
    } catch {
      return '';
    }
  }

  /** Loads the file into the sandbox; false when there is no file yet. */
  load(sb: SandboxInstance): boolean {
    let text: string;
    const signature = this.stat();
    try {
      text = readFileSync(this.file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw err;
    }
    let data: StateFile;
    try {
      data = JSON.parse(text) as StateFile;
    } catch (err) {
      throw new StateFileError(this.file, `it is not JSON (${(err as Error).message})`);
    }
    if (data?.format !== FORMAT || typeof data.state !== 'object' || typeof data.clock?.now !== 'number') {
      throw new StateFileError(this.file, `it is not a sandbox state file (expected format '${FORMAT}')`);
    }
    // Keys a newer service added since the file was written start empty.
    sb.state = { ...emptyState(sb.services), ...data.state };
    const scale = data.clock.timeScale || 1;
    // Time went on while no sandbox ran: at the normal rate, so a restart never moves time back.
    const elapsed = Math.max(0, Date.now() - data.savedAt);
    sb.clock = new Clock(scale, data.clock.now + elapsed);
    sb.settings.timeScale = scale;
    sb.dirty = false;
    sb.dirtySoon = false;
    this.signature = signature;
    return true;
  }

  /** Reloads when another process replaced the file since this one last read or wrote it. */
  reloadIfChanged(sb: SandboxInstance): boolean {
    const now = this.stat();
    if (now === '' || now === this.signature) return false;
    return this.load(sb);
  }

  save(sb: SandboxInstance): void {
    const data: StateFile = {
      format: FORMAT,
      savedAt: Date.now(),
      clock: { now: sb.clock.now(), timeScale: sb.clock.timeScale },
      state: sb.state,
    };
    mkdirSync(dirname(this.file), { recursive: true });
    const tmp = `${this.file}.${process.pid}-${sb.hex(8)}.tmp`;
    try {
      // Owner only: the state holds everything the sandbox serves (README "Security").
      writeFileSync(tmp, JSON.stringify(data), { mode: 0o600 });
      renameSync(tmp, this.file);
    } catch (err) {
      try {
        unlinkSync(tmp);
      } catch {
        // the temp file may not exist; the original error matters
      }
      throw err;
    }
    sb.dirty = false;
    sb.dirtySoon = false;
    this.savedAtReal = Date.now();
    this.signature = this.stat();
  }
}
