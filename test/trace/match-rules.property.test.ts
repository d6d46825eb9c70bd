// The ALB condition matcher against an independent reference over generated patterns and requests.
// The reference is a plain dynamic-programming glob matcher written from AWS's definition (`*` any run
// of characters including none, `?` exactly one, everything else literal; host-header case-insensitive,
// path-pattern case-sensitive and never the query string), so it shares no code with wildcard.ts.
import type { RuleCondition } from '@aws-sdk/client-elastic-load-balancing-v2';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluateCondition, matchRules, type TraceRequest } from '../../src/lib/trace/match-rules.js';
import { wildcardMatch } from '../../src/lib/trace/wildcard.js';

function globReference(pattern: string, text: string): boolean {
  const p = [...pattern];
  const t = [...text];
  // at[i][j]: p[0..i) matches t[0..j)
  const at = Array.from({ length: p.length + 1 }, () => new Array<boolean>(t.length + 1).fill(false));
  at[0]![0] = true;
  for (let i = 1; i <= p.length; i++) {
    for (let j = 0; j <= t.length; j++) {
      const c = p[i - 1];
      if (c === '*') at[i]![j] = at[i - 1]![j]! || (j > 0 && at[i]![j - 1]!);
      else if (j > 0) at[i]![j] = at[i - 1]![j - 1]! && (c === '?' || c === t[j - 1]);
    }
  }
  return at[p.length]![t.length]!;
}

// Small alphabets make matches likely; regex metacharacters and non-ASCII check the escaping.
const textChar = fc.constantFrom('a', 'b', 'A', '/', '.', '-', '+', '(', '[', '$', '\\', '^', '|', 'é', '\n');
const patternChar = fc.oneof(textChar, fc.constantFrom('*', '?'));
const text = fc.array(textChar, { maxLength: 12 }).map((cs) => cs.join(''));
const pattern = fc.array(patternChar, { maxLength: 8 }).map((cs) => cs.join(''));

function request(over: Partial<TraceRequest>): TraceRequest {
  return {
    protocol: 'https',
    host: 'api.abq.com',
    port: 443,
    path: '/',
    query: '',
    method: 'GET',
    headers: {},
    ...over,
  };
}

describe('ALB wildcard matching', () => {
  it('agrees with the reference glob matcher, case-sensitively', () => {
    fc.assert(
      fc.property(pattern, text, (p, s) => {
        expect(wildcardMatch(p, s, false)).toBe(globReference(p, s));
      }),
      { numRuns: 3000 },
    );
  });

  it('agrees with the reference on lowercased inputs when case-insensitive', () => {
    fc.assert(
      fc.property(pattern, text, (p, s) => {
        expect(wildcardMatch(p, s, true)).toBe(globReference(p.toLowerCase(), s.toLowerCase()));
      }),
      { numRuns: 3000 },
    );
  });

  it('a path-pattern condition is the reference over the path alone, never the query', () => {
    fc.assert(
      fc.property(pattern, text, text, (p, pathTail, query) => {
        const c: RuleCondition = { Field: 'path-pattern', PathPatternConfig: { Values: [`/${p}`] } };
        const r = evaluateCondition(c, request({ path: `/${pathTail}`, query }));
        expect(r.matched).toBe(globReference(`/${p}`, `/${pathTail}`));
      }),
      { numRuns: 2000 },
    );
  });

  it('a host-header condition ignores case; its values are alternatives', () => {
    fc.assert(
      fc.property(fc.array(pattern, { minLength: 1, maxLength: 3 }), text, (values, host) => {
        const c: RuleCondition = { Field: 'host-header', HostHeaderConfig: { Values: values } };
        const expected = values.some((v) => globReference(v.toLowerCase(), host.toLowerCase()));
        expect(evaluateCondition(c, request({ host: host.toUpperCase() })).matched).toBe(expected);
      }),
      { numRuns: 2000 },
    );
  });

  it('rules: the lowest-priority rule whose conditions all match wins, else the default', () => {
    const rule = fc.record({ priority: fc.integer({ min: 1, max: 50 }), path: pattern });
    fc.assert(
      fc.property(
        fc.uniqueArray(rule, { selector: (r) => r.priority, maxLength: 6 }),
        text,
        (rules, tail) => {
          const listenerRules = [
            ...rules.map((r) => ({
              RuleArn: `rule-${r.priority}`,
              Priority: String(r.priority),
              IsDefault: false,
              Conditions: [{ Field: 'path-pattern', PathPatternConfig: { Values: [`/${r.path}`] } }],
            })),
            { RuleArn: 'default', Priority: 'default', IsDefault: true, Conditions: [] },
          ].reverse();
          const winner = [...rules]
            .sort((a, b) => a.priority - b.priority)
            .find((r) => globReference(`/${r.path}`, `/${tail}`));
          const m = matchRules(listenerRules, request({ path: `/${tail}` }));
          expect(m.matched?.ruleArn).toBe(winner ? `rule-${winner.priority}` : 'default');
        },
      ),
      { numRuns: 1000 },
    );
  });
});
