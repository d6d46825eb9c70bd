/**
 * The time window `rails logs` reads: `--since 15m` turned into a start and an end, and the bounds a
 * log line's `time` field is compared with. Lines are compared as text (ISO 8601 sorts as it reads), so
 * a million lines need no Date parsing.
 */
import { UsageError } from '../errors.js';

export interface LogWindow {
  /** Epoch ms, inclusive. */
  start: number;
  /** Epoch ms, inclusive. */
  end: number;
}

/** The longest window: a week of 5-minute files per node is a few thousand objects. */
export const MAX_SINCE_MS = 7 * 24 * 3600_000;

const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3600_000, d: 86_400_000 };

/** Parses `90s`, `15m`, `1h`, `2d` (or a sum such as `1h30m`) into milliseconds. */
export function parseSince(text: string): number {
  const parts = /^(?:\d+[smhd])+$/.test(text.trim()) ? text.trim().match(/\d+[smhd]/g)! : [];
  const ms = parts.reduce((sum, p) => sum + Number(p.slice(0, -1)) * UNIT_MS[p.at(-1)!]!, 0);
  if (parts.length === 0 || ms <= 0)
    throw new UsageError(`--since ${text}: expected a duration such as 15m, 1h or 2d`, {
      hint: 'units: s, m, h, d; e.g. --since 90m',
    });
  if (ms > MAX_SINCE_MS)
    throw new UsageError(`--since ${text}: at most 7d`, {
      hint: 'for longer windows query the bucket with Athena (see the README of rails logs)',
    });
  return ms;
}

/** The window that ends now and reaches back `sinceMs`. */
export function windowEndingAt(now: number, sinceMs: number): LogWindow {
  return { start: now - sinceMs, end: now };
}

/**
 * Text bounds for a line's `time`: `from` <= time <= `to` as strings. ALB times carry microseconds and
 * a `Z` (`2018-07-02T22:23:00.186641Z`), NLB times neither (`2018-12-20T02:59:40`); both sort by their
 * first 19 characters, so the bounds are whole seconds and `to` ends in `~`, which sorts after `.` and
 * `Z`, to take in the whole last second.
 */
export function timeBounds(w: LogWindow): { from: string; to: string } {
  const iso = (ms: number) => new Date(ms).toISOString().slice(0, 19);
  return { from: iso(w.start), to: `${iso(w.end)}~` };
}
