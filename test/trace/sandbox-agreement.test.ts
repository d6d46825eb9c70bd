/**
 * Two independent models of the ALB's routing must agree: rails's `route trace` (src/lib/trace, which
 * reads the rail through the AWS APIs) and the sandbox's data plane (`POST /_sandbox/traffic/route`,
 * its own model of AWS). On one rail with several services and rules, each URL of the table must end
 * at the same rule, the same action and the same target group (or redirect, or fixed status).
 */
import { CreateRuleCommand } from '@aws-sdk/client-elastic-load-balancing-v2';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { AwsClients } from '../../src/lib/aws/clients.js';
import type { TraceReport } from '../../src/lib/trace/model.js';
import { traceRoute } from '../../src/lib/trace/trace-live-rail.js';
import { parseTraceRequest } from '../../src/lib/trace/trace-route.js';
import { layRail, type RailFixture, startRailSandbox, waitHealthy } from '../helpers/rail-fixture.js';
import { sandboxPerFile } from '../helpers/sandbox.js';

vi.setConfig({ testTimeout: 60_000, hookTimeout: 120_000 });

const sb = sandboxPerFile(startRailSandbox);
let rail: RailFixture;
let aws: AwsClients;

beforeAll(async () => {
  rail = await layRail(sb.sdk, {
    stage: 'agree',
    services: [
      { name: 'orders', desiredCount: 1 },
      { name: 'billing', desiredCount: 1, weights: [80, 20] },
      { name: 'search', desiredCount: 1, host: '*.abq.com', paths: ['/search', '/search/?*'] },
    ],
  });
  const rule = (Priority: number, Conditions: any[], action: any) =>
    sb.sdk.elbv2.send(
      new CreateRuleCommand({ ListenerArn: rail.httpsListenerArn, Priority, Conditions, Actions: [action] }),
    );
  // A canary ahead of orders: only POSTs carrying X-Canary go to billing-green.
  await rule(
    5,
    [
      { Field: 'path-pattern', PathPatternConfig: { Values: ['/orders/*'] } },
      { Field: 'http-header', HttpHeaderConfig: { HttpHeaderName: 'X-Canary', Values: ['y*'] } },
      { Field: 'http-request-method', HttpRequestMethodConfig: { Values: ['POST'] } },
    ],
    { Type: 'forward', TargetGroupArn: rail.serviceGroups.billing![1] },
  );
  await rule(
    40,
    [{ Field: 'query-string', QueryStringConfig: { Values: [{ Key: 'legacy', Value: 'tr?e' }] } }],
    {
      Type: 'redirect',
      RedirectConfig: { Host: 'old.abq.com', Path: '/v0/#{path}', StatusCode: 'HTTP_302' },
    },
  );
  await rule(50, [{ Field: 'path-pattern', PathPatternConfig: { Values: ['/health*'] } }], {
    Type: 'fixed-response',
    FixedResponseConfig: { StatusCode: '200', ContentType: 'text/plain', MessageBody: 'ok' },
  });
  await waitHealthy(sb.sdk, [...rail.nlbTargetGroups, ...Object.values(rail.serviceGroups).flat()]);
  aws = new AwsClients({
    region: 'us-east-1',
    endpoint: sb.endpoint,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    userAgent: 'rails-test',
  });
});
afterAll(async () => {
  await aws?.destroy();
});

interface Case {
  url: string;
  method?: string;
  headers?: Record<string, string>;
}

