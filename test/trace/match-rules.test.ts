/** ALB rule matching, table-driven from the condition examples in AWS's ALB listener-rule guide. */
import type { Rule, RuleCondition } from '@aws-sdk/client-elastic-load-balancing-v2';
import { describe, expect, it } from 'vitest';
import { evaluateCondition, matchRules, type TraceRequest } from '../../src/lib/trace/match-rules.js';
import { redirectUrl } from '../../src/lib/trace/redirect-url.js';

function request(url: string, extra: Partial<TraceRequest> = {}): TraceRequest {
  const u = new URL(url);
  const protocol = u.protocol === 'https:' ? 'https' : 'http';
  return {
    protocol,
    host: u.hostname,
    port: u.port ? Number(u.port) : protocol === 'https' ? 443 : 80,
    path: u.pathname,
    query: u.search.replace(/^\?/, ''),
    method: 'GET',
    headers: {},
    ...extra,
  };
}

const host = (...Values: string[]): RuleCondition => ({ Field: 'host-header', HostHeaderConfig: { Values } });
const path = (...Values: string[]): RuleCondition => ({
  Field: 'path-pattern',
  PathPatternConfig: { Values },
});

describe('single conditions', () => {
  const cases: [string, RuleCondition, TraceRequest, boolean][] = [
    ['host exact', host('example.com'), request('http://example.com/'), true],
    ['host is case-insensitive', host('example.com'), request('http://EXAMPLE.Com/'), true],
    ['host * matches a label', host('*.example.com'), request('http://test.example.com/'), true],
    ['host *.x needs the dot', host('*.example.com'), request('http://example.com/'), false],
    ['host ? is exactly one char', host('api?.example.com'), request('http://api1.example.com/'), true],
    ['host ? never zero chars', host('api?.example.com'), request('http://api.example.com/'), false],
    [
      'host values are alternatives',
      host('a.example.com', 'b.example.com'),
      request('http://b.example.com/'),
      true,
    ],
    ['host other domain', host('example.com'), request('http://example.org/'), false],
    ['host . is literal', host('example.com'), request('http://exampleXcom/'), false],
    ['host ignores the port', host('example.com'), request('http://example.com:8080/'), true],
    ['path /img/*', path('/img/*'), request('http://e.com/img/a.png'), true],
    ['path * spans slashes', path('/img/*'), request('http://e.com/img/a/b/c.png'), true],
    ['path /img/*/pics', path('/img/*/pics'), request('http://e.com/img/2024/pics'), true],
    ['path is case-sensitive', path('/img/*'), request('http://e.com/IMG/a.png'), false],
    ['path never sees the query', path('/a'), request('http://e.com/a?x=/b'), true],
    ['path query not matchable', path('/a?x=1'), request('http://e.com/a?x=1'), false],
    ['path ? one char', path('/v?/x'), request('http://e.com/v1/x'), true],
    ['path exact needs all', path('/api'), request('http://e.com/api/x'), false],
    ['path regex chars are literal', path('/a+b'), request('http://e.com/aab'), false],
    [
      'method exact',
      { Field: 'http-request-method', HttpRequestMethodConfig: { Values: ['GET', 'HEAD'] } },
      request('http://e.com/', { method: 'HEAD' }),
      true,
    ],
    [
      'method is case-sensitive',
      { Field: 'http-request-method', HttpRequestMethodConfig: { Values: ['GET'] } },
      request('http://e.com/', { method: 'get' }),
      false,
    ],
    [
      'source-ip in CIDR',
      { Field: 'source-ip', SourceIpConfig: { Values: ['192.0.2.0/24', '198.51.100.10/32'] } },
      request('http://e.com/', { sourceIp: '198.51.100.10' }),
      true,
    ],
    [
      'source-ip outside CIDR',
      { Field: 'source-ip', SourceIpConfig: { Values: ['192.0.2.0/24'] } },
      request('http://e.com/', { sourceIp: '192.0.3.1' }),
      false,
    ],
    [
      'source-ip ipv6',
      { Field: 'source-ip', SourceIpConfig: { Values: ['2001:db8::/32'] } },
      request('http://e.com/', { sourceIp: '2001:db8:1::5' }),
      true,
    ],
    [
      'source-ip unknown never matches',
      { Field: 'source-ip', SourceIpConfig: { Values: ['0.0.0.0/0'] } },
      request('http://e.com/'),
      false,
    ],
    [
      'http-header wildcard, name and value case-insensitive',
      {
        Field: 'http-header',
        HttpHeaderConfig: { HttpHeaderName: 'User-Agent', Values: ['*Chrome*', '*Safari*'] },
      },
      request('http://e.com/', { headers: { 'user-agent': 'Mozilla/5.0 chrome/120' } }),
      true,
    ],
    [
      'http-header absent',
      { Field: 'http-header', HttpHeaderConfig: { HttpHeaderName: 'X-Canary', Values: ['*'] } },
      request('http://e.com/'),
      false,
    ],
    [
      'query-string key=value',
      { Field: 'query-string', QueryStringConfig: { Values: [{ Key: 'version', Value: 'v1' }] } },
      request('http://e.com/?a=b&version=V1'),
      true,
    ],
    [
      'query-string value only, wildcard',
      { Field: 'query-string', QueryStringConfig: { Values: [{ Value: '*example*' }] } },
      request('http://e.com/?q=an-example-here'),
      true,
    ],
    [
      'query-string wrong value',
      { Field: 'query-string', QueryStringConfig: { Values: [{ Key: 'version', Value: 'v1' }] } },
      request('http://e.com/?version=v2'),
      false,
    ],
    [
      'query-string percent-decoded',
      { Field: 'query-string', QueryStringConfig: { Values: [{ Key: 'q', Value: 'a b' }] } },
      request('http://e.com/?q=a%20b'),
      true,
    ],
    ['legacy Values field', { Field: 'path-pattern', Values: ['/x/*'] }, request('http://e.com/x/y'), true],
  ];
  it.each(cases)('%s', (_name, condition, req, expected) => {
    expect(evaluateCondition(condition, req).matched).toBe(expected);
  });
});

