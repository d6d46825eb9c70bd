/** `rails route trace` end to end: the real binary against a rail laid in the sandbox. */
import { CreateRuleCommand } from '@aws-sdk/client-elastic-load-balancing-v2';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { TraceReport } from '../../src/lib/trace/model.js';
import { runCli, stdoutJson } from '../helpers/cli.js';
import { layRail, type RailFixture, startRailSandbox, waitHealthy } from '../helpers/rail-fixture.js';
import { sandboxPerFile, withFault } from '../helpers/sandbox.js';

// Every test spawns the CLI (some several times): give a busy machine room.
vi.setConfig({ testTimeout: 180_000, hookTimeout: 240_000 });

const sb = sandboxPerFile(startRailSandbox);
let rail: RailFixture;
const names = ['--nlb', 'tr-nlb', '--alb', 'tr-alb'];

async function trace(url: string, ...args: string[]) {
  const out = await runCli(['route', 'trace', url, '--json', ...names, ...args], { endpoint: sb.endpoint });
  return { ...out, report: stdoutJson<TraceReport>(out.stdout) };
}

beforeAll(async () => {
  rail = await layRail(sb.sdk, {
    stage: 'tr',
    tagged: false,
    services: [
      { name: 'orders', desiredCount: 1 },
      { name: 'billing', desiredCount: 1, weights: [80, 20] },
    ],
  });
  // A canary rule ahead of orders: only POSTs carrying X-Canary go to billing-green.
  await sb.sdk.elbv2.send(
    new CreateRuleCommand({
      ListenerArn: rail.httpsListenerArn,
      Priority: 5,
      Conditions: [
        { Field: 'path-pattern', PathPatternConfig: { Values: ['/orders/*'] } },
        { Field: 'http-header', HttpHeaderConfig: { HttpHeaderName: 'X-Canary', Values: ['y*'] } },
        { Field: 'http-request-method', HttpRequestMethodConfig: { Values: ['POST'] } },
      ],
      Actions: [{ Type: 'forward', TargetGroupArn: rail.serviceGroups.billing![1] }],
    }),
  );
  await waitHealthy(sb.sdk, [
    ...rail.nlbTargetGroups,
    rail.serviceGroups.orders![0]!,
    ...rail.serviceGroups.billing!,
  ]);
});

