/**
 * ISO 8601 times for log lines, written for every request: the date part is formatted once per
 * second and reused, which keeps Date formatting out of the per-line cost.
 */
// Two slots: a line carries two times (request and response) that may straddle a second.
const seconds = [Number.NaN, Number.NaN];
const prefixes = ['', ''];

function secondPrefix(second: number): string {
  if (second === seconds[0]) return prefixes[0]!;
  if (second === seconds[1]) return prefixes[1]!;
  const slot = second & 1;
  seconds[slot] = second;
  prefixes[slot] = new Date(second * 1000).toISOString().slice(0, 19);
  return prefixes[slot]!;
}

const pad3 = (n: number) => (n < 10 ? `00${n}` : n < 100 ? `0${n}` : String(n));

/** `2018-07-02T22:23:00.186000Z`: microseconds as the ALB log writes them (the sandbox has ms). */
export function isoMicros(ms: number): string {
  const t = Math.floor(ms);
  const second = Math.floor(t / 1000);
  return `${secondPrefix(second)}.${pad3(t - second * 1000)}000Z`;
}

/** `2018-07-02T22:23:00.186Z`, what `Date.toISOString()` gives. */
export function isoMillis(ms: number): string {
  const t = Math.floor(ms);
  const second = Math.floor(t / 1000);
  return `${secondPrefix(second)}.${pad3(t - second * 1000)}Z`;
}
