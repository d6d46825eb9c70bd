/**
 * The request log's timing (start, end, calls in flight) and the round depth computed over a slice of
 * it, through the control API, with the real SDK against a tiny test-only awsQuery service.
 */
import { DescribeLoadBalancersCommand } from '@aws-sdk/client-elastic-load-balancing-v2';
import { beforeEach, describe, expect, it } from 'vitest';
import { SandboxControlError } from '../../src/control-client.js';
import { type RequestLogEntry, roundsOf } from '../../src/core/request-log.js';
import type { ServiceDefinition } from '../../src/core/types.js';
import { sandboxPerFile, startTestSandbox } from '../helpers/sandbox.js';
import { rejection } from '../helpers/sdk.js';

const elbv2: ServiceDefinition = {
  signingName: 'elasticloadbalancing',
  protocol: 'awsQuery',
  version: '2015-12-01',
  xmlNamespace: 'http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/',
  operations: { DescribeLoadBalancers: () => ({ LoadBalancers: [] }) },
};

const sb = sandboxPerFile(() => startTestSandbox({ empty: true, services: [elbv2] }));
beforeEach(async () => {
  await sb.control.clearFaults();
  await sb.resetRequests();
});

const describeLbs = () => sb.sdk.elbv2.send(new DescribeLoadBalancersCommand({}));

function entry(seq: number, startMs: number, endMs: number): RequestLogEntry {
  return {
    seq,
    at: new Date(0).toISOString(),
    service: 'elbv2',
    operation: `Op${seq}`,
    status: 200,
    ms: endMs - startMs,
    mutating: false,
    startMs,
    endMs,
    inFlight: 0,
  };
}

describe('roundsOf', () => {
  it('is 1 + the deepest round ended before a call started', () => {
    const r = roundsOf([
      entry(1, 0, 40),
      entry(2, 1, 100), // round 1, long
      entry(3, 41, 80), // after 1: round 2
      entry(4, 81, 120), // after 3: round 3, while 2 still runs
      entry(5, 101, 130), // after 2 (r1) and 3 (r2), not 4: round 3
    ]);
    expect(r.requests.map((e) => [e.seq, e.round])).toEqual([
      [1, 1],
      [2, 1],
      [3, 2],
      [4, 3],
      [5, 3],
    ]);
    expect(r).toMatchObject({ calls: 5, rounds: 3, byRound: [2, 1, 2], wallMs: 130 });
  });

  it('counts a call that starts exactly when another ends as the next round', () => {
    expect(roundsOf([entry(1, 0, 10), entry(2, 10, 20)]).rounds).toBe(2);
  });

  it('is 0 rounds for no calls', () => {
    expect(roundsOf([])).toMatchObject({ calls: 0, rounds: 0, byRound: [], wallMs: 0 });
  });
});

describe('request log timing and rounds', () => {
  it('records start, end and the calls in flight, and counts rounds over the log', async () => {
    await sb.control.latency({ ms: 40 });
    await Promise.all([describeLbs(), describeLbs()]); // round 1
    await describeLbs(); // round 2
    await Promise.all([describeLbs(), describeLbs(), describeLbs()]); // round 3
    const log = await sb.requests();
    expect(log).toHaveLength(6);
    for (const e of log) {
      expect(e.endMs - e.startMs).toBeGreaterThanOrEqual(40);
      expect(e.endMs - e.startMs).toBeCloseTo(e.ms, 0);
    }
    // The second of two concurrent calls arrives while the first waits out its latency.
    expect(Math.max(...log.slice(0, 2).map((e) => e.inFlight))).toBe(1);
    expect(log[2]!.inFlight).toBe(0);
    expect(Math.max(...log.slice(3).map((e) => e.inFlight))).toBe(2);

    const rounds = await sb.control.rounds();
    expect(rounds).toMatchObject({ calls: 6, rounds: 3, byRound: [2, 1, 3] });
    expect(rounds.wallMs).toBeGreaterThanOrEqual(120);
    // A slice: the calls after the third.
    expect(await sb.control.rounds({ since: 3 })).toMatchObject({ calls: 3, rounds: 1 });
    // One caller's calls only (the test SDK's key).
    expect((await sb.control.rounds({ accessKeyId: 'nobody' })).calls).toBe(0);
  });

  it('refuses a since that is not a sequence number', async () => {
    const err = await rejection(sb.control.rounds({ since: 'x' as unknown as number }));
    expect(err).toBeInstanceOf(SandboxControlError);
    expect((err as SandboxControlError).status).toBe(400);
    expect((err as Error).message).toMatch(/since must be a sequence number/);
  });
});
