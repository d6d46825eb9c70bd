/** Verdicts from signals: shares against thresholds, no traffic, the numbers in the messages. */
import { describe, expect, it } from 'vitest';
import { API_HOP, apiQueries, apiSignals } from '../../src/lib/signals/api.js';
import { DEFAULT_THRESHOLDS, type SignalQuery } from '../../src/lib/signals/model.js';
import { withIds } from '../../src/lib/signals/plan.js';
import {
  albSignals,
  nlbSignals,
  type QueryData,
  serviceSignals,
  shareLevel,
  syncSignals,
} from '../../src/lib/signals/verdicts.js';

const MIN = 60_000;
const END = Date.parse('2026-12-05T06:00:00Z');
const window = { start: END - 15 * MIN, end: END };
const t = DEFAULT_THRESHOLDS;

/** One query of `metric`/`stat` with `values` in the last minutes of the window (oldest first). */
function q(metric: string, values: number[], stat = 'Sum', subject?: string): QueryData {
  const query: SignalQuery = {
    id: 'x',
    hop: 'h',
    namespace: 'N',
    metric,
    dimensions: {},
    stat,
    ...(subject ? { subject } : {}),
  };
  return {
    query,
    data: { timestamps: values.map((_, i) => END - (values.length - i) * MIN), values },
  };
}

describe('shareLevel', () => {
  it('degrades from 1 %, breaks from 25 %, and never without requests or errors', () => {
    expect(shareLevel(0, 100, t)).toBeUndefined();
    expect(shareLevel(0.9, 100, t)).toBeUndefined();
    expect(shareLevel(1, 100, t)).toBe('degraded');
    expect(shareLevel(24, 100, t)).toBe('degraded');
    expect(shareLevel(25, 100, t)).toBe('broken');
    expect(shareLevel(5, 0, t)).toBeUndefined();
    expect(shareLevel(5, 100, { ...t, errorRate: { degraded: 10, broken: 50 } })).toBeUndefined();
  });
});

describe('a service', () => {
  it('is broken at 31 % target 5xx, and the message carries the numbers', () => {
    const v = serviceSignals(
      [q('RequestCount', [240, 240, 240, 240, 244]), q('HTTPCode_Target_5XX_Count', [74, 75, 75, 75, 74])],
      window,
      t,
    );
    expect(v.reasons).toEqual([
      expect.objectContaining({
        level: 'broken',
        code: 'Target.5xx',
        message: '31 % of 1,204 requests answered 5xx by targets in the last 5m',
      }),
    ]);
    expect(v.signals).toMatchObject({ traffic: true, inputs: { requests: 1204, errors: 373 } });
    expect(v.signals.inputs.errorPercent).toBeCloseTo(30.98, 1);
    expect(v.signals.series[0]!.timestamps[0]).toBe('2026-12-05T05:55:00.000Z');
  });

  it('looks at the last 5 minutes only: errors earlier in the window are history', () => {
    const old = q('HTTPCode_Target_5XX_Count', [500, 0, 0, 0, 0, 0, 0]);
    const v = serviceSignals([q('RequestCount', [500, 100, 100, 100, 100, 100, 100]), old], window, t);
    expect(v.reasons).toEqual([]);
  });

  it('adds target groups (blue/green) and judges p99, connection errors, CPU and memory', () => {
    const v = serviceSignals(
      [
        q('RequestCount', [100, 100, 100, 100, 100], 'Sum', 'blue'),
        q('RequestCount', [100, 100, 100, 100, 100], 'Sum', 'green'),
        q('TargetConnectionErrorCount', [0, 0, 0, 0, 20], 'Sum', 'blue'),
        q('TargetResponseTime', [0.2, 0.2, 3.4, 0.2, 0.2], 'p99', 'blue'),
        q('TargetResponseTime', [0.05, 0.05, 0.05, 0.05, 0.05], 'p50', 'blue'),
        q('CPUUtilization', [95, 96, 97, 94, 93], 'Average'),
        q('MemoryUtilization', [40, 40, 40, 40, 40], 'Average'),
      ],
      window,
      t,
    );
    expect(v.reasons.map((r) => [r.code, r.level])).toEqual([
      ['Target.ConnectionErrors', 'degraded'],
      ['Target.SlowResponses', 'degraded'],
      ['Service.CpuHigh', 'degraded'],
    ]);
    expect(v.reasons[1]!.message).toBe('p99 response time 3.4 s (threshold 2.0 s) in the last 5m');
    expect(v.signals.inputs).toMatchObject({
      requests: 1000,
      p99Seconds: 3.4,
      p50Seconds: 0.05,
      cpuPercent: 95,
      memoryPercent: 40,
    });
  });

  it('without datapoints has no traffic: said so, no reason', () => {
    const v = serviceSignals(
      [{ query: q('RequestCount', []).query }, q('HTTPCode_Target_5XX_Count', [])],
      window,
      t,
    );
    expect(v.reasons).toEqual([]);
    expect(v.signals).toMatchObject({
      traffic: false,
      note: 'no traffic in the last 15m',
      inputs: { requests: 0 },
    });
    expect(v.signals.inputs.errorPercent).toBeUndefined();
  });
});

