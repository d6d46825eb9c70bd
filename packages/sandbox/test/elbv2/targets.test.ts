/** ELBv2 targets against the sandbox with the real SDK: registration rules and the health state machine. */
import {
  CreateListenerCommand,
  CreateLoadBalancerCommand,
  DeleteLoadBalancerCommand,
  DeregisterTargetsCommand,
  DescribeTargetHealthCommand,
  ModifyTargetGroupAttributesCommand,
  ModifyTargetGroupCommand,
  RegisterTargetsCommand,
  type TargetDescription,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { beforeAll, describe, expect, it } from 'vitest';
import { SEED_CERTIFICATE_ARN } from '../../src/core/seed-ids.js';
import { elbv2State } from '../../src/services/elbv2/state.js';
import { sandboxPerFile } from '../helpers/sandbox.js';
import {
  createAlb,
  createForwardListener,
  createNlb,
  createTg,
  SUBNETS,
  sleep,
  startElbSandbox,
  uniqueName,
} from './fixture.js';

const t = sandboxPerFile(() => startElbSandbox({ provisionMs: 50, healthCheckMs: 100 }));
beforeAll(async () => {
  // Stands in for ECS: 10.0.1.200 answers health checks on 8080.
  t.sandbox.healthOracles.push(({ ip, port }) =>
    ip === '10.0.1.200' && port === 8080 ? { state: 'healthy' } : undefined,
  );
});

const register = (TargetGroupArn: string, Targets: TargetDescription[]) =>
  t.sdk.elbv2.send(new RegisterTargetsCommand({ TargetGroupArn, Targets }));
const deregister = (TargetGroupArn: string, Targets: TargetDescription[]) =>
  t.sdk.elbv2.send(new DeregisterTargetsCommand({ TargetGroupArn, Targets }));

async function health(TargetGroupArn: string, Targets?: TargetDescription[]) {
  const out = await t.sdk.elbv2.send(new DescribeTargetHealthCommand({ TargetGroupArn, Targets }));
  return out.TargetHealthDescriptions!.map(
    (d) =>
      `${d.Target!.Id}:${d.Target!.Port} ${d.TargetHealth!.State}${d.TargetHealth!.Reason ? ` ${d.TargetHealth!.Reason}` : ''}`,
  );
}

/**
 * Polls target health until `done` holds for the latest answer and returns the distinct answers in
 * the order seen: robust to a loaded machine, unlike a fixed sleep.
 */
async function observe(
  tg: string,
  done: (states: string[]) => boolean,
  timeoutMs = 5000,
): Promise<string[][]> {
  const seen: string[][] = [];
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const now = await health(tg);
    if (JSON.stringify(seen.at(-1)) !== JSON.stringify(now)) seen.push(now);
    if (done(now) || Date.now() > deadline) return seen;
    await sleep(20);
  }
}

/** An ALB with an HTTP:80 listener forwarding to a fresh ip target group. */
async function servedGroup() {
  const lb = await createAlb(t.sdk.elbv2);
  const tg = await createTg(t.sdk.elbv2);
  await createForwardListener(t.sdk.elbv2, lb.LoadBalancerArn!, tg.TargetGroupArn!);
  await sleep(60);
  return tg.TargetGroupArn!;
}

