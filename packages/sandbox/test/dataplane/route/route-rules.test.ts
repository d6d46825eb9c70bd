/**
 * Routing through the control API (`POST /_sandbox/traffic/route`) on a rail laid through the real
 * SDK: rule matching by priority, redirects and fixed responses, TLS details, and entry resolution.
 */
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { SandboxControlError } from '../../../src/control-client.js';
import type { RequestOutcome } from '../../../src/dataplane/types.js';
import { sandboxPerFile, startTestSandbox } from '../../helpers/sandbox.js';
import { layRouteRail, type RouteRail } from './route-fixture.js';

vi.setConfig({ testTimeout: 30_000, hookTimeout: 60_000 });

const sb = sandboxPerFile(() =>
  startTestSandbox({ settings: { provisionMs: 20, healthCheckMs: 60, taskStepMs: 20 }, tickIntervalMs: 20 }),
);
let rail: RouteRail;

beforeAll(async () => {
  rail = await layRouteRail(sb, 'rr');
});

function summary(o: RequestOutcome) {
  return {
    priority: o.alb?.matchedRulePriority,
    actions: o.alb?.actionsExecuted,
    status: o.client.kind === 'response' ? o.client.status : o.client.kind,
  };
}

describe('rules, through the NLB (control API)', () => {
  const table: [
    string,
    { method?: string; headers?: Record<string, string> },
    number | undefined,
    string,
    number,
  ][] = [
    ['http://api.abq.com/orders/x', {}, 0, 'redirect', 301],
    ['https://api.abq.com/orders/v1/x?y=1', {}, 10, 'forward', 200],
    ['https://API.abq.com/orders/v1', {}, 10, 'forward', 200],
    ['https://api.abq.com/Orders/v1', {}, 0, 'fixed-response', 404],
    [
      'https://api.abq.com/orders/v1',
      { method: 'POST', headers: { 'x-canary': 'Yes' } },
      5,
      'fixed-response',
      202,
    ],
    ['https://api.abq.com/orders/v1', { method: 'POST', headers: { 'X-Canary': 'no' } }, 10, 'forward', 200],
    ['https://api.abq.com/orders/v1', { headers: { 'x-canary': 'yes' } }, 10, 'forward', 200],
    ['https://other.abq.com/orders/x', {}, 0, 'fixed-response', 404],
    ['https://api.abq.com/empty/x', {}, 30, 'forward', 503],
    ['https://api.abq.com/x?a=1&version=2', {}, 40, 'redirect', 302],
    ['https://x.abq.com/wild/ax', {}, 50, 'fixed-response', 200],
    ['https://x.abq.com/wild/abx', {}, 0, 'fixed-response', 404],
    ['https://x.abq.com/exact', {}, 0, 'fixed-response', 404],
    ['https://x.abq.com/Exact', {}, 50, 'fixed-response', 200],
    ['https://abq.com/Exact', {}, 0, 'fixed-response', 404],
  ];
  it.each(table)('%s %j -> rule %s, %s, %s', async (url, opts, priority, action, status) => {
    const o = await sb.control.route(url, { ...opts, seed: 1 });
    expect(o.entry).toBe('nlb');
    expect(o.nlb?.outcome).toBe('forwarded');
    expect(summary(o)).toEqual({ priority, actions: [action], status });
  });

  it('fills the redirect placeholders', async () => {
    const http = await sb.control.route('http://api.abq.com/orders/x?y=1');
    expect(http.alb?.redirectUrl).toBe('https://api.abq.com:443/orders/x?y=1');
    const v2 = await sb.control.route('https://api.abq.com/a/b?version=2');
    expect(v2.alb?.redirectUrl).toBe('https://v2.abq.com:443/v2/a/b?version=2');
  });

  it('a forward names the group, the task and the TLS the ALB used', async () => {
    const o = await sb.control.route('https://api.abq.com/orders/1', { seed: 3 });
    expect(o.alb).toMatchObject({
      targetGroupArn: rail.groups.orders,
      listenerProtocol: 'HTTPS',
      sslProtocol: 'TLSv1.2',
      sslCipher: 'ECDHE-RSA-AES128-GCM-SHA256',
      targetStatus: 200,
      failOpen: false,
      target: { port: 8080, serviceName: 'orders', clusterName: 'default' },
    });
    expect(o.alb?.traceId).toMatch(/^Root=1-[0-9a-f]{8}-[0-9a-f]{24}$/);
    // Client IP preservation is off for IP targets: the ALB sees the NLB node.
    expect(o.alb?.clientIp).toBe(o.nlb?.nodeIp);
    expect(o.nlb?.targetIp).toBe(o.alb?.nodeIp);
  });

  it('source-ip sees the client the ALB sees: the NLB node, or the caller entering at the ALB', async () => {
    const direct = await sb.control.route(`https://${rail.albDns}/x`, {
      seed: 2,
      clientIp: '192.0.2.7',
    });
    expect(direct.entry).toBe('alb');
    expect(summary(direct)).toEqual({ priority: 60, actions: ['fixed-response'], status: 403 });
    const viaNlb = await sb.control.route(`https://${rail.nlbDns}/x`, { clientIp: '192.0.2.7' });
    expect(summary(viaNlb).priority).toBe(0);
  });
});

describe('entry', () => {
  it('refuses what enters no load balancer, naming the host and the load balancers', async () => {
    const e = await sb.control.route('https://api.abq.com:8443/x').catch((err) => err);
    expect(e).toBeInstanceOf(SandboxControlError);
    expect(e.status).toBe(400);
    expect(e.message).toContain('api.abq.com is no load balancer');
    expect(e.message).toContain('port 8443');
    expect(e.message).toContain(`${rail.nlbName} (NLB)`);
    const named = await sb.control.route('https://api.abq.com/x', { entry: 'nope' }).catch((err) => err);
    expect(named.message).toContain("no load balancer is named or has the ARN 'nope'");
    const bad = await sb.control.route('not a url').catch((err) => err);
    expect(bad.status).toBe(400);
    expect(bad.message).toContain('is not a URL');
  });

  it('an entry by name: the NLB with no listener on the port refuses the connection', async () => {
    const o = await sb.control.route('https://api.abq.com:8443/x', { entry: rail.nlbName });
    expect(o.nlb?.outcome).toBe('no-listener');
    expect(o.client).toEqual({ kind: 'refused' });
  });

  it('an entry by ARN at the ALB routes there', async () => {
    const o = await sb.control.route('https://shop.example/orders/1', { entry: rail.albArn });
    expect(o.entry).toBe('alb');
    expect(summary(o)).toEqual({ priority: 0, actions: ['fixed-response'], status: 404 });
  });
});