const rule = (Priority: string, Conditions: RuleCondition[], tg: string): Rule => ({
  RuleArn: `arn:rule/${Priority}`,
  Priority,
  IsDefault: Priority === 'default',
  Conditions,
  Actions: [{ Type: 'forward', TargetGroupArn: tg }],
});

describe('rule order', () => {
  // Listed out of order on purpose: the ALB sorts by numeric priority, default last.
  const rules: Rule[] = [
    rule('default', [], 'tg-default'),
    rule('20', [host('api.abq.com'), path('/*')], 'tg-catch-all'),
    rule('10', [host('api.abq.com'), path('/ice-station-zebra/*')], 'tg-zebra'),
    rule(
      '5',
      [
        host('api.abq.com'),
        path('/admin/*'),
        { Field: 'source-ip', SourceIpConfig: { Values: ['10.0.0.0/8'] } },
      ],
      'tg-admin',
    ),
    rule('100', [host('*.abq.com')], 'tg-wild'),
  ];
  const cases: [string, TraceRequest, string, string[]][] = [
    ['lowest priority first', request('https://api.abq.com/ice-station-zebra/v1/x?y=1'), '10', ['5']],
    ['numeric, not string order', request('https://api.abq.com/other'), '20', ['5', '10']],
    [
      'all conditions must match',
      request('https://api.abq.com/admin/x', { sourceIp: '192.168.1.1' }),
      '20',
      ['5', '10'],
    ],
    ['source ip lets it in', request('https://api.abq.com/admin/x', { sourceIp: '10.1.2.3' }), '5', []],
    ['wildcard host later', request('https://www.abq.com/'), '100', []],
    ['default when nothing matches', request('https://example.org/'), 'default', []],
  ];
  it.each(cases)('%s', (_name, req, priority, nearMisses) => {
    const m = matchRules(rules, req);
    expect(m.matched?.priority).toBe(priority);
    expect(m.nearMisses.map((e) => e.priority)).toEqual(nearMisses);
    expect(m.evaluated.at(-1)?.priority).toBe(priority);
  });

  it('reports no match when the listener has no rules', () => {
    expect(matchRules([], request('http://e.com/')).matched).toBeUndefined();
  });
});

describe('redirect URL', () => {
  const cases: [string, Record<string, string>, string, string][] = [
    [
      'HTTP to HTTPS keeps the rest',
      { Protocol: 'HTTPS', Port: '443' },
      'http://api.abq.com/a/b?y=1',
      'https://api.abq.com:443/a/b?y=1',
    ],
    ['no query, no ?', { Protocol: 'HTTPS', Port: '443' }, 'http://api.abq.com/', 'https://api.abq.com:443/'],
    [
      'placeholders in host and path',
      { Host: 'new.#{host}', Path: '/new/#{path}', Query: 'from=#{protocol}&#{query}' },
      'http://abq.com:8080/x?y=1',
      'http://new.abq.com:8080/new/x?from=http&y=1',
    ],
    [
      'fixed everything',
      { Protocol: 'HTTPS', Host: 'e.com', Port: '8443', Path: '/p', Query: '' },
      'http://a.com/x?q',
      'https://e.com:8443/p',
    ],
  ];
  it.each(cases)('%s', (_name, config, url, expected) => {
    expect(redirectUrl({ StatusCode: 'HTTP_301', ...config }, request(url))).toBe(expected);
  });
});
