/**
 * ECS state is plain JSON: a service and its tasks written by one sandbox are served by the next one
 * started on the same state file, and its scheduler carries on from there.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ListTasksCommand, UpdateServiceCommand } from '@aws-sdk/client-ecs';
import { DescribeTargetHealthCommand } from '@aws-sdk/client-elastic-load-balancing-v2';
import { afterAll, expect, it } from 'vitest';
import { startTestSandbox } from '../helpers/sandbox.js';
import { albTargetGroup, createService, serviceInput, waitFor, waitSteady } from './fixture.js';

const dir = mkdtempSync(join(tmpdir(), 'rails-ecs-state-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const settings = { provisionMs: 20, healthCheckMs: 60, taskStepMs: 20 };

it('serves the service and its running tasks after a restart, and keeps scheduling', async () => {
  const stateFile = join(dir, 'state.json');
  const first = await startTestSandbox({ stateFile, settings, tickIntervalMs: 20 });
  const input = serviceInput('ice-station-zebra', { desiredCount: 2 });
  let tgArn: string;
  let before: string[];
  try {
    tgArn = (await albTargetGroup(first.sdk.elbv2)).tgArn;
    input.loadBalancers = [{ targetGroupArn: tgArn, containerName: 'app', containerPort: 8080 }];
    await createService(first.sdk.ecs, input);
    await waitSteady(first.sdk.ecs, input.serviceName!);
    before = (await first.sdk.ecs.send(new ListTasksCommand({ serviceName: input.serviceName }))).taskArns!;
  } finally {
    await first.stop();
  }

  const second = await startTestSandbox({ stateFile, settings, tickIntervalMs: 20 });
  try {
    const after = (await second.sdk.ecs.send(new ListTasksCommand({ serviceName: input.serviceName })))
      .taskArns!;
    expect(after.sort()).toEqual(before.sort());
    await second.sdk.ecs.send(new UpdateServiceCommand({ service: input.serviceName, desiredCount: 3 }));
    const svc = await waitSteady(second.sdk.ecs, input.serviceName!);
    expect(svc.runningCount).toBe(3);
    const healthy = await waitFor('3 healthy targets', async () => {
      const out = await second.sdk.elbv2.send(new DescribeTargetHealthCommand({ TargetGroupArn: tgArn }));
      const n = out.TargetHealthDescriptions!.filter((d) => d.TargetHealth!.State === 'healthy').length;
      return n === 3 ? n : undefined;
    });
    expect(healthy).toBe(3);
  } finally {
    await second.stop();
  }
});
