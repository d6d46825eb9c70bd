// Figures the benches share about a run's request log.

/** The median of the figures (the upper one of an even count). */
export const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/**
 * Sequential rounds in a run's request log: the longest chain of calls each started after the one
 * before it ended (with latency injected per call, what a user waits for against real AWS).
 */
export function callChain(calls) {
  const spans = calls
    .map((c) => ({ start: Date.parse(c.at), end: Date.parse(c.at) + c.ms }))
    .sort((a, b) => a.start - b.start);
  const depth = [];
  spans.forEach((s, i) => {
    let d = 1;
    for (let j = 0; j < i; j++) if (spans[j].end <= s.start) d = Math.max(d, depth[j] + 1);
    depth.push(d);
  });
  return Math.max(0, ...depth);
}