const cases: Case[] = [
  { url: 'http://api.abq.com/orders/v1/x?y=1' },
  { url: 'https://api.abq.com/orders/v1/x?y=1' },
  { url: 'https://api.abq.com/orders/' },
  { url: 'https://api.abq.com/orders' },
  { url: 'https://api.abq.com/Orders/v1' },
  { url: 'https://API.ABQ.COM/orders/v1' },
  { url: 'https://other.abq.com/orders/v1' },
  { url: 'https://api.abq.com/billing/pay' },
  { url: 'https://api.abq.com/billing' },
  { url: 'https://api.abq.com/orders/1', method: 'POST', headers: { 'X-Canary': 'yes' } },
  { url: 'https://api.abq.com/orders/1', method: 'POST', headers: { 'x-canary': 'YES' } },
  { url: 'https://api.abq.com/orders/1', method: 'POST', headers: { 'X-Canary': 'no' } },
  { url: 'https://api.abq.com/orders/1', method: 'GET', headers: { 'X-Canary': 'yes' } },
  { url: 'https://api.abq.com/orders/1', method: 'post', headers: { 'X-Canary': 'yes' } },
  { url: 'https://eu.abq.com/search' },
  { url: 'https://a.b.abq.com/search/q' },
  { url: 'https://eu.abq.com/search/' },
  { url: 'https://abq.com/search' },
  { url: 'https://api.abq.com/anything?legacy=true' },
  { url: 'https://api.abq.com/anything?legacy=trie&x=1' },
  { url: 'https://api.abq.com/anything?legacy=tree2' },
  { url: 'https://api.abq.com/healthz' },
  { url: 'https://api.abq.com/' },
];

function label(c: Case): string {
  const headers = Object.entries(c.headers ?? {}).map(([k, v]) => ` ${k}: ${v}`);
  return `${c.method ?? 'GET'} ${c.url}${headers.join('')}`;
}

/** What rails's trace says: the rule's priority (0 for the default), the action and where it goes. */
function fromTrace(r: TraceReport) {
  const a = r.action as any;
  return {
    priority: r.rule ? (r.rule.isDefault ? 0 : Number(r.rule.priority)) : undefined,
    action: a?.type,
    redirect: a?.type === 'redirect' ? a.location : undefined,
    fixedStatus: a?.type === 'fixed-response' ? Number(a.statusCode) : undefined,
    groups:
      a?.type === 'forward'
        ? (a.targetGroups as { arn: string; weight?: number }[])
            .filter((g) => g.weight === undefined || g.weight > 0)
            .map((g) => g.arn)
        : undefined,
  };
}

describe('rails route trace and the sandbox data plane agree', () => {
  it.each(cases.map((c) => [label(c), c] as const))('%s', async (_, c) => {
    const headerFlags = Object.entries(c.headers ?? {}).map(([k, v]) => `${k}=${v}`);
    const request = parseTraceRequest({ url: c.url, method: c.method, headers: headerFlags });
    const report = await traceRoute(
      aws,
      { nlbName: 'agree-nlb', albName: 'agree-alb', discoveredBy: 'names' },
      request,
      c.url,
    );
    const expected = fromTrace(report);
    const outcome = await sb.control.route(c.url, { method: c.method, headers: c.headers, seed: 11 });
    const alb = outcome.alb;
    expect(alb?.matchedRulePriority).toBe(expected.priority);
    expect(alb?.actionsExecuted).toEqual([expected.action]);
    if (expected.redirect) expect(alb?.redirectUrl).toBe(expected.redirect);
    if (expected.fixedStatus) expect(alb?.elbStatus).toBe(expected.fixedStatus);
    if (expected.groups) expect(expected.groups).toContain(alb?.targetGroupArn);
  });

  it('the table covers every kind of ending', async () => {
    const seen = new Set<string>();
    for (const c of cases) {
      const o = await sb.control.route(c.url, { method: c.method, headers: c.headers, seed: 11 });
      seen.add(`${o.alb?.matchedRulePriority === 0 ? 'default' : 'rule'}:${o.alb?.actionsExecuted[0]}`);
    }
    expect([...seen].sort()).toEqual(
      [
        'default:fixed-response',
        'default:redirect',
        'rule:fixed-response',
        'rule:forward',
        'rule:redirect',
      ].sort(),
    );
  });
});