describe('RegisterTargets', () => {
  it('an IP outside the VPC needs an AvailabilityZone (InvalidTarget); all is for NLB groups only', async () => {
    const http = (await createTg(t.sdk.elbv2)).TargetGroupArn!;
    const tcp = (await createTg(t.sdk.elbv2, { Protocol: 'TCP' })).TargetGroupArn!;
    await expect(register(http, [{ Id: '192.168.1.10' }])).rejects.toMatchObject({
      name: 'InvalidTargetException',
    });
    await expect(register(http, [{ Id: '192.168.1.10', AvailabilityZone: 'all' }])).rejects.toMatchObject({
      name: 'ValidationError',
    });
    await register(http, [{ Id: '192.168.1.10', AvailabilityZone: 'us-east-1a' }]);
    await register(tcp, [{ Id: '192.168.1.10', AvailabilityZone: 'all' }]);
    expect(await health(tcp)).toEqual(['192.168.1.10:8080 unused Target.NotInUse']);
  });

  it('public IPs are refused (InvalidTarget); a malformed IP is ValidationError', async () => {
    const tg = (await createTg(t.sdk.elbv2)).TargetGroupArn!;
    await expect(register(tg, [{ Id: '8.8.8.8', AvailabilityZone: 'us-east-1a' }])).rejects.toMatchObject({
      name: 'InvalidTargetException',
    });
    await expect(register(tg, [{ Id: '10.0.1.300' }])).rejects.toMatchObject({ name: 'ValidationError' });
    expect(await health(tg)).toEqual([]);
  });

  it('registering again is a no-op; the same IP may be registered on several ports', async () => {
    const tg = (await createTg(t.sdk.elbv2)).TargetGroupArn!;
    await register(tg, [{ Id: '10.0.1.20' }]);
    await register(tg, [{ Id: '10.0.1.20' }, { Id: '10.0.1.20', Port: 9090 }]);
    await register(tg, [{ Id: '10.0.1.20', Port: 8080 }]);
    expect((await health(tg)).sort()).toEqual([
      '10.0.1.20:8080 unused Target.NotInUse',
      '10.0.1.20:9090 unused Target.NotInUse',
    ]);
  });

  it('an unknown group is TargetGroupNotFound', async () => {
    const tg = (await createTg(t.sdk.elbv2)).TargetGroupArn!;
    await expect(register(`${tg.slice(0, -16)}ffffffffffffffff`, [{ Id: '10.0.1.5' }])).rejects.toMatchObject(
      {
        name: 'TargetGroupNotFoundException',
      },
    );
  });
});

describe('DeregisterTargets', () => {
  it('an unknown target succeeds (moto: InvalidTarget)', async () => {
    const tg = (await createTg(t.sdk.elbv2)).TargetGroupArn!;
    await expect(deregister(tg, [{ Id: '10.0.1.99' }])).resolves.toBeDefined();
  });

  it('a port override must be repeated to deregister', async () => {
    const tg = (await createTg(t.sdk.elbv2)).TargetGroupArn!;
    await register(tg, [{ Id: '10.0.1.21', Port: 9000 }]);
    await deregister(tg, [{ Id: '10.0.1.21' }]);
    expect(await health(tg)).toHaveLength(1);
    await deregister(tg, [{ Id: '10.0.1.21', Port: 9000 }]);
    expect(await health(tg)).toEqual([]);
  });
});

