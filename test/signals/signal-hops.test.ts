/**
 * Signals joined to the status model (no AWS): a signal reason becomes the hop's verdict, the first
 * problem and the exit code's input; control-plane reasons keep their place; a failed read leaves the
 * hops without signals; the terminal lines say "no traffic" in words and draw sparklines from series.
 */
import { describe, expect, it } from 'vitest';
import { sparkline } from '../../src/commands/inspect/render-signals.js';
import { renderStatus } from '../../src/commands/inspect/render-status.js';
import { renderStatusCompact } from '../../src/commands/inspect/render-status-compact.js';
import type { RailSnapshot } from '../../src/lib/observe/snapshot.js';
import { DEFAULT_THRESHOLDS, type SignalQuery, type SignalsRead } from '../../src/lib/signals/model.js';
import { ecsServiceHop, targetGroupHop } from '../../src/lib/signals/plan.js';
import { buildStatus } from '../../src/lib/status/build-status.js';
import { ALB, BLUE, healthy, target } from '../status/snapshot-fixture.js';

const MIN = 60_000;
const END = Date.parse('2026-12-05T06:00:00Z');

/** The healthy fixture with signals read: `values` per query (last minutes of a 15-minute window). */
function withSignals(values: Partial<Record<string, number[]>>, error?: string): RailSnapshot {
  const snap = healthy();
  snap.selector.signals = { sinceMs: 15 * MIN, thresholds: DEFAULT_THRESHOLDS };
  const q = (id: string, hop: string, metric: string, stat = 'Sum'): SignalQuery => ({
    id,
    hop,
    namespace: 'AWS/ApplicationELB',
    metric,
    dimensions: {},
    stat,
  });
  const queries = [
    q('a0', 'alb', 'RequestCount'),
    q('a1', 'alb', 'HTTPCode_ELB_502_Count'),
    q('t0', targetGroupHop(BLUE), 'RequestCount'),
    q('t1', targetGroupHop(BLUE), 'HTTPCode_Target_5XX_Count'),
    q('e0', ecsServiceHop('default', 'web'), 'CPUUtilization', 'Average'),
  ];
  const read: SignalsRead = { window: { start: END - 15 * MIN, end: END }, queries, results: {}, calls: 1 };
  for (const [id, vs] of Object.entries(values))
    read.results[id] = { timestamps: vs!.map((_, i) => END - (vs!.length - i) * MIN), values: vs! };
  if (error) read.error = error;
  snap.signals = read;
  return snap;
}

describe('signals in the status model', () => {
  it('a target 5xx share breaks the service hop and names the first problem', () => {
    const r = buildStatus(withSignals({ a0: [1000, 1000], t0: [1000, 1000], t1: [400, 300], e0: [30, 30] }));
    expect(r.verdict).toBe('broken');
    expect(r.firstProblem).toMatchObject({ hop: 'service:web', code: 'Target.5xx', verdict: 'broken' });
    expect(r.firstProblem?.message).toBe('35 % of 2,000 requests answered 5xx by targets in the last 5m');
    expect(r.services[0]!.signals?.inputs).toMatchObject({ requests: 2000, errors: 700, cpuPercent: 30 });
    expect(r.alb.signals?.inputs.requests).toBe(2000);
    expect(r.signals).toMatchObject({ calls: 1, queries: 5, window: { since: '15m', verdictMinutes: 5 } });
  });

  it('keeps the control plane first within a hop of the same level', () => {
    const snap = withSignals({ t0: [100], t1: [50] });
    snap.targetHealth[BLUE] = [
      target('10.0.1.9', 8080, 'unhealthy', 'Target.Timeout'),
      target('10.0.2.9', 8080, 'unhealthy', 'Target.Timeout'),
    ];
    const r = buildStatus(snap);
    expect(r.services[0]!.reasons.map((x) => x.code)).toEqual(['Target.Timeout', 'Target.5xx']);
    expect(r.firstProblem?.code).toBe('Target.Timeout');
  });

  it('no traffic: every hop ok, said in words', () => {
    const r = buildStatus(withSignals({}));
    expect(r.verdict).toBe('ok');
    expect(r.services[0]!.signals).toMatchObject({ traffic: false, note: 'no traffic in the last 15m' });
    const text = renderStatus(r);
    expect(text).toMatch(/signals 15m: no traffic in the last 15m/);
    expect(renderStatusCompact(r).split('\n')).toHaveLength(1 + 4);
  });

  it('a failed read: the summary says why, the hops carry no signals, nothing is judged', () => {
    const r = buildStatus(withSignals({ t0: [100], t1: [100] }, 'Throttling: Rate exceeded'));
    expect(r.verdict).toBe('ok');
    expect(r.signals?.error).toBe('Throttling: Rate exceeded');
    expect(r.services[0]!.signals).toBeUndefined();
    expect(renderStatus(r)).toMatch(/traffic signals could not be read: Throttling: Rate exceeded/);
  });

  it('without signals asked for (--no-signals) the model has none', () => {
    const snap = healthy();
    const r = buildStatus(snap);
    expect(r.signals).toBeUndefined();
    expect(r.alb.signals).toBeUndefined();
    expect(ALB).toContain(':loadbalancer/app/');
  });
});

describe('sparkline', () => {
  it('scales to the largest value or the threshold, and marks minutes without a value', () => {
    expect(sparkline([0, 1, 2, 4, 8])).toBe('▁▂▃▅█');
    expect(sparkline([0, 0, 0])).toBe('▁▁▁');
    expect(sparkline([undefined, 5, 10], 20)).toBe('·▃▅');
  });
});
