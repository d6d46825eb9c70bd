/** How signal numbers read in messages: `1,204 requests`, `31 %`, `1.8 s`. */
import { groupedInteger } from '../common/compare.js';

export const count = (n: number) => groupedInteger(n);

/** A percentage: whole above 10, one decimal below (`0.4 %`, `31 %`). */
export function percent(p: number): string {
  return `${p >= 10 || p === 0 ? Math.round(p) : p.toFixed(1)} %`;
}

/** Seconds: `850 ms` below a second, else `1.8 s`. */
export function seconds(s: number): string {
  return s < 1 ? `${Math.round(s * 1000)} ms` : `${s.toFixed(1)} s`;
}
