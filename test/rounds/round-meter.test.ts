import { describe, expect, it } from 'vitest';
import { callLine, RoundMeter } from '../../src/lib/aws/call-log.js';

describe('RoundMeter', () => {
  it('puts calls that start before any has finished in round 1', () => {
    const m = new RoundMeter();
    expect([m.start(), m.start(), m.start()]).toEqual([1, 1, 1]);
    expect(m.totals).toEqual({ calls: 3, rounds: 1 });
  });

  it('puts a call one round after the deepest call finished before it started', () => {
    const m = new RoundMeter();
    const a = m.start(); // r1
    const b = m.start(); // r1, still running
    m.finish(a);
    const c = m.start(); // after a: r2
    m.finish(c);
    const d = m.start(); // after c: r3, though b (r1) still runs
    m.finish(b);
    const e = m.start(); // b finishing adds nothing: the deepest finished is c (r2)
    expect([a, b, c, d, e]).toEqual([1, 1, 2, 3, 3]);
    expect(m.totals).toEqual({ calls: 5, rounds: 3 });
  });

  it('counts a failed call like an answered one', () => {
    const m = new RoundMeter();
    m.finish(m.start());
    expect(m.start()).toBe(2);
  });

  it('sums up calls, rounds and wall in one line', () => {
    const m = new RoundMeter();
    m.finish(m.start());
    m.start();
    expect(m.summary(1234.4)).toBe('aws: 2 calls, 2 rounds, wall 1234ms');
    expect(new RoundMeter().summary(5)).toBe('aws: 0 calls, 0 rounds, wall 5ms');
  });

  it('prints the start offset and round of a call', () => {
    expect(callLine('elbv2', 'DescribeListeners', 412.3, 2, 398.2, 'ok')).toBe(
      'aws elbv2 DescribeListeners +412ms r2 398ms ok',
    );
  });
});
