/**
 * `rails status --all` end to end: the real binary against the sandbox finds every rail by its tags
 * through the Resource Groups Tagging API, one line (or one JSON summary) per stage, exit 1 when one is
 * broken; an account without rails says so and exits 0.
 */
import {
  DeregisterTargetsCommand,
  DescribeTargetHealthCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { RailSummary } from '../../src/lib/status/rail-summary.js';
import { runCli, stdoutJson } from '../helpers/cli.js';
import { layRail, type RailFixture, startRailSandbox, waitHealthy } from '../helpers/rail-fixture.js';
import type { TestSandbox } from '../helpers/sandbox.js';
import { statusSandbox } from './status-cli.js';

vi.setConfig({ testTimeout: 180_000, hookTimeout: 240_000 });

const { sb, status } = statusSandbox();

async function statusAll(endpoint: string, json: boolean) {
  const out = await runCli(['status', '--all', ...(json ? ['--json'] : [])], { endpoint });
  return { ...out, rails: json ? stdoutJson<RailSummary[]>(out.stdout) : undefined };
}

describe('two tagged rails, one of them broken, and an untagged one', () => {
  let blue: RailFixture;
  let green: RailFixture;
  beforeAll(async () => {
    [blue, green] = await Promise.all([
      layRail(sb.sdk, { stage: 'blue', tagged: true, services: [{ name: 'kiwi', paths: ['/kiwi/*'] }] }),
      layRail(sb.sdk, { stage: 'green', tagged: true, services: [{ name: 'lime', paths: ['/lime/*'] }] }),
      layRail(sb.sdk, { stage: 'raw', tagged: false, services: [{ name: 'fig', paths: ['/fig/*'] }] }),
    ]);
    await waitHealthy(sb.sdk, [
      ...blue.nlbTargetGroups,
      blue.serviceGroups.kiwi![0]!,
      ...green.nlbTargetGroups,
      green.serviceGroups.lime![0]!,
    ]);
    // Break green: the NLB loses every target (the ALB's IPs), so nothing reaches its ALB.
    for (const tg of green.nlbTargetGroups) {
      const health = await sb.sdk.elbv2.send(new DescribeTargetHealthCommand({ TargetGroupArn: tg }));
      await sb.sdk.elbv2.send(
        new DeregisterTargetsCommand({
          TargetGroupArn: tg,
          Targets: (health.TargetHealthDescriptions ?? []).map((d) => d.Target!),
        }),
      );
    }
  });

  it('--json: one summary per tagged stage, sorted, with verdicts and the first problem', async () => {
    await sb.resetRequests();
    const { code, rails, stderr } = await statusAll(sb.endpoint, true);
    // Found through the tagging API, not by walking every load balancer's tags.
    expect((await sb.requests({ service: 'tagging', operation: 'GetResources' })).length).toBeGreaterThan(0);
    expect(rails, stderr).toBeDefined();
    expect(rails!.map((r) => r.stage)).toEqual(['blue', 'green']);
    const [b, g] = rails!;
    expect(b).toMatchObject({ schemaVersion: 1, verdict: 'ok', discoveredBy: 'names' });
    expect(b!.firstProblem).toBeUndefined();
    expect(b!.nlb).toMatchObject({ name: 'blue-nlb', arn: blue.nlbArn, state: 'active', verdict: 'ok' });
    expect(b!.alb).toMatchObject({ name: 'blue-alb', arn: blue.albArn, verdict: 'ok' });
    expect(b!.services).toEqual([
      { name: 'kiwi', cluster: 'default', status: 'ACTIVE', desired: 1, running: 1, verdict: 'ok' },
    ]);
    expect(g!.verdict).toBe('broken');
    expect(g!.firstProblem).toMatchObject({
      hop: 'static-ips',
      verdict: 'broken',
      code: 'StaticIps.NoCurrentAlbIp',
    });
    expect(g!.services.map((s) => s.name)).toEqual(['lime']);
    // The same first problem `rails status` gives for that rail alone.
    const alone = await status(['--nlb', 'green-nlb', '--alb', 'green-alb']);
    expect(alone.report?.verdict).toBe('broken');
    expect(g!.firstProblem).toEqual(alone.report!.firstProblem);
    expect(g!.hops).toEqual(alone.report!.hops);
    expect(code).toBe(1);
  });

  it('text: a count line, then one line per rail with its verdict and first problem', async () => {
    const { code, stdout, rails } = await statusAll(sb.endpoint, false);
    expect(rails).toBeUndefined();
    const json = await statusAll(sb.endpoint, true);
    const p = json.rails!.find((r) => r.stage === 'green')!.firstProblem!;
    const lines = stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('2 rails in us-east-1: 1 ok, 1 broken');
    expect(lines[1]).toMatch(/^\[OK\]\s+blue\s+every hop ok$/);
    expect(lines[2]).toBe(`[BROKEN]  green  ${p.hop}: ${p.code}: ${p.message}`);
    expect(stdout).not.toMatch(/\braw\b/);
    expect(code).toBe(1);
  });

  it('refuses flags that choose one rail, with exit 2', async () => {
    const out = await runCli(['status', '--all', '--nlb', 'blue-nlb'], { endpoint: sb.endpoint });
    expect(out.code).toBe(2);
    expect(out.stderr).toMatch(/--all .* does not combine with --nlb/);
  });
});

describe('an account without rails', () => {
  let empty: TestSandbox;
  beforeAll(async () => {
    empty = await startRailSandbox();
  });
  afterAll(async () => {
    await empty?.stop();
  });

  it('says so and exits 0; --json prints an empty array', async () => {
    const text = await statusAll(empty.endpoint, false);
    expect(text.stdout.trim()).toBe(
      "no rails found in us-east-1: no load balancer or ECS service carries rails's tags (rails:stage, rails:managed-by)",
    );
    expect(text.code).toBe(0);
    const json = await statusAll(empty.endpoint, true);
    expect(json.rails).toEqual([]);
    expect(json.code).toBe(0);
  });
});
