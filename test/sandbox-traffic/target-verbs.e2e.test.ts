/**
 * `rails sandbox target` (the real binary) against an in-process sandbox with a laid rail: behaviours
 * set, listed and cleared; bad input is exit 2 and changes nothing; --fail-health makes ELB mark the
 * task unhealthy and ECS replace it (a new task id, the service event), checked through the SDK.
 */
import { DescribeServicesCommand, DescribeTasksCommand, ListTasksCommand } from '@aws-sdk/client-ecs';
import { DescribeTargetHealthCommand } from '@aws-sdk/client-elastic-load-balancing-v2';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli, stdoutJson } from '../helpers/cli.js';
import { layRail, startRailSandbox, waitHealthy } from '../helpers/rail-fixture.js';
import { sandboxPerFile } from '../helpers/sandbox.js';

const t = sandboxPerFile(startRailSandbox);
let port: string;
let tg: string;

const target = (args: string[]) =>
  runCli(['sandbox', 'target', ...args, '--port', port], { env: { RAILS_SANDBOX_TOKEN: t.controlToken } });

async function tasks() {
  const arns = (await t.sdk.ecs.send(new ListTasksCommand({ serviceName: 'orders' }))).taskArns!;
  return (await t.sdk.ecs.send(new DescribeTasksCommand({ tasks: arns }))).tasks!;
}

beforeAll(async () => {
  port = new URL(t.endpoint).port;
  const rail = await layRail(t.sdk, { stage: 'tv', services: [{ name: 'orders', desiredCount: 2 }] });
  tg = rail.serviceGroups.orders![0]!;
  await waitHealthy(t.sdk, [tg]);
});

describe('rails sandbox target', () => {
  it('sets, lists and clears behaviours', async () => {
    const set = await target(['orders', '--error-rate', '0.1', '--status', '503', '--json']);
    expect(set.code).toBe(0);
    const { behaviour } = stdoutJson<{ behaviour: { id: string } }>(set.stdout)!;
    expect(behaviour).toMatchObject({ selector: { service: 'orders' }, errorRate: 0.1, status: 503 });
    const ip = (await tasks())[0]!.attachments![0]!.details!.find((d) => d.name === 'privateIPv4Address')!
      .value!;
    expect((await target([ip, '--latency', '1500'])).code).toBe(0);
    const listed = await target([]);
    expect(listed.stdout).toContain(`${behaviour.id}  service=orders: errors 0.1 (503)`);
    expect(listed.stdout).toContain(`ip=${ip}: latency 1500 ms`);
    expect((await t.control.targetBehaviours()).length).toBe(2);
    const cleared = await target(['--clear', behaviour.id]);
    expect(cleared.stdout).toContain(`removed ${behaviour.id}`);
    expect((await target(['--clear'])).code).toBe(0);
    expect(await t.control.targetBehaviours()).toEqual([]);
  });

  it('refuses bad input with exit 2, saying what and why, and changes nothing', async () => {
    const cases: Array<[string[], RegExp]> = [
      [['no-such-service', '--error-rate', '0.5'], /no ECS service named 'no-such-service'/],
      [['orders', '--error-rate', '1.5'], /--error-rate must be within 0\.\.1/],
      [['orders', '--status', '700'], /--status must be a whole number from 100 to 599/],
      [['orders'], /say what the target does/],
      [['10.9.9.9', '--latency', '10'], /no task or registered target has the IP 10\.9\.9\.9/],
      [['orders', '--cluster', 'nope', '--latency', '10'], /no ECS cluster named 'nope'/],
    ];
    for (const [args, message] of cases) {
      const r = await target(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(message);
    }
    expect(await t.control.targetBehaviours()).toEqual([]);
  });

  it('--fail-health: ELB marks the task unhealthy and ECS replaces it', async () => {
    const before = await tasks();
    const sick = before[0]!;
    const taskId = sick.taskArn!.split('/').pop()!;
    const ip = sick.attachments![0]!.details!.find((d) => d.name === 'privateIPv4Address')!.value!;
    expect((await target([taskId, '--fail-health', '--status', '503'])).code).toBe(0);
    const health = await t.sdk.elbv2.send(new DescribeTargetHealthCommand({ TargetGroupArn: tg }));
    expect(health.TargetHealthDescriptions!.find((h) => h.Target!.Id === ip)!.TargetHealth).toMatchObject({
      State: 'unhealthy',
      Reason: 'Target.ResponseCodeMismatch',
      Description: 'Health checks failed with these codes: [503]',
    });
    // Two failed checks 10 s apart (the fixture's target group), in sandbox time.
    await t.control.advanceClock(30_000);
    const deadline = Date.now() + 20_000;
    let now = await tasks();
    while ((now.length !== 2 || now.some((x) => x.taskArn === sick.taskArn)) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
      now = await tasks();
    }
    expect(now.map((x) => x.taskArn)).not.toContain(sick.taskArn);
    expect(now).toHaveLength(2);
    const stopped = (await t.sdk.ecs.send(new DescribeTasksCommand({ tasks: [sick.taskArn!] }))).tasks![0]!;
    expect(stopped.stoppedReason).toBe(`Task failed ELB health checks in (target-group ${tg})`);
    const svc = (await t.sdk.ecs.send(new DescribeServicesCommand({ services: ['orders'] }))).services![0]!;
    expect(svc.events!.some((e) => e.message!.includes(`(task ${taskId})`))).toBe(true);
    await target(['--clear']);
  });
});
