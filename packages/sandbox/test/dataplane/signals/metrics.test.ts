/**
 * The metrics traffic leaves, read back through GetMetricData: ELB counts by AWS's dimensions, the
 * ELB-versus-target split of status codes, TargetResponseTime percentiles, nothing for a minute
 * without traffic, minutes published only once ended, and the periodic health and ECS metrics.
 */
import { GetMetricDataCommand, type MetricDataQuery } from '@aws-sdk/client-cloudwatch';
import { beforeAll, describe, expect, it } from 'vitest';
import { advanceSignals, recordOutcomes } from '../../../src/dataplane/signals/index.js';
import { startEcsSandbox } from '../../ecs/fixture.js';
import { sandboxPerFile } from '../../helpers/sandbox.js';
import { albOutcome, layRail, nlbOutcome, type Rail } from './fixture.js';

const t = sandboxPerFile(() => startEcsSandbox());
let rail: Rail;
/** Window-aligned, after the service's task started (the ECS metrics count tasks running then). */
let t0: number;

type Dims = Record<string, string>;

async function series(ns: string, name: string, dims: Dims, stat = 'Sum') {
  const query: MetricDataQuery = {
    Id: 'q',
    MetricStat: {
      Metric: {
        Namespace: ns,
        MetricName: name,
        Dimensions: Object.entries(dims).map(([Name, Value]) => ({ Name, Value })),
      },
      Period: 60,
      Stat: stat,
    },
  };
  const out = await t.sdk.cloudwatch.send(
    new GetMetricDataCommand({
      MetricDataQueries: [query],
      StartTime: new Date(t0 - 60_000),
      EndTime: new Date(t0 + 10 * 60_000),
      ScanBy: 'TimestampAscending',
    }),
  );
  const r = out.MetricDataResults![0]!;
  return r.Timestamps!.map((ts, i) => [(ts.getTime() - t0) / 60_000, r.Values![i]!] as [number, number]);
}

beforeAll(async () => {
  rail = await layRail(t);
  t0 = Math.ceil(t.sandbox.clock.now() / 300_000) * 300_000 + 300_000;
  const first = [
    ...Array.from({ length: 10 }, (_, i) =>
      albOutcome(rail, t0 + 1000 * i, { status: 200, ms: 10 * (i + 1) }),
    ),
    albOutcome(rail, t0 + 20_000, { status: 500, ms: 5 }),
    albOutcome(rail, t0 + 21_000, { status: 500, ms: 5 }),
    albOutcome(rail, t0 + 22_000, { elbStatus: 503, errorReason: 'NoHealthyTargets' }),
    albOutcome(rail, t0 + 23_000, { elbStatus: 502, errorReason: 'TargetConnectionError' }),
    albOutcome(rail, t0 + 24_000, { elbStatus: 404, action: 'fixed-response' }),
    albOutcome(rail, t0 + 25_000, { elbStatus: 301, action: 'redirect' }),
    nlbOutcome(rail, t0 + 26_000),
    nlbOutcome(rail, t0 + 27_000, 'elb-reset'),
  ];
  const third = Array.from({ length: 5 }, (_, i) =>
    albOutcome(rail, t0 + 120_000 + 1000 * i, { status: 201 }),
  );
  // Slices as the generator hands them: outcomes, then the same span advanced.
  recordOutcomes(t.sandbox, first);
  advanceSignals(t.sandbox, t0, t0 + 90_000);
  recordOutcomes(t.sandbox, third);
  advanceSignals(t.sandbox, t0 + 90_000, t0 + 125_000);
});

