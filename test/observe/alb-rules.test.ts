/** Rule order and condition values, as status, trace and the rail's diff read them. */
import type { Rule, RuleCondition } from '@aws-sdk/client-elastic-load-balancing-v2';
import { describe, expect, it } from 'vitest';
import { conditionValues, ruleFieldValues, sortRules } from '../../src/lib/observe/alb-rules.js';

const rule = (Priority: string, extra: Partial<Rule> = {}): Rule => ({
  RuleArn: `r-${Priority}`,
  Priority,
  ...extra,
});

describe('sortRules', () => {
  it('orders by numeric priority (not text), the default rule last, without touching the input', () => {
    const input = [rule('default', { IsDefault: true }), rule('100'), rule('9'), rule('20')];
    expect(sortRules(input).map((r) => r.Priority)).toEqual(['9', '20', '100', 'default']);
    expect(input.map((r) => r.Priority)).toEqual(['default', '100', '9', '20']);
  });

  it('knows the default rule by IsDefault or by its priority alone', () => {
    expect(sortRules([rule('default'), rule('5')]).map((r) => r.Priority)).toEqual(['5', 'default']);
    expect(sortRules([rule('', { IsDefault: true }), rule('5')]).map((r) => r.Priority)).toEqual(['5', '']);
  });
});

describe('conditionValues', () => {
  const cases: [string, RuleCondition, string[]][] = [
    [
      'host from its config',
      { Field: 'host-header', HostHeaderConfig: { Values: ['a.com', '*.b.com'] } },
      ['a.com', '*.b.com'],
    ],
    ['host from the legacy Values', { Field: 'host-header', Values: ['a.com'] }, ['a.com']],
    [
      'the config wins over the legacy Values',
      { Field: 'path-pattern', Values: ['/old'], PathPatternConfig: { Values: ['/new/*'] } },
      ['/new/*'],
    ],
    ['path from the legacy Values', { Field: 'path-pattern', Values: ['/x/*'] }, ['/x/*']],
    [
      'method',
      { Field: 'http-request-method', HttpRequestMethodConfig: { Values: ['GET', 'HEAD'] } },
      ['GET', 'HEAD'],
    ],
    ['source IP', { Field: 'source-ip', SourceIpConfig: { Values: ['10.0.0.0/8'] } }, ['10.0.0.0/8']],
    [
      'header values carry the header name',
      {
        Field: 'http-header',
        HttpHeaderConfig: { HttpHeaderName: 'User-Agent', Values: ['*Mobile*', 'curl*'] },
      },
      ['User-Agent: *Mobile*', 'User-Agent: curl*'],
    ],
    [
      'query strings as key=value, a bare value alone',
      { Field: 'query-string', QueryStringConfig: { Values: [{ Key: 'v', Value: '2' }, { Value: 'beta' }] } },
      ['v=2', 'beta'],
    ],
    ['a condition without values', { Field: 'host-header' }, []],
    ['an unknown field: its legacy Values', { Field: 'something-new', Values: ['x'] }, ['x']],
  ];
  it.each(cases)('%s', (_name, c, expected) => {
    expect(conditionValues(c)).toEqual(expected);
  });
});

describe('ruleFieldValues', () => {
  const r: Rule = {
    Priority: '10',
    Conditions: [
      { Field: 'host-header', Values: ['api.abq.com'] },
      { Field: 'path-pattern', PathPatternConfig: { Values: ['/zebra/*'] } },
    ],
  };
  const cases: [string, Rule, string, string[]][] = [
    ['the host, from either form', r, 'host-header', ['api.abq.com']],
    ['the path', r, 'path-pattern', ['/zebra/*']],
    ['a field the rule has no condition on', r, 'http-request-method', []],
    [
      'a rule without conditions (the default rule)',
      { Priority: 'default', IsDefault: true },
      'host-header',
      [],
    ],
    [
      'the first condition on the field',
      {
        Conditions: [
          { Field: 'host-header', Values: ['a'] },
          { Field: 'host-header', Values: ['b'] },
        ],
      },
      'host-header',
      ['a'],
    ],
  ];
  it.each(cases)('%s', (_name, rule, field, expected) => {
    expect(ruleFieldValues(rule, field)).toEqual(expected);
  });
});
