/**
 * Routing in-process (buildRoutingTable, seeded) on a rail laid through the real SDK: weights,
 * fail-open, empty groups, connection failures, injected target behaviours, the NLB's zones, TLS
 * listener, resets and stale targets after rotate-ips.
 */
import {
  CreateListenerCommand,
  CreateTargetGroupCommand,
  ModifyLoadBalancerAttributesCommand,
  RegisterTargetsCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { SEED_CERTIFICATE_ARN, SEED_VPC_ID } from '../../../src/core/seed-ids.js';
import { buildRoutingTable } from '../../../src/dataplane/route/index.js';
import { requestFromUrl } from '../../../src/dataplane/route/parse-request.js';
import { seededRandom } from '../../../src/dataplane/route/seeded-random.js';
import type { RequestOutcome, TargetBehaviour } from '../../../src/dataplane/types.js';
import { sandboxPerFile, startTestSandbox } from '../../helpers/sandbox.js';
import { albNodes, layRouteRail, type RouteRail } from './route-fixture.js';

vi.setConfig({ testTimeout: 30_000, hookTimeout: 60_000 });

const sb = sandboxPerFile(() =>
  startTestSandbox({ settings: { provisionMs: 20, healthCheckMs: 60, taskStepMs: 20 }, tickIntervalMs: 20 }),
);
let rail: RouteRail;

beforeAll(async () => {
  rail = await layRouteRail(sb, 'rt');
});

/** Routes in-process with the given behaviours, `n` times, from one seed. */
function routeMany(
  url: string,
  n: number,
  behaviours: TargetBehaviour[] = [],
  opts: { method?: string } = {},
) {
  const table = buildRoutingTable(sb.sandbox, behaviours);
  const random = seededRandom(7);
  const out: RequestOutcome[] = [];
  for (let i = 0; i < n; i++) {
    const req = requestFromUrl(url, {
      ...opts,
      at: sb.sandbox.clock.now(),
      clientIp: '10.0.9.9',
      clientPort: 50000 + i,
    });
    out.push(table.route(req, random));
  }
  return out;
}

describe('targets', () => {
  it('weights split a forward; weight 0 is never chosen', () => {
    const counts: Record<string, number> = {};
    for (const o of routeMany('https://api.abq.com/billing/x', 2000)) {
      const tg = o.alb!.targetGroupArn!;
      counts[tg] = (counts[tg] ?? 0) + 1;
    }
    expect(counts[rail.groups.empty]).toBeUndefined();
    expect(counts[rail.groups.blue]! / 2000).toBeGreaterThan(0.75);
    expect(counts[rail.groups.blue]! / 2000).toBeLessThan(0.85);
    expect(counts[rail.groups.blue]! + counts[rail.groups.green]!).toBe(2000);
  });

  it('fails open to an unhealthy target; nothing at its IP: 504 after the connect timeout', () => {
    const [o] = routeMany('https://api.abq.com/ghost/x', 1);
    expect(o!.alb).toMatchObject({
      failOpen: true,
      target: { ip: rail.ghostIp, port: 8080 },
      elbStatus: 504,
      targetConnectionError: true,
      targetProcessingMs: -1,
    });
    expect(o!.alb?.targetStatus).toBeUndefined();
  });

  it('a task that does not listen on the port resets the connection: 502', async () => {
    const task = [...routeMany('https://api.abq.com/orders/1', 1)][0]!.alb!.target!;
    await sb.sdk.elbv2.send(
      new RegisterTargetsCommand({
        TargetGroupArn: rail.groups.ghost,
        Targets: [{ Id: task.ip, Port: 9999 }],
      }),
    );
    await new Promise((r) => setTimeout(r, 150)); // past the initial health checks
    const seen = new Map<string, number>();
    for (const o of routeMany('https://api.abq.com/ghost/x', 60)) {
      expect(o.alb).toMatchObject({ failOpen: true, targetConnectionError: true, targetProcessingMs: -1 });
      seen.set(`${o.alb!.target!.ip}:${o.alb!.target!.port}`, o.alb!.elbStatus);
    }
    expect(Object.fromEntries(seen)).toEqual({ [`${rail.ghostIp}:8080`]: 504, [`${task.ip}:9999`]: 502 });
  });

  it('an empty group is a 503 from the ALB', () => {
    const [o] = routeMany('https://api.abq.com/empty/x', 1);
    expect(o!.alb).toMatchObject({
      elbStatus: 503,
      targetGroupArn: rail.groups.empty,
      targetProcessingMs: -1,
    });
    expect(o!.alb?.target).toBeUndefined();
  });
});

describe('injected behaviours', () => {
  const orders = { service: 'orders' };
  const cases: [string, Omit<TargetBehaviour, 'id' | 'selector'>, number, number | undefined][] = [
    ['reset', { resetRate: 1 }, 502, undefined],
    ['timeout', { timeoutRate: 1 }, 504, undefined],
    ['latency above the idle timeout', { latencyMs: 61_000 }, 504, undefined],
    ['error with a status', { errorRate: 1, status: 503 }, 503, 503],
    ['error, default status', { errorRate: 1 }, 500, 500],
  ];
  it.each(cases)('%s', (_, b, elbStatus, targetStatus) => {
    const [o] = routeMany('https://api.abq.com/orders/1', 1, [{ id: 'b', selector: orders, ...b }]);
    expect(o!.alb?.elbStatus).toBe(elbStatus);
    expect(o!.alb?.targetStatus).toBe(targetStatus);
    expect(o!.alb?.targetConnectionError).toBe(false);
  });

  it('latency below the idle timeout is the target time', () => {
    const [o] = routeMany('https://api.abq.com/orders/1', 1, [
      { id: 'b', selector: orders, latencyMs: 1500 },
    ]);
    expect(o!.alb).toMatchObject({ elbStatus: 200, targetProcessingMs: 1500 });
    expect(o!.totalMs).toBeGreaterThanOrEqual(1500);
  });

  it('a selector applies only when every field matches', () => {
    const reset = { resetRate: 1 };
    const other = routeMany('https://api.abq.com/orders/1', 1, [
      { id: 'b', selector: { service: 'other' }, ...reset },
    ]);
    expect(other[0]!.alb?.elbStatus).toBe(200);
    const mixed = routeMany('https://api.abq.com/orders/1', 1, [
      { id: 'b', selector: { cluster: 'default', taskId: 'not-a-task' }, ...reset },
    ]);
    expect(mixed[0]!.alb?.elbStatus).toBe(200);
    const both = routeMany('https://api.abq.com/orders/1', 1, [
      { id: 'b', selector: { cluster: 'default', service: 'orders' }, ...reset },
    ]);
    expect(both[0]!.alb?.elbStatus).toBe(502);
  });

  it('rates apply to their share of requests', () => {
    const out = routeMany('https://api.abq.com/orders/1', 1000, [
      { id: 'b', selector: orders, errorRate: 0.3 },
    ]);
    const errors = out.filter((o) => o.alb?.elbStatus === 500).length;
    expect(errors).toBeGreaterThan(250);
    expect(errors).toBeLessThan(350);
  });
});

describe('the NLB', () => {
  it('a TLS listener: the certificate for the SNI name and the handshake', async () => {
    await sb.sdk.elbv2.send(
      new CreateListenerCommand({
        LoadBalancerArn: rail.nlbArn,
        Protocol: 'TLS',
        Port: 8443,
        Certificates: [{ CertificateArn: SEED_CERTIFICATE_ARN }],
        DefaultActions: [{ Type: 'forward', TargetGroupArn: rail.nlbGroups[443] }],
      }),
    );
    const o = await sb.control.route('https://api.abq.com:8443/orders/1');
    expect(o.nlb).toMatchObject({
      listenerProtocol: 'TLS',
      chosenCertArn: SEED_CERTIFICATE_ARN,
      outcome: 'forwarded',
    });
    expect(o.nlb?.tlsHandshakeMs).toBeGreaterThan(0);
    expect(o.alb?.targetGroupArn).toBe(rail.groups.orders);
  });

  it('an ALB node with no listener on the target port resets the flow', async () => {
    const tg = await sb.sdk.elbv2.send(
      new CreateTargetGroupCommand({
        Name: 'rt-nlb-8081',
        Protocol: 'TCP',
        Port: 8081,
        VpcId: SEED_VPC_ID,
        TargetType: 'ip',
      }),
    );
    const arn = tg.TargetGroups![0]!.TargetGroupArn!;
    await sb.sdk.elbv2.send(
      new CreateListenerCommand({
        LoadBalancerArn: rail.nlbArn,
        Protocol: 'TCP',
        Port: 8081,
        DefaultActions: [{ Type: 'forward', TargetGroupArn: arn }],
      }),
    );
    const ips = [...(await albNodes(sb, rail.albArn)).keys()];
    await sb.sdk.elbv2.send(
      new RegisterTargetsCommand({ TargetGroupArn: arn, Targets: ips.map((Id) => ({ Id, Port: 8081 })) }),
    );
    const o = await sb.control.route('http://api.abq.com:8081/');
    expect(o.nlb).toMatchObject({ outcome: 'target-reset', targetPort: 8081 });
    expect(ips).toContain(o.nlb?.targetIp);
    expect(o.client).toEqual({ kind: 'reset' });
  });

  async function zonesMatch(): Promise<boolean[]> {
    const nodes = await albNodes(sb, rail.albArn);
    return routeMany('http://api.abq.com/', 200).map(
      (o) => nodes.get(o.nlb!.targetIp!) === o.nlb!.availabilityZone,
    );
  }

  it('keeps flows in the node zone until cross-zone load balancing is on', async () => {
    expect((await zonesMatch()).every(Boolean)).toBe(true);
    await sb.sdk.elbv2.send(
      new ModifyLoadBalancerAttributesCommand({
        LoadBalancerArn: rail.nlbArn,
        Attributes: [{ Key: 'load_balancing.cross_zone.enabled', Value: 'true' }],
      }),
    );
    expect((await zonesMatch()).some((same) => !same)).toBe(true);
  });

  it('a stale ALB IP after rotate-ips: fail-open sends the flow there and the client times out', async () => {
    await sb.control.rotateIps(rail.albName, { replace: 'all' });
    const o = await sb.control.route('http://api.abq.com/orders/1');
    expect(o.nlb).toMatchObject({ outcome: 'target-timeout', failOpen: true });
    expect(o.client).toEqual({ kind: 'timeout' });
    expect(o.alb).toBeUndefined();
  });
});
