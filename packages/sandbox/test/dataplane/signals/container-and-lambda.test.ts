/**
 * Container logs through FilterLogEvents (an access line per request the task's container answered,
 * start and stop lines, the awslogs stream layout, a missing group losing the lines) and the
 * AWS/Lambda metrics an Invoke leaves.
 */
import { GetMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { DeleteLogGroupCommand, FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import {
  CreateFunctionCommand,
  GetFunctionConfigurationCommand,
  InvokeCommand,
} from '@aws-sdk/client-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import { advanceSignals, recordOutcomes } from '../../../src/dataplane/signals/index.js';
import { ecsState } from '../../../src/services/ecs/state.js';
import { startEcsSandbox } from '../../ecs/fixture.js';
import { sandboxPerFile } from '../../helpers/sandbox.js';
import { lambdaRole, settled, zipOf } from '../../lambda/fixtures.js';
import { albOutcome, layRail, type Rail } from './fixture.js';

const t = sandboxPerFile(() => startEcsSandbox({ rolePropagationMs: 50, lambdaUpdateMs: 50 }));
let rail: Rail;

async function events(group: string, startTime?: number) {
  const out = await t.sdk.logs.send(new FilterLogEventsCommand({ logGroupName: group, startTime }));
  return out.events ?? [];
}

beforeAll(async () => {
  rail = await layRail(t);
});

describe('container logs', () => {
  it('writes one access line per request the container answered, at the time it answered', async () => {
    const at = t.sandbox.clock.now() + 1_000;
    recordOutcomes(t.sandbox, [
      albOutcome(rail, at, { status: 200, ms: 30, path: '/orders', query: 'id=7' }),
      albOutcome(rail, at + 500, { status: 500, ms: 4, path: '/fail' }),
      // The ALB answered these itself: the container saw nothing.
      albOutcome(rail, at + 600, { elbStatus: 503 }),
      albOutcome(rail, at + 700, { elbStatus: 404, action: 'fixed-response' }),
    ]);
    const lines = (await events(rail.group, at)).filter((e) => / \d+ms$/.test(e.message!));
    expect(lines.map((e) => e.logStreamName)).toEqual([
      `app/web/${rail.task.taskId}`,
      `app/web/${rail.task.taskId}`,
    ]);
    expect(lines.map((e) => e.timestamp)).toEqual([at + 31, at + 505]);
    expect(lines.map((e) => e.message)).toEqual([
      `${new Date(at + 31).toISOString()} GET /orders?id=7 200 30ms`,
      `${new Date(at + 505).toISOString()} GET /fail 500 4ms`,
    ]);
  });

  it('writes a start line when the span holds the task’s start, and a stop line with the reason', async () => {
    const task = ecsState(t.sandbox).tasks.find((x) => x.taskArn === rail.task.taskArn)!;
    const started = task.startedAt!;
    advanceSignals(t.sandbox, started - 1, started);
    // The next span must not repeat the line.
    advanceSignals(t.sandbox, started, started + 60_000);
    const starts = (await events(rail.group)).filter((e) => e.message!.startsWith('Starting web'));
    expect(starts).toHaveLength(1);
    expect(starts[0]).toMatchObject({ timestamp: started, logStreamName: `app/web/${rail.task.taskId}` });
    // A stop as ECS records it (the lifecycle itself is ECS's): the line carries the reason.
    Object.assign(task, {
      executionStoppedAt: started + 90_000,
      stoppedReason: 'Scaling activity initiated by (deployment ecs-svc/1)',
    });
    advanceSignals(t.sandbox, started + 60_000, started + 120_000);
    const stops = (await events(rail.group)).filter((e) => e.message!.startsWith('Stopping web'));
    expect(stops.map((e) => [e.timestamp, e.message])).toEqual([
      [
        started + 90_000,
        `Stopping web in task ${rail.task.taskId}: Scaling activity initiated by (deployment ecs-svc/1)`,
      ],
    ]);
  });
});

describe('container logs without their group', () => {
  it('loses the lines and does not create the group (no awslogs-create-group)', async () => {
    await t.sdk.logs.send(new DeleteLogGroupCommand({ logGroupName: rail.group }));
    const at = t.sandbox.clock.now() + 5_000;
    expect(() => recordOutcomes(t.sandbox, [albOutcome(rail, at, { status: 200 })])).not.toThrow();
    const err = await t.sdk.logs
      .send(new FilterLogEventsCommand({ logGroupName: rail.group }))
      .catch((e) => e);
    expect(err.name).toBe('ResourceNotFoundException');
  });
});

describe('AWS/Lambda', () => {
  it('records Invocations, Errors, Throttles and Duration by FunctionName for each Invoke', async () => {
    const role = await lambdaRole(t.sdk.iam, 'signals-role', 50);
    await t.sdk.lambda.send(
      new CreateFunctionCommand({
        FunctionName: 'sync-targets',
        Runtime: 'nodejs22.x',
        Handler: 'index.handler',
        Role: role,
        Code: {
          ZipFile: zipOf({
            'index.js': 'exports.handler = async (e) => { if (e.fail) throw new Error("no"); return 1; };',
          }),
        },
      }),
    );
    await settled(() =>
      t.sdk.lambda.send(new GetFunctionConfigurationCommand({ FunctionName: 'sync-targets' })),
    );
    const invoke = (payload: unknown) =>
      t.sdk.lambda.send(
        new InvokeCommand({ FunctionName: 'sync-targets', Payload: Buffer.from(JSON.stringify(payload)) }),
      );
    await invoke({});
    await invoke({});
    await invoke({ fail: true });
    const now = t.sandbox.clock.now();
    const query = (id: string, name: string, stat: string) => ({
      Id: id,
      MetricStat: {
        Metric: {
          Namespace: 'AWS/Lambda',
          MetricName: name,
          Dimensions: [{ Name: 'FunctionName', Value: 'sync-targets' }],
        },
        Period: 3600,
        Stat: stat,
      },
    });
    const out = await t.sdk.cloudwatch.send(
      new GetMetricDataCommand({
        MetricDataQueries: [
          query('invocations', 'Invocations', 'Sum'),
          query('errors', 'Errors', 'Sum'),
          query('throttles', 'Throttles', 'Sum'),
          query('duration', 'Duration', 'SampleCount'),
          query('p99', 'Duration', 'p99'),
        ],
        StartTime: new Date(now - 3_600_000),
        EndTime: new Date(now + 3_600_000),
      }),
    );
    const total = (id: string) =>
      out.MetricDataResults!.find((r) => r.Id === id)!.Values!.reduce((a, v) => a + v, 0);
    expect(total('invocations')).toBe(3);
    expect(total('errors')).toBe(1);
    expect(total('throttles')).toBe(0);
    expect(total('duration')).toBe(3);
    expect(total('p99')).toBeGreaterThan(0);
  });
});