describe('DescribeTargetHealth state machine (moto: always healthy)', () => {
  it('unused without a load balancer, initial after attach, then healthy/unhealthy by who answers', async () => {
    const lb = await createAlb(t.sdk.elbv2);
    const tg = (await createTg(t.sdk.elbv2)).TargetGroupArn!;
    await register(tg, [{ Id: '10.0.1.200' }, { Id: '10.0.1.201' }]);
    expect(await health(tg)).toEqual([
      '10.0.1.200:8080 unused Target.NotInUse',
      '10.0.1.201:8080 unused Target.NotInUse',
    ]);
    // A wide initial window, so a loaded machine still sees the first phase.
    await t.control.settings({ healthCheckMs: 800 });
    let seen: string[][];
    try {
      await createForwardListener(t.sdk.elbv2, lb.LoadBalancerArn!, tg);
      seen = await observe(tg, (now) => !now.some((h) => h.includes(' initial ')));
    } finally {
      await t.control.settings({ healthCheckMs: 100 });
    }
    expect(seen[0]).toEqual([
      '10.0.1.200:8080 initial Elb.RegistrationInProgress',
      '10.0.1.201:8080 initial Elb.RegistrationInProgress',
    ]);
    expect(seen.at(-1)).toEqual(['10.0.1.200:8080 healthy', '10.0.1.201:8080 unhealthy Target.Timeout']);
    const out = await t.sdk.elbv2.send(new DescribeTargetHealthCommand({ TargetGroupArn: tg }));
    expect(out.TargetHealthDescriptions![0]).toMatchObject({
      Target: { Id: '10.0.1.200', Port: 8080, AvailabilityZone: 'us-east-1a' },
      HealthCheckPort: '8080',
    });
  });

  it('passes through Elb.RegistrationInProgress and Elb.InitialHealthChecking before deciding', async () => {
    const tg = await servedGroup();
    await t.control.settings({ healthCheckMs: 800 });
    try {
      await register(tg, [{ Id: '10.0.1.200' }]);
      const seen = await observe(tg, (now) => now[0] === '10.0.1.200:8080 healthy');
      expect(seen).toEqual([
        ['10.0.1.200:8080 initial Elb.RegistrationInProgress'],
        ['10.0.1.200:8080 initial Elb.InitialHealthChecking'],
        ['10.0.1.200:8080 healthy'],
      ]);
    } finally {
      await t.control.settings({ healthCheckMs: 100 });
    }
  });

  it('a named target that is not registered is unused / Target.NotRegistered', async () => {
    const tg = await servedGroup();
    expect(await health(tg, [{ Id: '10.0.2.77', Port: 8080 }])).toEqual([
      '10.0.2.77:8080 unused Target.NotRegistered',
    ]);
  });

  it('draining for deregistration_delay of sandbox time, then gone', async () => {
    const tg = await servedGroup();
    await t.sdk.elbv2.send(
      new ModifyTargetGroupAttributesCommand({
        TargetGroupArn: tg,
        Attributes: [{ Key: 'deregistration_delay.timeout_seconds', Value: '30' }],
      }),
    );
    await register(tg, [{ Id: '10.0.1.200' }]);
    await deregister(tg, [{ Id: '10.0.1.200' }]);
    expect(await health(tg)).toEqual(['10.0.1.200:8080 draining Target.DeregistrationInProgress']);
    await t.control.advanceClock(29_000);
    expect(await health(tg)).toEqual(['10.0.1.200:8080 draining Target.DeregistrationInProgress']);
    await t.control.advanceClock(1_000);
    expect(await health(tg)).toEqual([]);
  });

  it('re-registering a draining target makes it registered again', async () => {
    const tg = await servedGroup();
    await register(tg, [{ Id: '10.0.1.200' }]);
    await deregister(tg, [{ Id: '10.0.1.200' }]);
    await register(tg, [{ Id: '10.0.1.200' }]);
    await t.control.advanceClock(600_000);
    const seen = await observe(tg, (now) => now[0] === '10.0.1.200:8080 healthy');
    expect(seen.flat().some((h) => h.includes('draining'))).toBe(false);
    expect(seen.at(-1)).toEqual(['10.0.1.200:8080 healthy']);
  });

  it('a target in an AZ the load balancer does not use is unused / Target.NotInUse', async () => {
    const nlb = await t.sdk.elbv2.send(
      new CreateLoadBalancerCommand({
        Name: uniqueName('az'),
        Type: 'network',
        Scheme: 'internal',
        Subnets: [SUBNETS[0]!],
      }),
    );
    const tg = (await createTg(t.sdk.elbv2, { Protocol: 'TCP' })).TargetGroupArn!;
    await createForwardListener(t.sdk.elbv2, nlb.LoadBalancers![0]!.LoadBalancerArn!, tg, 80, 'TCP');
    await register(tg, [{ Id: '10.0.2.30' }]);
    expect(await health(tg)).toEqual(['10.0.2.30:8080 unused Target.NotInUse']);
  });
});

