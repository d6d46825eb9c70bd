/**
 * Request log, fault injection, throttling, latency and the control API, driven with the real SDK
 * against a tiny test-only awsQuery service (so only the core is under test).
 */
import {
  CreateTargetGroupCommand,
  DescribeLoadBalancersCommand,
  ElasticLoadBalancingV2Client,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { beforeEach, describe, expect, it } from 'vitest';
import { SandboxControlError } from '../../src/control-client.js';
import type { ServiceDefinition } from '../../src/core/types.js';
import { sandboxPerFile, startTestSandbox } from '../helpers/sandbox.js';
import { rejection } from '../helpers/sdk.js';

let created = 0;
const elbv2: ServiceDefinition = {
  signingName: 'elasticloadbalancing',
  protocol: 'awsQuery',
  version: '2015-12-01',
  xmlNamespace: 'http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/',
  operations: {
    DescribeLoadBalancers: () => ({ LoadBalancers: [] }),
    CreateTargetGroup: (input) => {
      created++;
      return { TargetGroups: [{ TargetGroupName: input.Name }] };
    },
  },
  control: {
    echo: (body) => ({ echoed: body }),
  },
};

const sb = sandboxPerFile(() => startTestSandbox({ empty: true, services: [elbv2] }));
beforeEach(async () => {
  await sb.control.clearFaults();
  await sb.resetRequests();
});

const describeLbs = () => sb.sdk.elbv2.send(new DescribeLoadBalancersCommand({}));
const createTg = (name: string) => sb.sdk.elbv2.send(new CreateTargetGroupCommand({ Name: name }));

describe('request log', () => {
  it('records service, operation, status, code, duration and whether the call mutates', async () => {
    await describeLbs();
    await createTg('a');
    await sb.control.injectFault({ operation: 'CreateTargetGroup', nth: 1, code: 'TooManyTargetGroups' });
    await rejection(createTg('b'));
    const log = await sb.requests();
    expect(log.map((e) => [e.seq, e.service, e.operation, e.status, e.mutating])).toEqual([
      [1, 'elbv2', 'DescribeLoadBalancers', 200, false],
      [2, 'elbv2', 'CreateTargetGroup', 200, true],
      [3, 'elbv2', 'CreateTargetGroup', 400, true],
    ]);
    expect(log[2]!.code).toBe('TooManyTargetGroups');
    expect(log.every((e) => typeof e.ms === 'number' && !Number.isNaN(Date.parse(e.at)))).toBe(true);
    expect(await sb.requests({ operation: 'DescribeLoadBalancers' })).toHaveLength(1);
    await sb.resetRequests();
    expect(await sb.requests()).toEqual([]);
  });
});

describe('faults', () => {
  it('fails exactly the Nth call of an operation with the given code and status, then stops', async () => {
    await sb.control.injectFault({
      operation: 'CreateTargetGroup',
      nth: 2,
      code: 'TooManyTargetGroups',
      status: 400,
    });
    const before = created;
    await createTg('one');
    const err = await rejection(createTg('two'));
    expect(err.name).toBe('TooManyTargetGroupsException');
    await createTg('three');
    expect(created - before).toBe(2); // the failed call never reached the handler
    expect((await sb.control.faults()).faults).toEqual([]);
  });

  it('fails the Nth mutating call of any operation', async () => {
    await sb.control.injectFault({ mutatingOnly: true, nth: 2, code: 'InternalFailure', status: 500 });
    await describeLbs();
    await createTg('x');
    await describeLbs();
    const err = await rejection(createTg('y'));
    expect(err.$metadata.httpStatusCode).toBe(500);
    expect(err.name).toBe('InternalFailure');
  });

  it('fails every call while the fault is in place, until it is removed', async () => {
    const { id } = await sb.control.injectFault({
      service: 'elbv2',
      operation: 'DescribeLoadBalancers',
      code: 'LoadBalancerNotFound',
    });
    for (let i = 0; i < 3; i++)
      expect((await rejection(describeLbs())).name).toBe('LoadBalancerNotFoundException');
    await sb.control.clearFaults(id);
    await describeLbs();
  });

  it('throttles exactly the given share of calls with the protocol throttling code', async () => {
    await sb.control.throttle(0.5, { operation: 'DescribeLoadBalancers' });
    const outcomes: string[] = [];
    for (let i = 0; i < 10; i++)
      outcomes.push(
        await describeLbs().then(
          () => 'ok',
          (e) => e.name,
        ),
      );
    expect(outcomes.filter((o) => o === 'Throttling')).toHaveLength(5);
    expect(outcomes.filter((o) => o === 'ok')).toHaveLength(5);
    const log = await sb.requests();
    expect(log.filter((e) => e.code === 'Throttling').every((e) => e.status === 400 && e.injected)).toBe(
      true,
    );
  });

  it('throttles as AWS does, so the SDK retries and succeeds', async () => {
    const client = new ElasticLoadBalancingV2Client({
      endpoint: sb.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      maxAttempts: 3,
    });
    await sb.control.injectFault({ kind: 'throttle', operation: 'DescribeLoadBalancers', nth: 1 });
    await client.send(new DescribeLoadBalancersCommand({}));
    client.destroy();
    const log = await sb.requests({ operation: 'DescribeLoadBalancers' });
    expect(log.map((e) => [e.status, e.code])).toEqual([
      [400, 'Throttling'],
      [200, undefined],
    ]);
  });

  it('refuses a fault without a code, naming the problem', async () => {
    const err = await rejection(sb.control.injectFault({ operation: 'X' }));
    expect(err).toBeInstanceOf(SandboxControlError);
    expect(err.status).toBe(400);
    expect(err.message).toMatch(/code is required/);
  });
});

describe('latency and settings', () => {
  it('adds latency per call to the chosen operation only', async () => {
    await sb.control.latency({ ms: 150, operation: 'DescribeLoadBalancers' });
    let t = performance.now();
    await describeLbs();
    expect(performance.now() - t).toBeGreaterThanOrEqual(140);
    t = performance.now();
    await createTg('fast');
    expect(performance.now() - t).toBeLessThan(140);
    await sb.control.latency({ ms: 0, operation: 'DescribeLoadBalancers' });
  });

  it('changes settings and reports them in info', async () => {
    await sb.control.settings({ timeScale: 60, maxPageSize: 2 });
    const info = await sb.control.info();
    expect(info.settings).toMatchObject({ timeScale: 60, maxPageSize: 2 });
    expect(info.endpoint).toBe(sb.endpoint);
    expect(info.dns.port).toBe(sb.dns.port);
    const bad = await rejection(sb.control.settings({ timeScale: -1 }));
    expect(bad.status).toBe(400);
    await sb.control.settings({ timeScale: 1 });
  });
});

describe('service control verbs', () => {
  it('dispatch by folder or signing name and 404 for unknown verbs', async () => {
    expect(await sb.control.control('elbv2', 'echo', { a: 1 })).toEqual({ echoed: { a: 1 } });
    expect(await sb.control.control('elasticloadbalancing', 'echo', {})).toEqual({ echoed: {} });
    const err = await rejection(sb.control.control('elbv2', 'nope'));
    expect(err.status).toBe(404);
    expect(err.message).toMatch(/echo/);
  });
});
