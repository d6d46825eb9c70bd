// The sync state files: keys of the three layouts, double-encoded JSON, tolerant reading.
import { describe, expect, it } from 'vitest';
import {
  formatTimeStamp,
  legacyStateKeys,
  parseActive,
  parsePending,
  serializeActive,
  serializePending,
  stateKeys,
} from '../../src/lib/sync/state-format.js';

const TG = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/dev-nlb-80/0123456789abcdef';
const ALB = 'internal-dev-alb-123.us-east-1.elb.amazonaws.com';

describe('state keys', () => {
  it('rails writes the seed article patch layout, keyed by target group', () => {
    expect(stateKeys(TG, ALB)).toEqual({
      layout: 'seed-patch',
      active: `${TG}/${ALB}/Active IP list of ${ALB}.json`,
      pending: `${TG}/${ALB}/Pending deregistration IP list of ${ALB}.json`,
    });
  });
  it('knows the original Python 2.7 keys, misspelling included, and the Python 3 ones', () => {
    const [py27, py3] = legacyStateKeys(ALB);
    expect(py27!.pending).toBe(
      `${ALB}-pending-deregisteration-IPs/Pending deregisteration IP list of ${ALB}.json`,
    );
    expect(py27!.active).toBe(`${ALB}-active-registered-IPs/Active IP list of ${ALB}.json`);
    expect(py3).toMatchObject({ active: `${ALB}/active_ip.json`, pending: `${ALB}/pending_ip.json` });
  });
});

describe('parsePending', () => {
  it('reads plain JSON', () => {
    expect(parsePending('{"10.0.1.5": 3}')).toEqual({ '10.0.1.5': 3 });
  });
  it('reads JSON encoded twice, as the original Lambda writes it', () => {
    expect(parsePending(JSON.stringify(JSON.stringify({ '10.0.1.5': 2, '10.0.2.6': 7 })))).toEqual({
      '10.0.1.5': 2,
      '10.0.2.6': 7,
    });
  });
  it('drops entries that are not an IPv4 with a positive whole count', () => {
    expect(parsePending('{"10.0.1.5": "4", "nope": 2, "10.0.1.6": -1, "10.0.1.7": 1.5}')).toEqual({
      '10.0.1.5': 4,
    });
  });
  it('refuses a body that is not an object', () => {
    expect(() => parsePending('[1,2]')).toThrow(/JSON object/);
  });
});

describe('active list', () => {
  it('round-trips and uses the original timestamp format, in UTC', () => {
    const at = new Date('2026-11-26T23:45:01.123Z');
    expect(formatTimeStamp(at)).toBe('2026-11-26 23:45:01');
    const text = serializeActive(ALB, ['10.0.1.5', '10.0.2.6'], at);
    expect(parseActive(text)).toEqual({
      LoadBalancerName: ALB,
      TimeStamp: '2026-11-26 23:45:01',
      IPList: ['10.0.1.5', '10.0.2.6'],
      IPCount: 2,
    });
    expect(parseActive(JSON.stringify(text))?.IPCount).toBe(2);
  });
  it('pending files are written sorted, as plain JSON', () => {
    expect(serializePending({ '10.0.2.1': 1, '10.0.1.1': 2 })).toBe('{"10.0.1.1":2,"10.0.2.1":1}');
  });
});
