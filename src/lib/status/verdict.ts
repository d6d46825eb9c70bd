/** Verdict arithmetic shared by every hop. */
import type { HopVerdict, Reason, Verdict } from './model.js';

const RANK: Record<Reason['level'], number> = { ok: 0, warning: 1, degraded: 2, broken: 3 };

/** The worse of two verdicts. */
export function worst(a: Verdict, b: Verdict): Verdict {
  return RANK[a] >= RANK[b] ? a : b;
}

/** A hop's verdict from its reasons (warnings do not count), reasons sorted worst first. */
export function judge(reasons: Reason[]): HopVerdict {
  const sorted = [...reasons].sort((x, y) => RANK[y.level] - RANK[x.level]);
  let verdict: Verdict = 'ok';
  for (const r of sorted) if (r.level !== 'warning') verdict = worst(verdict, r.level);
  return { verdict, reasons: sorted };
}

/** The first hop to read: the first broken one in path order, else the first degraded one. */
export function firstProblem<T extends { hop: string } & HopVerdict>(hops: T[]): T | undefined {
  return hops.find((h) => h.verdict === 'broken') ?? hops.find((h) => h.verdict === 'degraded');
}
