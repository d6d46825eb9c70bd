/**
 * Where `rails sandbox` leaves its control token for the verbs: `sandbox.token` beside the state file
 * (`.rails/sandbox.token` without --state), owner-only, replaced on every start. The verbs send the
 * token from RAILS_SANDBOX_TOKEN, else from this file.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The token file of a sandbox started with this --state (or none). */
export function tokenFilePath(stateFile?: string): string {
  return join(stateFile ? dirname(stateFile) : '.rails', 'sandbox.token');
}

/**
 * Writes the token, mode 0600. A fresh temp file renamed over the old one: a previous run's file (or
 * anything else at that path) is replaced whole, never written through, and no reader sees half a token.
 */
export function writeTokenFile(file: string, token: string): void {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`;
  try {
    writeFileSync(tmp, `${token}\n`, { mode: 0o600, flag: 'wx' });
    renameSync(tmp, file);
  } catch (err) {
    try {
      unlinkSync(tmp);
    } catch {
      // the temp file may not exist; the original error matters
    }
    throw err;
  }
}

/** The token a verb sends: RAILS_SANDBOX_TOKEN, else the token file; undefined when neither exists. */
export function controlToken(stateFile?: string): string | undefined {
  const fromEnv = process.env.RAILS_SANDBOX_TOKEN?.trim();
  if (fromEnv) return fromEnv;
  try {
    return readFileSync(tokenFilePath(stateFile), 'utf8').trim() || undefined;
  } catch {
    return undefined;
  }
}