describe('ALB node IPs and alb targets', () => {
  it('ALB node IPs in an NLB ip group are healthy on listener ports, time out elsewhere, and after rotation', async () => {
    const alb = await createAlb(t.sdk.elbv2);
    const albTg = (await createTg(t.sdk.elbv2)).TargetGroupArn!;
    await createForwardListener(t.sdk.elbv2, alb.LoadBalancerArn!, albTg, 80);
    const nlb = await createNlb(t.sdk.elbv2);
    const nodeTg = (await createTg(t.sdk.elbv2, { Protocol: 'TCP', Port: 80 })).TargetGroupArn!;
    await createForwardListener(t.sdk.elbv2, nlb.LoadBalancerArn!, nodeTg, 80, 'TCP');
    const ips = elbv2State(t.sandbox)
      .loadBalancers.find((l) => l.arn === alb.LoadBalancerArn)!
      .nodes.map((n) => n.ip);
    await register(nodeTg, [...ips.map((Id) => ({ Id })), { Id: ips[0]!, Port: 81 }]);
    const seen = await observe(nodeTg, (now) => !now.some((h) => h.includes(' initial ')));
    expect(seen.at(-1)!.sort()).toEqual(
      [...ips.map((ip) => `${ip}:80 healthy`), `${ips[0]}:81 unhealthy Target.Timeout`].sort(),
    );
    await t.control.rotateIps(alb.LoadBalancerArn!, { replace: 'all' });
    expect((await health(nodeTg)).filter((h) => h.endsWith(':80 unhealthy Target.Timeout'))).toHaveLength(2);
  });

  it("a load balancer's own node IP as its target is unused / Target.IpUnusable", async () => {
    const alb = await createAlb(t.sdk.elbv2);
    const tg = (await createTg(t.sdk.elbv2)).TargetGroupArn!;
    await createForwardListener(t.sdk.elbv2, alb.LoadBalancerArn!, tg, 80);
    const ip = elbv2State(t.sandbox).loadBalancers.find((l) => l.arn === alb.LoadBalancerArn)!.nodes[0]!.ip;
    await register(tg, [{ Id: ip, Port: 80 }]);
    expect(await health(tg)).toEqual([`${ip}:80 unused Target.IpUnusable`]);
  });

  it('an alb target needs a listener on the group port; then healthy; one ALB per group; the ALB cannot be deleted', async () => {
    const alb = await createAlb(t.sdk.elbv2);
    const albArn = alb.LoadBalancerArn!;
    // As the rail does it: any answer below 500 means the ALB is up; its default answer is a 404.
    const tg = (
      await createTg(t.sdk.elbv2, {
        TargetType: 'alb',
        Protocol: 'TCP',
        Port: 80,
        Matcher: { HttpCode: '200-499' },
      })
    ).TargetGroupArn!;
    await expect(register(tg, [{ Id: albArn }])).rejects.toMatchObject({
      name: 'ValidationError',
      message:
        'If the target type is ALB, the target must have at least one listener that matches the target group port or any specified port overrides',
    });
    await t.sdk.elbv2.send(
      new CreateListenerCommand({
        LoadBalancerArn: albArn,
        Protocol: 'HTTP',
        Port: 80,
        DefaultActions: [{ Type: 'fixed-response', FixedResponseConfig: { StatusCode: '404' } }],
      }),
    );
    await expect(register(tg, [{ Id: albArn, AvailabilityZone: 'us-east-1a' }])).rejects.toMatchObject({
      name: 'ValidationError',
    });
    await register(tg, [{ Id: albArn }]);
    const nlb = await createNlb(t.sdk.elbv2);
    await createForwardListener(t.sdk.elbv2, nlb.LoadBalancerArn!, tg, 80, 'TCP');
    const seen = await observe(tg, (now) => !now.some((h) => h.includes(' initial ')));
    expect(seen.at(-1)).toEqual([`${albArn}:80 healthy`]);
    const other = await createAlb(t.sdk.elbv2);
    await createForwardListener(
      t.sdk.elbv2,
      other.LoadBalancerArn!,
      (await createTg(t.sdk.elbv2)).TargetGroupArn!,
      80,
    );
    await expect(register(tg, [{ Id: other.LoadBalancerArn! }])).rejects.toMatchObject({
      name: 'TooManyTargetsException',
    });
    await expect(
      t.sdk.elbv2.send(new DeleteLoadBalancerCommand({ LoadBalancerArn: albArn })),
    ).rejects.toMatchObject({
      name: 'ResourceInUseException',
    });
  });

  it("an alb target's health is the ALB's answer to the check: protocol and matcher count", async () => {
    const alb = await createAlb(t.sdk.elbv2);
    const albArn = alb.LoadBalancerArn!;
    // HTTP:80 forwards to a group with no targets (the ALB answers 503); HTTPS:443 exists too.
    await createForwardListener(t.sdk.elbv2, albArn, (await createTg(t.sdk.elbv2)).TargetGroupArn!, 80);
    await t.sdk.elbv2.send(
      new CreateListenerCommand({
        LoadBalancerArn: albArn,
        Protocol: 'HTTPS',
        Port: 443,
        Certificates: [{ CertificateArn: SEED_CERTIFICATE_ARN }],
        DefaultActions: [{ Type: 'fixed-response', FixedResponseConfig: { StatusCode: '404' } }],
      }),
    );
    const nlb = (await createNlb(t.sdk.elbv2)).LoadBalancerArn!;
    const on80 = (await createTg(t.sdk.elbv2, { TargetType: 'alb', Protocol: 'TCP', Port: 80 }))
      .TargetGroupArn!;
    const on443 = (
      await createTg(t.sdk.elbv2, {
        TargetType: 'alb',
        Protocol: 'TCP',
        Port: 443,
        Matcher: { HttpCode: '200-499' },
      })
    ).TargetGroupArn!;
    await register(on80, [{ Id: albArn }]);
    await register(on443, [{ Id: albArn }]);
    await createForwardListener(t.sdk.elbv2, nlb, on80, 80, 'TCP');
    await createForwardListener(t.sdk.elbv2, nlb, on443, 443, 'TCP');
    const reasons = async (tg: string) => {
      await observe(tg, (now) => !now.some((h) => h.includes(' initial ')));
      const out = await t.sdk.elbv2.send(new DescribeTargetHealthCommand({ TargetGroupArn: tg }));
      return out.TargetHealthDescriptions!.map((d) => d.TargetHealth);
    };
    expect(await reasons(on80)).toEqual([
      {
        State: 'unhealthy',
        Reason: 'Target.ResponseCodeMismatch',
        Description: 'Health checks failed with these codes: [503]',
      },
    ]);
    expect(await reasons(on443)).toEqual([
      {
        State: 'unhealthy',
        Reason: 'Target.ResponseCodeMismatch',
        Description: 'Health checks failed with these codes: [400]',
      },
    ]);
    await t.sdk.elbv2.send(
      new ModifyTargetGroupCommand({ TargetGroupArn: on443, HealthCheckProtocol: 'HTTPS' }),
    );
    expect(await reasons(on443)).toEqual([{ State: 'healthy' }]);
  });

  it('an ALB can be the target of at most two groups (TooManyRegistrationsForTargetId)', async () => {
    const alb = await createAlb(t.sdk.elbv2);
    await createForwardListener(
      t.sdk.elbv2,
      alb.LoadBalancerArn!,
      (await createTg(t.sdk.elbv2)).TargetGroupArn!,
      80,
    );
    const groups: string[] = [];
    for (let i = 0; i < 3; i++) {
      groups.push(
        (await createTg(t.sdk.elbv2, { TargetType: 'alb', Protocol: 'TCP', Port: 80 })).TargetGroupArn!,
      );
    }
    await register(groups[0]!, [{ Id: alb.LoadBalancerArn! }]);
    await register(groups[1]!, [{ Id: alb.LoadBalancerArn! }]);
    await expect(register(groups[2]!, [{ Id: alb.LoadBalancerArn! }])).rejects.toMatchObject({
      name: 'TooManyRegistrationsForTargetIdException',
    });
  });

  it('an alb target is refused for a network load balancer ARN (InvalidTarget)', async () => {
    const nlb = await createNlb(t.sdk.elbv2);
    const tg = (await createTg(t.sdk.elbv2, { TargetType: 'alb', Protocol: 'TCP', Port: 80 }))
      .TargetGroupArn!;
    await expect(register(tg, [{ Id: nlb.LoadBalancerArn! }])).rejects.toMatchObject({
      name: 'InvalidTargetException',
    });
  });
});
