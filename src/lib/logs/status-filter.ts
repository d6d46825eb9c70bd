/**
 * `--status`: which ELB status codes a request must have to count (`5xx`, `502`, or a list such as
 * `502,504,4xx`). Checked once, before any AWS call: bad input is a usage error.
 */
import { UsageError } from '../errors.js';

/** True when the code passes the filter. */
export type StatusFilter = (code: string) => boolean;

export function parseStatusFilter(text: string): StatusFilter {
  const parts = text.split(',').map((p) => p.trim().toLowerCase());
  const exact = new Set<string>();
  const classes = new Set<string>();
  for (const p of parts) {
    if (/^[1-5]xx$/.test(p)) classes.add(p[0]!);
    else if (/^[1-5]\d\d$/.test(p)) exact.add(p);
    else
      throw new UsageError(`--status ${text}: '${p}' is not a status code or class`, {
        hint: 'use a code (502), a class (5xx) or a comma-separated list (502,504,4xx)',
      });
  }
  return (code) => exact.has(code) || classes.has(code[0]!);
}
