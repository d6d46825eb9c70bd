/** The key math: day folders, the file stem, StartAfter and the end bound, on AWS's documented layout. */
import { describe, expect, it } from 'vitest';
import {
  dayListings,
  endTimeOfKey,
  fileStem,
  type LogLocation,
  lastUsefulKeyTime,
  logRoot,
} from '../../src/lib/logs/log-keys.js';
import { parseSince, timeBounds, windowEndingAt } from '../../src/lib/logs/log-window.js';
import { logKey } from './log-writer.js';

const loc: LogLocation = {
  bucket: 'logs',
  prefix: '',
  account: '123456789012',
  region: 'us-east-2',
  loadBalancerId: 'app/my-loadbalancer/1234567890abcdef',
};

describe('keys', () => {
  it('match the documented example file name', () => {
    // "Access logs for your Application Load Balancer", Access log files (docs/aws-behaviour.md §12).
    const example =
      'AWSLogs/123456789012/elasticloadbalancing/us-east-2/2014/02/15/123456789012_elasticloadbalancing_us-east-2_app.my-loadbalancer.1234567890abcdef_20140215T2340Z_172.160.001.192_20sg8hgm.log.gz';
    expect(example.startsWith(`${logRoot(loc)}2014/02/15/${fileStem(loc)}`)).toBe(true);
    expect(endTimeOfKey(example, fileStem(loc))).toBe('20140215T2340Z');
  });

  it('put the prefix before AWSLogs', () => {
    expect(logRoot({ ...loc, prefix: 'edge/prod' })).toBe(
      'edge/prod/AWSLogs/123456789012/elasticloadbalancing/us-east-2/',
    );
  });

  it('list one day folder from the start minute, or two across midnight', () => {
    const w = { start: Date.UTC(2024, 2, 9, 10, 3, 20), end: Date.UTC(2024, 2, 9, 10, 18, 20) };
    expect(dayListings(loc, w)).toEqual([
      {
        prefix: `${logRoot(loc)}2024/03/09/${fileStem(loc)}`,
        startAfter: `${logRoot(loc)}2024/03/09/${fileStem(loc)}20240309T1003Z`,
      },
    ]);
    const late = { start: Date.UTC(2024, 2, 9, 23, 50), end: Date.UTC(2024, 2, 9, 23, 58) };
    expect(dayListings(loc, late).map((d) => d.prefix.split('/').slice(-4, -1).join('/'))).toEqual([
      '2024/03/09',
      '2024/03/10',
    ]);
  });

  it('take files ending inside the window or in the 5 minutes after it, and none that end before it', () => {
    const w = { start: Date.UTC(2024, 2, 9, 10, 3, 20), end: Date.UTC(2024, 2, 9, 10, 18, 20) };
    const [day] = dayListings(loc, w);
    const stem = fileStem(loc);
    const key = (h: number, m: number) => logKey(loc, new Date(Date.UTC(2024, 2, 9, h, m)));
    const before = key(10, 0);
    const first = key(10, 5);
    const last = key(10, 20);
    const after = key(10, 25);
    expect(before > day!.startAfter).toBe(false);
    expect(first > day!.startAfter).toBe(true);
    expect(endTimeOfKey(last, stem)! <= lastUsefulKeyTime(w)).toBe(true);
    expect(endTimeOfKey(after, stem)! <= lastUsefulKeyTime(w)).toBe(false);
  });
});

describe('the window', () => {
  it('parses durations and refuses the rest', () => {
    expect(parseSince('15m')).toBe(900_000);
    expect(parseSince('1h30m')).toBe(5_400_000);
    expect(parseSince('2d')).toBe(172_800_000);
    expect(() => parseSince('15')).toThrow(/duration/);
    expect(() => parseSince('0m')).toThrow(/duration/);
    expect(() => parseSince('8d')).toThrow(/at most 7d/);
  });

  it('bounds ALB and NLB times alike, the whole last second included', () => {
    const b = timeBounds(windowEndingAt(Date.UTC(2018, 6, 2, 22, 23, 0, 500), 60_000));
    expect('2018-07-02T22:22:00.000000Z' >= b.from).toBe(true);
    expect('2018-07-02T22:21:59.999999Z' >= b.from).toBe(false);
    expect('2018-07-02T22:23:00.999999Z' <= b.to).toBe(true);
    expect('2018-07-02T22:23:00' <= b.to).toBe(true);
    expect('2018-07-02T22:23:01' <= b.to).toBe(false);
  });
});
