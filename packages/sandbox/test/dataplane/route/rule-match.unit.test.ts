/** The rule-condition evaluator, redirect placeholders and request parsing, without a sandbox. */
import { describe, expect, it } from 'vitest';
import { requestFromUrl } from '../../../src/dataplane/route/parse-request.js';
import { redirectTarget } from '../../../src/dataplane/route/redirect-url.js';
import { compileRule, type MatchInput, parseQuery } from '../../../src/dataplane/route/rule-match.js';
import type { Condition } from '../../../src/services/elbv2/state.js';

const base: MatchInput = {
  host: 'api.abq.com',
  path: '/orders/1',
  method: 'GET',
  headers: { 'x-canary': 'Yes' },
  query: parseQuery('a=1&Version=2&flag&q=a%20b'),
  sourceIp: '10.0.1.7',
};

const host = (...Values: string[]): Condition => ({ Field: 'host-header', HostHeaderConfig: { Values } });
const path = (...Values: string[]): Condition => ({ Field: 'path-pattern', PathPatternConfig: { Values } });

describe('rule conditions', () => {
  const table: [string, Condition[], Partial<MatchInput>, boolean][] = [
    ['host, any case', [host('API.ABQ.COM')], {}, true],
    ['host wildcard *', [host('*.abq.com')], {}, true],
    ['host * needs the dot', [host('*.abq.com')], { host: 'abq.com' }, false],
    ['host ? is one character', [host('ap?.abq.com')], {}, true],
    ['host ? is not two', [host('a?.abq.com')], {}, false],
    ['legacy Values', [{ Field: 'host-header', Values: ['api.abq.com'] }], {}, true],
    ['path is case-sensitive', [path('/Orders/*')], {}, false],
    ['path * crosses slashes', [path('/*/1')], { path: '/a/b/1' }, true],
    ['path regex characters are literal', [path('/orders.json')], { path: '/ordersXjson' }, false],
    ['values are ORed', [path('/x', '/orders/*')], {}, true],
    ['conditions are ANDed', [host('api.abq.com'), path('/x')], {}, false],
    [
      'method is case-sensitive',
      [{ Field: 'http-request-method', HttpRequestMethodConfig: { Values: ['get'] } }],
      {},
      false,
    ],
    [
      'method',
      [{ Field: 'http-request-method', HttpRequestMethodConfig: { Values: ['POST', 'GET'] } }],
      {},
      true,
    ],
    [
      'header name and value any case',
      [{ Field: 'http-header', HttpHeaderConfig: { HttpHeaderName: 'X-CANARY', Values: ['y*'] } }],
      {},
      true,
    ],
    [
      'missing header',
      [{ Field: 'http-header', HttpHeaderConfig: { HttpHeaderName: 'x-other', Values: ['*'] } }],
      {},
      false,
    ],
    [
      'query key and value',
      [{ Field: 'query-string', QueryStringConfig: { Values: [{ Key: 'version', Value: '2' }] } }],
      {},
      true,
    ],
    [
      'query value only',
      [{ Field: 'query-string', QueryStringConfig: { Values: [{ Value: '1' }] } }],
      {},
      true,
    ],
    [
      'query pair must be one pair',
      [{ Field: 'query-string', QueryStringConfig: { Values: [{ Key: 'a', Value: '2' }] } }],
      {},
      false,
    ],
    [
      'query value decoded',
      [{ Field: 'query-string', QueryStringConfig: { Values: [{ Key: 'q', Value: 'a%20b' }] } }],
      {},
      true,
    ],
    ['source ip in CIDR', [{ Field: 'source-ip', SourceIpConfig: { Values: ['10.0.0.0/16'] } }], {}, true],
    ['source ip outside', [{ Field: 'source-ip', SourceIpConfig: { Values: ['10.0.2.0/24'] } }], {}, false],
  ];
  it.each(table)('%s', (_, conditions, change, expected) => {
    expect(compileRule(conditions)({ ...base, ...change })).toBe(expected);
  });
});

describe('redirect placeholders', () => {
  const src = { protocol: 'http', host: 'api.abq.com', port: 80, path: '/a/b', query: 'x=1' };
  it('defaults keep everything but what is set', () => {
    const out = redirectTarget(
      { Type: 'redirect', RedirectConfig: { Protocol: 'HTTPS', Port: '443', StatusCode: 'HTTP_301' } },
      src,
    );
    expect(out).toEqual({ url: 'https://api.abq.com:443/a/b?x=1', status: 301 });
  });
  it('placeholders inside values, and no ? for an empty query', () => {
    const out = redirectTarget(
      {
        Type: 'redirect',
        RedirectConfig: { Host: 'v2.#{host}', Path: '/new/#{path}', Query: '', StatusCode: 'HTTP_302' },
      },
      src,
    );
    expect(out).toEqual({ url: 'http://v2.api.abq.com:80/new/a/b', status: 302 });
  });
});

describe('requestFromUrl', () => {
  const opts = { at: 0, clientIp: '10.0.0.1', clientPort: 40000 };
  it('splits the URL as the client sends it', () => {
    const r = requestFromUrl('https://API.abq.com/orders/1?x=1', { ...opts, headers: { 'X-Canary': 'y' } });
    expect(r).toMatchObject({
      scheme: 'https',
      host: 'api.abq.com',
      port: 443,
      path: '/orders/1',
      query: 'x=1',
      method: 'GET',
      headers: { 'x-canary': 'y', host: 'api.abq.com', 'user-agent': 'rails-sandbox-traffic/1' },
    });
    expect(r.receivedBytes).toBeGreaterThan('GET /orders/1?x=1 HTTP/1.1'.length);
    expect(requestFromUrl('http://h.example:8080/', opts).port).toBe(8080);
  });
  it('says what is wrong with bad input', () => {
    expect(() => requestFromUrl('nope', opts)).toThrow("'nope' is not a URL");
    expect(() => requestFromUrl('ftp://a.b/', opts)).toThrow('only http:// and https://');
    expect(() => requestFromUrl('http://a.b/', { ...opts, method: 'GE T' })).toThrow('not an HTTP method');
    expect(() => requestFromUrl('http://a.b/', { ...opts, headers: { 'a b': 'x' } })).toThrow(
      'not an HTTP header name',
    );
  });
});
