/** The digests over lines written in AWS's format: counts, rules → services, filters, the window. */
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { AlbDigestBuilder } from '../../src/lib/logs/alb-digest.js';
import { forEachLine } from '../../src/lib/logs/line-stream.js';
import { timeBounds } from '../../src/lib/logs/log-window.js';
import { NlbDigestBuilder } from '../../src/lib/logs/nlb-digest.js';
import { parseStatusFilter } from '../../src/lib/logs/status-filter.js';
import { NLB_TLS } from './aws-examples.js';
import { albLine, gzipLines, nlbLine } from './log-writer.js';

const T0 = Date.UTC(2024, 2, 9, 10, 0);
const at = (s: number) => new Date(T0 + s * 1000);
const window = timeBounds({ start: T0, end: T0 + 600_000 });
const TG_BILLING = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/billing-blue/1';
const services = {
  byTargetGroup: new Map([[TG_BILLING, 'billing']]),
  byRule: new Map([['443:10', 'billing']]),
};

const lines = [
  albLine({
    time: at(1),
    targetGroupArn: TG_BILLING,
    rulePriority: '10',
    url: 'https://api.abq.com:443/billing/a',
  }),
  albLine({
    time: at(2),
    targetGroupArn: TG_BILLING,
    rulePriority: '10',
    elbStatus: 502,
    targetStatus: '-',
    target: '-',
    targetSeconds: -1,
    errorReason: 'TargetConnectionError',
    traceId: 'Root=1-aaaaaaaa-000000000000000000000001',
  }),
  albLine({
    time: at(3),
    targetGroupArn: TG_BILLING,
    rulePriority: '10',
    targetSeconds: 2.5,
    traceId: 'Root=slow',
  }),
  albLine({ time: at(4), rulePriority: '0', elbStatus: 404, target: '-', actions: 'fixed-response' }),
  albLine({ time: at(-5), targetGroupArn: TG_BILLING, rulePriority: '10' }),
  'not an access log line',
];

function digest(filter: { service?: string; status?: string } = {}) {
  const b = new AlbDigestBuilder(services, {
    ...window,
    ...(filter.service ? { service: filter.service } : {}),
    ...(filter.status ? { status: parseStatusFilter(filter.status) } : {}),
  });
  const kept = lines.filter((l) => b.add(l));
  return { b, kept, r: b.result() };
}

describe('the ALB digest', () => {
  it('counts requests by status, rule and service, reasons and targets, and finds the slowest', () => {
    const { b, r } = digest();
    expect([b.lines, b.malformed, b.outsideWindow]).toEqual([6, 1, 1]);
    expect(r.requests).toBe(4);
    expect(r.byStatus).toEqual([
      { elbStatus: '200', targetStatus: '200', count: 2 },
      { elbStatus: '404', targetStatus: '-', count: 1 },
      { elbStatus: '502', targetStatus: '-', count: 1 },
    ]);
    expect(r.byRule).toEqual([
      { listenerPort: '443', rulePriority: '10', service: 'billing', requests: 3, elb5xx: 1, target5xx: 0 },
      { listenerPort: '443', rulePriority: '0', service: '-', requests: 1, elb5xx: 0, target5xx: 0 },
    ]);
    expect(r.errorReasons).toEqual([{ reason: 'TargetConnectionError', count: 1 }]);
    expect(r.targets).toEqual([
      { ip: '10.0.0.1', requests: 2, target5xx: 0, elb5xx: 0, avgTargetSeconds: 1.2505 },
    ]);
    expect(r.slowest[0]).toMatchObject({ traceId: 'Root=slow', seconds: 2.5, service: 'billing' });
  });

  it('maps a request without a known target group through its rule', () => {
    const b = new AlbDigestBuilder(services, window);
    b.add(albLine({ time: at(1), rulePriority: '10', targetGroupArn: 'arn:unknown' }));
    expect(b.result().byRule[0]).toMatchObject({ service: 'billing', rulePriority: '10' });
  });

  it('filters by status class or code, and by service', () => {
    expect(digest({ status: '5xx' }).r.requests).toBe(1);
    expect(digest({ status: '404,502' }).r.requests).toBe(2);
    expect(digest({ service: 'billing' }).r.requests).toBe(3);
    expect(digest({ service: 'billing', status: '2xx' }).kept).toEqual([lines[0], lines[2]]);
  });

  it('refuses a status that is not one', () => {
    expect(() => parseStatusFilter('5x')).toThrow(/not a status code/);
    expect(() => parseStatusFilter('600')).toThrow(/not a status code/);
  });
});

describe('the NLB digest', () => {
  it('reads the AWS example and lines written in its format', () => {
    const b = new NlbDigestBuilder(
      timeBounds({ start: Date.UTC(2018, 11, 20, 2, 59), end: Date.UTC(2018, 11, 20, 3) }),
    );
    expect(b.add(NLB_TLS)).toBe(true);
    const w = new NlbDigestBuilder(window);
    w.add(nlbLine({ time: at(1), handshakeMs: 40 }));
    w.add(nlbLine({ time: at(2), alert: '0x28', protocol: 'tlsv13' }));
    const r = w.result();
    expect(r.connections).toBe(2);
    expect(r.tlsAlerts).toEqual([{ alert: '0x28', count: 1 }]);
    expect(r.byTls.map((t) => t.protocol).sort()).toEqual(['tlsv12', 'tlsv13']);
    expect(r.slowestHandshakes[0]?.handshakeMs).toBe(40);
  });
});

describe('streaming lines', () => {
  it('splits gzip chunks at any boundary, CRLF and a last line without newline included', async () => {
    const body = gzipLines(['one', 'two\r', 'three']);
    const chunks = [...body].map((byte) => Buffer.from([byte]));
    const seen: string[] = [];
    await forEachLine(Readable.from(chunks), true, (l) => seen.push(l));
    expect(seen).toEqual(['one', 'two', 'three']);
    const plain: string[] = [];
    await forEachLine(Readable.from([Buffer.from('a\nb')]), false, (l) => plain.push(l));
    expect(plain).toEqual(['a', 'b']);
  });

  it('keeps multi-byte characters split across chunks', async () => {
    const text = Buffer.from('é€\n');
    const seen: string[] = [];
    await forEachLine(
      Readable.from([text.subarray(0, 1), text.subarray(1, 3), text.subarray(3)]),
      false,
      (l) => seen.push(l),
    );
    expect(seen).toEqual(['é€']);
  });
});