describe('route trace', () => {
  it('http: the default redirect, with the resulting URL filled in', async () => {
    const { code, report } = await trace('http://api.abq.com/orders/v1/x?y=1');
    expect(code).toBe(0);
    expect(report?.outcome).toBe('redirected');
    expect(report?.nlb.listener).toEqual({ port: 80, protocol: 'TCP' });
    expect(report?.alb.listener).toEqual({ port: 80, protocol: 'HTTP' });
    expect(report?.rule?.isDefault).toBe(true);
    expect(report?.action).toEqual({
      type: 'redirect',
      statusCode: 'HTTP_301',
      location: 'https://api.abq.com:443/orders/v1/x?y=1',
    });
  });

  it('https: a forward to the service behind the matched rule', async () => {
    const { code, report } = await trace('https://api.abq.com/orders/v1/x?y=1');
    expect(code).toBe(0);
    expect(report?.outcome).toBe('forwarded');
    expect(report?.alb.listener).toEqual({ port: 443, protocol: 'HTTPS' });
    expect(report?.rule).toMatchObject({ priority: '10', isDefault: false });
    expect(report?.rule?.conditions.map((c) => [c.field, c.matched])).toEqual([
      ['host-header', true],
      ['path-pattern', true],
    ]);
    expect(report?.action).toMatchObject({
      type: 'forward',
      targetGroups: [{ name: 'orders-blue', services: ['orders'] }],
    });
    const tg = (report!.action as { targetGroups: { healthyTargets: string[] }[] }).targetGroups[0]!;
    expect(tg.healthyTargets).toHaveLength(1);
    expect(report?.services).toEqual(['orders']);
    expect(report?.albIps.reachable.length).toBeGreaterThan(0);
    expect(report?.albIps.reachable).toEqual(report?.albIps.current);
  });

  it('--header and --method reach the header and method conditions', async () => {
    const canary = await trace(
      'https://api.abq.com/orders/x',
      '--method',
      'POST',
      '--header',
      'x-canary=yes',
    );
    expect(canary.report?.rule?.priority).toBe('5');
    expect(canary.report?.action).toMatchObject({
      type: 'forward',
      targetGroups: [{ name: 'billing-green' }],
    });
    const plain = await trace('https://api.abq.com/orders/x', '--header', 'X-Canary=yes');
    expect(plain.report?.rule?.priority).toBe('10');
    expect(plain.report?.nearMisses.map((m) => [m.priority, m.conditions.map((c) => c.matched)])).toEqual([
      ['5', [true, true, false]],
    ]);
  });

  it('a weighted forward lists both groups with their weights, with a near miss before it', async () => {
    const { code, report } = await trace('https://API.abq.com/billing/pay');
    expect(code).toBe(0);
    expect(report?.rule?.priority).toBe('20');
    expect(report?.nearMisses.map((m) => m.priority)).toEqual(['10']);
    expect(report?.action).toMatchObject({
      type: 'forward',
      targetGroups: [
        { name: 'billing-blue', weight: 80 },
        { name: 'billing-green', weight: 20 },
      ],
    });
  });

  it('no rule matches: the default action (fixed response) with every host match as a near miss', async () => {
    const { code, report } = await trace('https://api.abq.com/Orders/v1');
    expect(code).toBe(0);
    expect(report?.outcome).toBe('fixed-response');
    expect(report?.rule?.isDefault).toBe(true);
    expect(report?.action).toMatchObject({ type: 'fixed-response', statusCode: '404' });
    expect(report?.nearMisses.map((m) => m.priority)).toEqual(['10', '20']);
    expect(report?.rulesEvaluated).toBe(4);
  });

  it('target health that cannot be read: the outcome is unknown, not "no healthy targets", exit 1', async () => {
    const denied = { service: 'elbv2', operation: 'DescribeTargetHealth', code: 'AccessDenied', status: 403 };
    await withFault(sb, denied, async () => {
      const { code, report } = await trace('https://api.abq.com/orders/v1');
      expect(code).toBe(1);
      expect(report?.outcome).toBe('targets-not-read');
      expect(report?.rule?.priority).toBe('10');
      expect(report?.nlb.targetGroups.every((t) => t.targetsNotRead)).toBe(true);
      expect(report?.summary).toMatch(/the NLB's targets could not be read/);
    });
  });

  it('no listener for the port: the request fails at the NLB, exit 1', async () => {
    const { code, report } = await trace('https://api.abq.com:8443/orders/v1');
    expect(code).toBe(1);
    expect(report?.outcome).toBe('no-nlb-listener');
    expect(report?.summary).toMatch(/no listener on port 8443/);
  });

  it('prints the hops in text', async () => {
    const { code, stdout } = await runCli(['route', 'trace', 'https://api.abq.com/orders/a', ...names], {
      endpoint: sb.endpoint,
    });
    expect(code).toBe(0);
    expect(stdout).toMatch(/1\. NLB tr-nlb TCP:443 -> tr-nlb-443/);
    expect(stdout).toMatch(/rule 10 matched: host-header api\.abq\.com ✓ matches/);
    expect(stdout).toMatch(/near miss: rule 5: path-pattern \/orders\/\* ✓ matches/);
    expect(stdout).toMatch(/forward -> orders-blue \(1\/1 healthy: .*\) -> service orders/);
    expect(stdout).toMatch(/result: forwarded/);
    expect(stdout).toMatch(/ALB tr-alb HTTPS:443 \(2 rules evaluated\)/);
    // The canary rule comes first and takes it: one rule, said in the singular.
    const canary = await runCli(
      [
        'route',
        'trace',
        'https://api.abq.com/orders/a',
        '--method',
        'POST',
        '--header',
        'x-canary=yes',
        ...names,
      ],
      { endpoint: sb.endpoint },
    );
    expect(canary.stdout).toMatch(/ALB tr-alb HTTPS:443 \(1 rule evaluated\)/);
  });

  it('bad input exits 2 before any AWS call', async () => {
    const { code, stderr } = await runCli(['route', 'trace', 'ftp://x/', ...names], {
      endpoint: sb.endpoint,
    });
    expect(code).toBe(2);
    expect(stderr).toMatch(/unsupported scheme ftp/);
    const bad = await runCli(['route', 'trace', 'https://x.com/', '--source-ip', 'nope', ...names], {
      endpoint: sb.endpoint,
    });
    expect(bad.code).toBe(2);
  });
});
