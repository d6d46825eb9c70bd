/** Arithmetic over per-minute series: the last minutes of the window, sums, worst values. */
import { PERIOD_SECONDS, type SeriesData, type SignalWindow, VERDICT_MINUTES } from './model.js';

const MINUTE = PERIOD_SECONDS * 1000;

/** The values whose minute starts within the last `minutes` of the window. */
export function lastMinutes(
  data: SeriesData | undefined,
  window: SignalWindow,
  minutes = VERDICT_MINUTES,
): number[] {
  if (!data) return [];
  const from = window.end - minutes * MINUTE;
  return data.values.filter((_, i) => data.timestamps[i]! >= from && data.timestamps[i]! < window.end);
}

export const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
export const max = (xs: number[]) => (xs.length ? Math.max(...xs) : undefined);
export const average = (xs: number[]) => (xs.length ? sum(xs) / xs.length : undefined);

/** Adds series minute by minute (counts of several target groups). */
export function addSeries(list: (SeriesData | undefined)[]): SeriesData {
  const byMinute = new Map<number, number>();
  for (const s of list)
    s?.timestamps.forEach((t, i) => {
      byMinute.set(t, (byMinute.get(t) ?? 0) + (s.values[i] ?? 0));
    });
  const timestamps = [...byMinute.keys()].sort((a, b) => a - b);
  return { timestamps, values: timestamps.map((t) => byMinute.get(t)!) };
}

/** One value per minute of the window, oldest first; `fill` where the minute has no datapoint. */
export function perMinute(
  data: SeriesData | undefined,
  window: SignalWindow,
  fill: number | undefined,
): (number | undefined)[] {
  const minutes = Math.round((window.end - window.start) / MINUTE);
  const out: (number | undefined)[] = Array.from({ length: minutes }, () => fill);
  data?.timestamps.forEach((t, i) => {
    const k = Math.floor((t - window.start) / MINUTE);
    if (k >= 0 && k < minutes) out[k] = data.values[i];
  });
  return out;
}