describe('AWS/ApplicationELB', () => {
  it('publishes only minutes that have ended, and none without traffic', async () => {
    const lb = { LoadBalancer: rail.lbDim };
    // Minute 2 has traffic but has not ended at t0 + 125 s; minute 1 had none.
    expect(await series('AWS/ApplicationELB', 'RequestCount', lb)).toEqual([[0, 16]]);
    advanceSignals(t.sandbox, t0 + 125_000, t0 + 180_000);
    expect(await series('AWS/ApplicationELB', 'RequestCount', lb)).toEqual([
      [0, 16],
      [2, 5],
    ]);
  });

  it('counts a status the ALB made up as the ELB’s and one a target answered as the target’s', async () => {
    const lb = { LoadBalancer: rail.lbDim };
    const tg = { LoadBalancer: rail.lbDim, TargetGroup: rail.tgDim };
    const sums = async (name: string, dims: Dims) => (await series('AWS/ApplicationELB', name, dims))[0]?.[1];
    expect(await sums('HTTPCode_ELB_5XX_Count', lb)).toBe(2);
    expect(await sums('HTTPCode_ELB_503_Count', lb)).toBe(1);
    expect(await sums('HTTPCode_ELB_502_Count', lb)).toBe(1);
    expect(await sums('HTTPCode_ELB_500_Count', lb)).toBeUndefined();
    expect(await sums('HTTPCode_ELB_4XX_Count', lb)).toBe(1);
    expect(await sums('HTTPCode_ELB_3XX_Count', lb)).toBe(1);
    expect(await sums('HTTPCode_Target_5XX_Count', tg)).toBe(2);
    expect(await sums('HTTPCode_Target_2XX_Count', tg)).toBe(10);
    // The fixed response and the redirect chose no target group.
    expect(await sums('RequestCount', tg)).toBe(14);
    expect(await sums('RequestCountPerTarget', tg)).toBe(14);
    expect(await sums('ProcessedBytes', lb)).toBe(16 * 420);
  });

  it('keeps TargetResponseTime raw, in seconds, so percentiles answer', async () => {
    const tg = { LoadBalancer: rail.lbDim, TargetGroup: rail.tgDim };
    const [[, p99]] = (await series('AWS/ApplicationELB', 'TargetResponseTime', tg, 'p99')) as [
      [number, number],
    ];
    const [[, max]] = (await series('AWS/ApplicationELB', 'TargetResponseTime', tg, 'Maximum')) as [
      [number, number],
    ];
    expect(p99).toBeCloseTo(0.1, 6);
    expect(max).toBeCloseTo(0.1, 6);
    const [[, p50]] = (await series('AWS/ApplicationELB', 'TargetResponseTime', tg, 'p50')) as [
      [number, number],
    ];
    // Nearest rank over 0.005, 0.005, 0.01 … 0.1: the 6th of 12.
    expect(p50).toBeCloseTo(0.04, 6);
  });

  it('publishes by AvailabilityZone too', async () => {
    const az = { LoadBalancer: rail.lbDim, AvailabilityZone: rail.node.az };
    expect((await series('AWS/ApplicationELB', 'RequestCount', az))[0]).toEqual([0, 16]);
    const tgAz = { ...az, TargetGroup: rail.tgDim };
    expect((await series('AWS/ApplicationELB', 'HTTPCode_Target_5XX_Count', tgAz))[0]).toEqual([0, 2]);
  });

  it('writes HealthyHostCount every minute of the span, traffic or not', async () => {
    const tg = { LoadBalancer: rail.lbDim, TargetGroup: rail.tgDim };
    const healthy = await series('AWS/ApplicationELB', 'HealthyHostCount', tg, 'Maximum');
    const unhealthy = await series('AWS/ApplicationELB', 'UnHealthyHostCount', tg, 'Maximum');
    expect(healthy.map(([m]) => m)).toEqual([0, 1, 2]);
    expect(healthy.map(([, v], i) => v + unhealthy[i]![1])).toEqual([1, 1, 1]);
  });
});

describe('AWS/NetworkELB and AWS/ECS', () => {
  it('counts TLS flows and the resets the NLB sent', async () => {
    const lb = { LoadBalancer: rail.nlb.dim };
    expect(await series('AWS/NetworkELB', 'NewFlowCount', lb)).toEqual([[0, 2]]);
    expect(await series('AWS/NetworkELB', 'NewFlowCount_TLS', lb)).toEqual([[0, 2]]);
    expect(await series('AWS/NetworkELB', 'TCP_ELB_Reset_Count', lb)).toEqual([[0, 1]]);
    expect(await series('AWS/NetworkELB', 'TCP_Target_Reset_Count', lb)).toEqual([]);
  });

  it('reports the service’s CPU every minute, higher with the requests its task served', async () => {
    const dims = { ClusterName: rail.task.cluster, ServiceName: rail.task.service };
    const cpu = await series('AWS/ECS', 'CPUUtilization', dims, 'Average');
    const memory = await series('AWS/ECS', 'MemoryUtilization', dims, 'Average');
    expect(cpu.map(([m]) => m)).toEqual([0, 1, 2]);
    expect(memory).toHaveLength(3);
    // Minute 0 served 12 requests, minute 1 none.
    expect(cpu[0]![1]).toBeGreaterThan(cpu[1]![1]);
  });
});
