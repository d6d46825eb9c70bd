/** Schedule expressions: what EventBridge accepts, and when each schedule fires next. */
import { describe, expect, it } from 'vitest';
import { nextFire, parseSchedule } from '../../src/services/events/schedule.js';

const at = (iso: string) => Date.parse(iso);

describe('parseSchedule', () => {
  it.each([
    ['rate(1 minute)', 60_000],
    ['rate(10 minutes)', 600_000],
    ['rate(1 hour)', 3_600_000],
    ['rate(3 days)', 259_200_000],
  ])('%s has a period of %i ms', (expr, ms) => {
    expect(parseSchedule(expr)).toEqual({ kind: 'rate', periodMs: ms });
  });

  it.each([
    'rate(1 minutes)',
    'rate(2 minute)',
    'rate(0 minutes)',
    'rate(-1 minutes)',
    'rate(1 second)',
    'rate(1  minute)',
    'cron(* * * * *)',
    'cron(0 12 * * * *)',
    'cron(0 12 ? * ? *)',
    'cron(60 * * * ? *)',
    'cron(0 24 * * ? *)',
    'cron(0 12 * 13 ? *)',
    'cron(0 12 ? * 8 *)',
    'at(2026-01-01T00:00:00)',
  ])('refuses %s', (expr) => {
    expect(() => parseSchedule(expr)).toThrow('Parameter ScheduleExpression is not valid.');
  });
});

describe('nextFire', () => {
  it('counts rate periods from the anchor', () => {
    const rate = parseSchedule('rate(5 minutes)');
    const anchor = at('2026-01-01T00:00:00Z');
    expect(nextFire(rate, anchor, anchor)).toBe(at('2026-01-01T00:05:00Z'));
    expect(nextFire(rate, anchor, at('2026-01-01T00:05:00Z'))).toBe(at('2026-01-01T00:10:00Z'));
    expect(nextFire(rate, anchor, at('2026-01-01T01:02:03Z'))).toBe(at('2026-01-01T01:05:00Z'));
  });

  it.each([
    ['cron(0 12 * * ? *)', '2026-01-01T10:30:00Z', '2026-01-01T12:00:00Z'],
    ['cron(0 12 * * ? *)', '2026-01-01T12:00:00Z', '2026-01-02T12:00:00Z'],
    ['cron(0/15 * * * ? *)', '2026-01-01T10:07:00Z', '2026-01-01T10:15:00Z'],
    ['cron(30 9 ? * MON-FRI *)', '2026-01-02T10:00:00Z', '2026-01-05T09:30:00Z'],
    ['cron(0 0 1 JAN ? 2027)', '2026-06-01T00:00:00Z', '2027-01-01T00:00:00Z'],
  ])('%s after %s fires at %s', (expr, after, expected) => {
    expect(nextFire(parseSchedule(expr), 0, at(after))).toBe(at(expected));
  });
});
