/**
 * `status --since`: how far back the signals reach. At least 5 minutes (the verdicts look at the last
 * 5) and at most 24 hours (1,440 one-minute datapoints per metric, what one GetMetricStatistics call
 * could hold; GetMetricData pages beyond its 100,800 datapoints per call).
 */
import { UsageError } from '../errors.js';

export const MIN_SINCE_MS = 5 * 60_000;
export const MAX_SINCE_MS = 24 * 3600_000;
export const DEFAULT_SINCE = '15m';

const UNIT_MS: Record<string, number> = { m: 60_000, h: 3600_000 };

/** Parses `5m`, `15m`, `1h`, `1h30m`, `24h` into milliseconds (whole minutes); UsageError otherwise. */
export function parseSignalsSince(text: string): number {
  const t = text.trim();
  const parts = /^(?:\d+[mh])+$/.test(t) ? t.match(/\d+[mh]/g)! : [];
  const ms = parts.reduce((sum, p) => sum + Number(p.slice(0, -1)) * UNIT_MS[p.at(-1)!]!, 0);
  if (parts.length === 0)
    throw new UsageError(
      `--since ${text}: expected a duration in minutes or hours such as 15m, 1h or 1h30m`,
      {
        hint: 'units: m, h; from 5m to 24h (metrics are per minute)',
      },
    );
  if (ms < MIN_SINCE_MS || ms > MAX_SINCE_MS)
    throw new UsageError(`--since ${text}: must be from 5m to 24h`, {
      hint: 'the verdicts look at the last 5 minutes; longer than a day: read the metrics in CloudWatch',
    });
  return ms;
}

/** `15m`, `1h`, `1h30m`: a duration as the flag spells it. */
export function formatSince(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return `${h ? `${h}h` : ''}${m || !h ? `${m}m` : ''}`;
}