describe('the ALB', () => {
  it('names the ELB code and its hint', () => {
    const v = albSignals(
      [
        q('RequestCount', [100, 100, 100, 100, 100]),
        q('HTTPCode_ELB_503_Count', [100, 100, 100, 100, 100]),
        q('HTTPCode_ELB_502_Count', [0, 0, 0, 0, 2]),
      ],
      window,
      t,
    );
    expect(v.reasons.map((r) => [r.code, r.level])).toEqual([['Alb.Elb503', 'broken']]);
    expect(v.reasons[0]!.hint).toMatch(/no healthy target/);
  });

  it('counts errors against requests even when RequestCount left them out', () => {
    const v = albSignals([q('HTTPCode_ELB_503_Count', [10])], window, t);
    expect(v.reasons[0]).toMatchObject({
      code: 'Alb.Elb503',
      level: 'broken',
      message: '100 % of 10 requests answered 503 by the ALB in the last 5m',
    });
  });

  it('502 and 504 have their own hints', () => {
    const v = albSignals(
      [q('RequestCount', [100]), q('HTTPCode_ELB_502_Count', [5]), q('HTTPCode_ELB_504_Count', [30])],
      window,
      t,
    );
    expect(v.reasons.map((r) => r.code)).toEqual(['Alb.Elb502', 'Alb.Elb504']);
    expect(v.reasons[0]!.hint).toMatch(/closed the connection or answered malformed/);
    expect(v.reasons[1]!.hint).toMatch(/slower than the ALB idle timeout/);
  });
});

describe('the NLB and the sync', () => {
  it('target resets against new flows', () => {
    const v = nlbSignals([q('NewFlowCount', [100, 100]), q('TCP_Target_Reset_Count', [40, 60])], window, t);
    expect(v.reasons[0]).toMatchObject({
      code: 'Nlb.TargetResets',
      level: 'broken',
      message: '50 % of 200 flows were reset by their target (the ALB side) in the last 5m',
    });
  });

  it("the sync Lambda's errors and the sync's own FailureCount", () => {
    const errs = q('Errors', [1, 1, 1, 0, 1]);
    errs.query.dimensions = { FunctionName: 'dev-rails-sync-ips' };
    const v = syncSignals([errs, q('Invocations', [1, 1, 1, 1, 1]), q('FailureCount', [0, 2])], window, t);
    expect(v.reasons.map((r) => [r.code, r.level])).toEqual([
      ['Sync.LambdaErrors', 'broken'],
      ['Sync.Failures', 'degraded'],
    ]);
    expect(v.reasons[0]!.message).toBe(
      '80 % of 5 invocations of the sync Lambda dev-rails-sync-ips failed in the last 5m',
    );
    expect(v.signals.inputs).toMatchObject({ requests: 5, errors: 4, syncFailures: 2 });
  });
});

describe('the API hop', () => {
  it('queries REST APIs by ApiName and Stage, HTTP APIs by ApiId and Stage with their own names', () => {
    const rest = withIds(apiQueries({ kind: 'rest', apiName: 'orders', stage: 'prod' }));
    expect(rest.map((x) => `${x.metric} ${x.stat}`)).toEqual([
      'Count Sum',
      '4XXError Sum',
      '5XXError Sum',
      'Latency p99',
      'IntegrationLatency p99',
    ]);
    expect(rest.every((x) => x.hop === API_HOP && x.namespace === 'AWS/ApiGateway')).toBe(true);
    expect(rest[0]!.dimensions).toEqual({ ApiName: 'orders', Stage: 'prod' });
    const http = apiQueries({ kind: 'http', apiId: 'a1b2c3', stage: '$default' });
    expect(http.map((x) => x.metric)).toEqual(['Count', '4xx', '5xx', 'Latency', 'IntegrationLatency']);
    expect(http[0]!.dimensions).toEqual({ ApiId: 'a1b2c3', Stage: '$default' });
  });

  it('Api.5xx by share, Api.Latency by p99 in milliseconds against seconds', () => {
    const v = apiSignals(
      'http',
      [
        q('Count', [1000]),
        q('5xx', [30]),
        q('Latency', [6500], 'p99'),
        q('IntegrationLatency', [6400], 'p99'),
      ],
      window,
      t,
    );
    expect(v.reasons.map((r) => [r.code, r.level])).toEqual([
      ['Api.5xx', 'degraded'],
      ['Api.Latency', 'degraded'],
    ]);
    expect(v.reasons[1]!.message).toBe(
      'p99 latency 6.5 s (threshold 5.0 s), 6.4 s of it in the integration in the last 5m',
    );
    expect(apiSignals('rest', [q('Count', [])], window, t).signals.traffic).toBe(false);
  });
});
