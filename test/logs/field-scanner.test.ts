/** The field scanner and the ALB/NLB field readers on AWS's own example entries. */
import { describe, expect, it } from 'vitest';
import { ALB, field, ipOf, listenerPort, seconds } from '../../src/lib/logs/alb-fields.js';
import { scanFields, unescapeQuoted } from '../../src/lib/logs/field-scanner.js';
import { NLB } from '../../src/lib/logs/nlb-digest.js';
import { ALB_H2, ALB_HTTP, ALB_HTTPS, ALB_LAMBDA_FAILED, ALB_WS, NLB_TLS } from './aws-examples.js';

const fieldsOf = (line: string) => {
  const out: string[] = [];
  return out.slice(0, scanFields(line, out));
};

describe('AWS example ALB entries', () => {
  it('reads the HTTP entry field by field', () => {
    const f = fieldsOf(ALB_HTTP);
    expect(f).toHaveLength(30);
    expect(f[ALB.type]).toBe('http');
    expect(f[ALB.time]).toBe('2018-07-02T22:23:00.186641Z');
    expect(f[ALB.elb]).toBe('app/my-loadbalancer/50dc6c495c0c9188');
    expect(f[ALB.target]).toBe('10.0.0.1:80');
    expect(f[ALB.elbStatusCode]).toBe('200');
    expect(f[ALB.request]).toBe('GET http://www.example.com:80/ HTTP/1.1');
    expect(f[ALB.userAgent]).toBe('curl/7.46.0');
    expect(f[ALB.sslCipher]).toBe('-');
    expect(f[ALB.traceId]).toBe('Root=1-58337262-36d228ad5d99923122bbe354');
    expect(f[ALB.matchedRulePriority]).toBe('0');
    expect(f[ALB.actionsExecuted]).toBe('forward');
    expect(f[ALB.errorReason]).toBe('-');
    expect(f[29]).toBe('TID_1234abcd5678ef90');
  });

  it('reads the HTTPS entry: cipher, domain, certificate, two actions', () => {
    const f = fieldsOf(ALB_HTTPS);
    expect(f[ALB.sslCipher]).toBe('ECDHE-RSA-AES128-GCM-SHA256');
    expect(f[ALB.sslProtocol]).toBe('TLSv1.2');
    expect(f[ALB.domainName]).toBe('www.example.com');
    expect(f[ALB.chosenCertArn]).toMatch(/^arn:aws:acm:us-east-2:123456789012:certificate\//);
    expect(f[ALB.actionsExecuted]).toBe('authenticate,forward');
    expect(listenerPort(f[ALB.request]!)).toBe('443');
    expect(seconds(f[ALB.requestProcessingTime]!)).toBe(0.086);
  });

  it('reads the HTTP/2, WebSockets and failed Lambda entries', () => {
    const h2 = fieldsOf(ALB_H2);
    expect(h2[ALB.redirectUrl]).toBe('https://example.com:80/');
    expect(listenerPort(h2[ALB.request]!)).toBe('773');
    const ws = fieldsOf(ALB_WS);
    expect(ws[ALB.userAgent]).toBe('-');
    expect(ws[ALB.elbStatusCode]).toBe('101');
    const lambda = fieldsOf(ALB_LAMBDA_FAILED);
    expect(lambda[ALB.target]).toBe('-');
    expect(lambda[ALB.targetStatusCode]).toBe('-');
    expect(lambda[ALB.elbStatusCode]).toBe('502');
    expect(lambda[ALB.errorReason]).toBe('LambdaInvalidResponse');
  });

  it('reads lines that end before the later fields as `-`, and ignores fields appended after them', () => {
    const short = ALB_HTTP.split(' "forward"')[0]!;
    const f: string[] = [];
    const n = scanFields(short, f);
    expect(n).toBe(ALB.requestCreationTime + 1);
    expect(field(f, n, ALB.errorReason)).toBe('-');
    const longer = fieldsOf(`${ALB_HTTP} "example.com" "/new" "TransformSuccess" "a field from the future"`);
    expect(longer[ALB.errorReason]).toBe('-');
    expect(longer).toHaveLength(34);
  });
});

describe('the NLB example entry', () => {
  it('reads it field by field', () => {
    const f = fieldsOf(NLB_TLS);
    expect(f[NLB.type]).toBe('tls');
    expect(f[NLB.version]).toBe('2.0');
    expect(f[NLB.time]).toBe('2018-12-20T02:59:40');
    expect(f[NLB.listener]).toBe('g3d4b5e8bb8464cd');
    expect(f[NLB.destination]).toBe('172.100.100.185:443');
    expect(f[NLB.tlsHandshakeTime]).toBe('2');
    expect(f[NLB.tlsCipher]).toBe('ECDHE-RSA-AES128-SHA');
    expect(f[NLB.tlsProtocolVersion]).toBe('tlsv12');
    expect(f[NLB.domainName]).toBe('my-network-loadbalancer-c6e77e28c25b2234.elb.us-east-2.amazonaws.com');
    expect(f.at(-1)).toBe('2018-12-20T02:59:30');
  });
});

describe('quoted fields', () => {
  it('keep spaces and read \\" and \\\\ as the characters, other escapes as written', () => {
    const f = fieldsOf('a "x y" "say \\"hi\\"" "back\\\\slash" "hex\\x22" "" b');
    expect(f).toEqual(['a', 'x y', 'say "hi"', 'back\\slash', 'hex\\x22', '', 'b']);
  });

  it('run to the end of the line when the closing quote is missing', () => {
    expect(fieldsOf('a "open field')).toEqual(['a', 'open field']);
  });

  it('unescape only what was escaped', () => {
    expect(unescapeQuoted('plain')).toBe('plain');
    expect(unescapeQuoted('a\\"b\\\\c\\n')).toBe('a"b\\c\\n');
  });
});

describe('address fields', () => {
  it('take the IP of ip:port, IPv6 in brackets, and leave - alone', () => {
    expect(ipOf('10.0.0.1:80')).toBe('10.0.0.1');
    expect(ipOf('[2001:db8::1]:8080')).toBe('2001:db8::1');
    expect(ipOf('-')).toBe('-');
  });

  it('count -1 processing times as not measured', () => {
    expect(seconds('-1')).toBeUndefined();
    expect(seconds('-')).toBeUndefined();
    expect(seconds('0.000')).toBe(0);
  });
});
