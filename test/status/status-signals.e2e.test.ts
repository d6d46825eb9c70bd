/**
 * Incidents rehearsed end to end: rails laid in the sandbox, traffic sent through them on the sandbox
 * clock with `rails sandbox traffic` / `target`, then the real `rails status` reads the metrics the data
 * plane published. Each case checks the first line, the codes, the exit code and the --json signals.
 */
import { readFileSync } from 'node:fs';
import { InvokeCommand } from '@aws-sdk/client-lambda';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { AwsClients } from '../../src/lib/aws/clients.js';
import { parseRailConfig } from '../../src/lib/config/load.js';
import { ensureSyncRunner } from '../../src/lib/rail/sync-runner/deploy.js';
import type { StatusReport } from '../../src/lib/status/model.js';
import { runCli } from '../helpers/cli.js';
import { layRail, liveTargets, type RailFixture, waitHealthy } from '../helpers/rail-fixture.js';
import { laySyncRail } from '../sync/sync-fixture.js';
import { hop, railYaml, statusSandbox } from './status-cli.js';

// Every test spawns the CLI several times and simulates minutes of traffic: give a busy machine room.
vi.setConfig({ testTimeout: 240_000, hookTimeout: 240_000 });

const { sb, status } = statusSandbox();
const MINUTE = 60_000;

/** `rails sandbox <args>` against the test's sandbox. */
async function sandboxVerb(args: string[]) {
  const out = await runCli(['sandbox', ...args, '--port', new URL(sb.endpoint).port], {
    env: { RAILS_SANDBOX_TOKEN: sb.controlToken },
  });
  expect(out.code, `rails sandbox ${args.join(' ')}: ${out.stderr}`).toBe(0);
  return out;
}

/** Starts traffic into `nlb` for `url`; returns the source id (`t-N`). */
async function startTraffic(url: string, nlb: string, rps = 20): Promise<string> {
  const out = await sandboxVerb(['traffic', 'start', '--url', url, '--entry', nlb, '--rps', String(rps)]);
  return /traffic (t-\d+) started/.exec(out.stdout)![1]!;
}

/** `rails status` as text: exit code and lines. */
async function statusText(cwd: string, args: string[] = []) {
  const out = await runCli(['status', ...args], { endpoint: sb.endpoint, cwd });
  return { ...out, lines: out.stdout.split('\n') };
}

const signalsOf = (r: StatusReport | undefined, name: string) =>
  name === 'nlb'
    ? r?.nlb.signals
    : name === 'static-ips'
      ? r?.staticIps.signals
      : name === 'alb'
        ? r?.alb.signals
        : r?.services.find((s) => `service:${s.name}` === name)?.signals;

describe('no traffic at all', () => {
  let cwd: string;
  beforeAll(async () => {
    const rail = await layRail(sb.sdk, { stage: 'calm', tagged: true, services: [{ name: 'calm-svc' }] });
    cwd = railYaml('calm', ['calm-svc']);
    await waitHealthy(sb.sdk, [...rail.nlbTargetGroups, rail.serviceGroups['calm-svc']![0]!]);
  });

  it('is no alarm: every hop ok, "no traffic in the last 15m", exit 0', async () => {
    await sb.resetRequests();
    const { code, report } = await status([], cwd);
    expect(report?.verdict, JSON.stringify(report?.firstProblem)).toBe('ok');
    expect(code).toBe(0);
    for (const name of ['nlb', 'alb', 'service:calm-svc'])
      expect(signalsOf(report, name), name).toMatchObject({
        traffic: false,
        note: 'no traffic in the last 15m',
        inputs: { requests: 0, errors: 0 },
      });
    expect(report?.staticIps.signals).toMatchObject({
      traffic: false,
      note: 'no sync Lambda invocations in the last 15m',
    });
    expect(report?.signals).toMatchObject({
      window: { since: '15m', verdictMinutes: 5 },
      thresholds: { errorRate: { degraded: 1, broken: 25 }, cpuPercent: 90, memoryPercent: 90 },
      calls: 1,
    });
    const end = Date.parse(report!.signals!.window.end);
    expect(end - Date.parse(report!.signals!.window.start)).toBe(15 * MINUTE);
    expect(end % MINUTE).toBe(0);
    // One GetMetricData for the whole rail, asking what the plan holds.
    const calls = await sb.requests({ operation: 'GetMetricData' });
    expect(calls).toHaveLength(1);
    const text = await statusText(cwd);
    expect(text.code).toBe(0);
    expect(text.lines[0]).toMatch(/^\[OK\]\s+rail calm: every hop ok$/);
    expect(text.stdout).toMatch(/signals 15m: no traffic in the last 15m/);
  });

  it('--no-signals reads no metric and prints no signals; a bad --since is a usage error', async () => {
    await sb.resetRequests();
    const { code, report } = await status(['--no-signals'], cwd);
    expect(code).toBe(0);
    expect(report?.signals).toBeUndefined();
    expect(report?.alb.signals).toBeUndefined();
    expect(await sb.requests({ operation: 'GetMetricData' })).toEqual([]);
    await sb.resetRequests();
    for (const bad of ['3m', '2d', 'soon']) {
      const out = await runCli(['status', '--since', bad], { endpoint: sb.endpoint, cwd });
      expect(out.code, bad).toBe(2);
      expect(out.stderr).toMatch(new RegExp(`--since ${bad}: `));
    }
    expect((await sb.requests()).length).toBe(0);
  });
  it('by --nlb/--alb: the services are found by listing clusters, and still one GetMetricData reads every hop', async () => {
    // ECS publishes utilization for each minute that ended with tasks running, traffic or not.
    await sb.control.advanceClock(2 * MINUTE);
    await sb.resetRequests();
    const { code, report } = await status(['--nlb', 'calm-nlb', '--alb', 'calm-alb']);
    expect(code).toBe(0);
    expect(report?.signals).toMatchObject({
      calls: 1,
      thresholds: { errorRate: { degraded: 1, broken: 25 } },
    });
    // AWS-side: one call answered for the load balancers, their target groups and the services together.
    expect(await sb.requests({ operation: 'GetMetricData' })).toHaveLength(1);
    for (const name of ['nlb', 'alb', 'service:calm-svc'])
      expect(signalsOf(report, name)?.series.length, name).toBeGreaterThan(0);
    const cpu = signalsOf(report, 'service:calm-svc')?.series.find((x) => x.metric === 'CPUUtilization');
    expect(cpu?.values.length).toBeGreaterThan(0);
    const requests = signalsOf(report, 'alb')?.series.find((x) => x.metric === 'RequestCount');
    expect(requests).toBeDefined();
  });

  it('a failing GetMetricData is a read error: the rest of the report stands', async () => {
    await sb.control.injectFault({ operation: 'GetMetricData', code: 'Throttling', status: 400 });
    try {
      const { code, report } = await status([], cwd);
      expect(code).toBe(0);
      expect(report?.verdict).toBe('ok');
      expect(report?.readErrors.map((e) => e.what)).toContain('CloudWatch GetMetricData (signals)');
      expect(report?.signals?.error).toMatch(/^Throttling/);
      expect(report?.alb.signals).toBeUndefined();
      expect(report?.services[0]?.targetGroups[0]?.healthy).toBe(1);
    } finally {
      await sb.control.clearFaults();
    }
  });
});

describe('targets answering 500 to 30 % of requests while their health checks pass', () => {
  let rail: RailFixture;
  let cwd: string;
  let source: string;
  beforeAll(async () => {
    rail = await layRail(sb.sdk, {
      stage: 'errs',
      tagged: true,
      services: [{ name: 'orders', desiredCount: 2 }],
    });
    cwd = railYaml('errs', ['orders']);
    await waitHealthy(sb.sdk, [...rail.nlbTargetGroups, rail.serviceGroups.orders![0]!]);
    await sandboxVerb(['target', 'orders', '--error-rate', '0.3']);
    source = await startTraffic('https://api.abq.com/orders/v1/x', 'errs-nlb');
    await sb.control.advanceClock(6 * MINUTE);
  });

  it('names Target.5xx first, breaks the service hop, exits 1', async () => {
    const { code, report } = await status([], cwd);
    expect(code).toBe(1);
    expect(report?.firstProblem).toMatchObject({
      hop: 'service:orders',
      verdict: 'broken',
      code: 'Target.5xx',
    });
    expect(report?.firstProblem?.message).toMatch(
      /^\d+ % of [\d,]+ requests answered 5xx by targets in the last 5m$/,
    );
    expect(hop(report, 'nlb')).toBe('ok');
    expect(hop(report, 'alb')).toBe('ok');
    // The health checks pass: only the signals see it.
    const orders = report!.services.find((s) => s.name === 'orders')!;
    expect(orders.targetGroups[0]!.healthy).toBe(2);
    expect(orders.reasons.map((r) => r.code)).toEqual(['Target.5xx']);
    const inputs = orders.signals!.inputs;
    expect(inputs.requests).toBeGreaterThan(5000);
    expect(Math.abs(inputs.errorPercent! - 30)).toBeLessThan(3);
    const requests = orders.signals!.series.find((s) => s.metric === 'RequestCount')!;
    expect(requests.timestamps.length).toBeGreaterThanOrEqual(5);
    // 20 requests a second: 1,200 in each whole minute of the last five.
    expect(requests.values.slice(-5).every((v) => v > 1000)).toBe(true);
    expect(orders.signals!.series.map((s) => `${s.metric} ${s.stat}`)).toEqual(
      expect.arrayContaining([
        'TargetResponseTime p99',
        'CPUUtilization Average',
        'MemoryUtilization Average',
      ]),
    );
    expect(orders.signals!.inputs.cpuPercent).toBeGreaterThan(0);
    expect(report?.alb.signals?.inputs.requests).toBe(inputs.requests);
  });

  it('prints the first problem on the first line, with the numbers', async () => {
    const text = await statusText(cwd);
    expect(text.code).toBe(1);
    expect(text.lines[0]).toMatch(
      /^\[BROKEN\]\s+first broken hop: service:orders: Target\.5xx: \d+ % of [\d,]+ requests answered 5xx by targets in the last 5m$/,
    );
    // Plain numbers without a terminal: the judged minutes, the value and its thresholds.
    expect(text.stdout).toMatch(
      /signals 15m: requests \[[\d, ]+\] [\d,]+\/5m {3}5xx \[[\d %]+\] \d+ % \(degraded ≥1 %, broken ≥25 %\)/,
    );
  });

  it("rail.yaml's thresholds decide: broken only from 50 % makes it degraded", async () => {
    const lenient = railYaml('errs', ['orders'], ['signals:', '  errorRate: { degraded: 5, broken: 50 }']);
    const { code, report } = await status([], lenient);
    expect(code).toBe(1);
    expect(report?.firstProblem).toMatchObject({
      hop: 'service:orders',
      verdict: 'degraded',
      code: 'Target.5xx',
    });
    expect(report?.signals?.thresholds.errorRate).toEqual({ degraded: 5, broken: 50 });
  });

  it('heals once the errors stop and 5 minutes pass', async () => {
    await sandboxVerb(['target', '--clear']);
    await sb.control.advanceClock(6 * MINUTE);
    const { code, report } = await status([], cwd);
    await sandboxVerb(['traffic', 'stop', source]);
    expect(report?.firstProblem).toBeUndefined();
    expect(code).toBe(0);
    expect(signalsOf(report, 'service:orders')?.inputs.errors).toBe(0);
  });
});

describe('a service with no target to send to', () => {
  let cwd: string;
  beforeAll(async () => {
    await layRail(sb.sdk, { stage: 'hollow', tagged: true, services: [{ name: 'ghost', desiredCount: 0 }] });
    cwd = railYaml('hollow', ['ghost']);
    const source = await startTraffic('https://api.abq.com/ghost/x', 'hollow-nlb', 10);
    await sb.control.advanceClock(6 * MINUTE);
    await sandboxVerb(['traffic', 'stop', source]);
  });

  it('is the ALB answering 503: Alb.Elb503 first, with its hint', async () => {
    const { code, report } = await status([], cwd);
    expect(code).toBe(1);
    expect(report?.firstProblem).toMatchObject({ hop: 'alb', verdict: 'broken', code: 'Alb.Elb503' });
    expect(report?.firstProblem?.message).toMatch(
      /^100 % of [\d,]+ requests answered 503 by the ALB in the last 5m$/,
    );
    expect(report?.firstProblem?.hint).toMatch(/no healthy target/);
    expect(report?.alb.signals?.inputs.errorsByKind).toMatchObject({ elb502: 0, elb504: 0 });
    expect(report?.alb.signals?.inputs.errorsByKind?.elb503).toBeGreaterThan(2000);
    const text = await statusText(cwd);
    expect(text.lines[0]).toMatch(/^\[BROKEN\]\s+first broken hop: alb: Alb\.Elb503: 100 % of/);
  });
});

describe("the ALB's IPs rotated under traffic with no sync", () => {
  let rail: RailFixture;
  let cwd: string;
  let source: string;
  beforeAll(async () => {
    rail = await layRail(sb.sdk, {
      stage: 'spin',
      tagged: true,
      drainSeconds: 30,
      services: [{ name: 'spinner', desiredCount: 1 }],
    });
    const { CreateBucketCommand } = await import('@aws-sdk/client-s3');
    await sb.sdk.s3.send(new CreateBucketCommand({ Bucket: 'spin-sync-state' }));
    cwd = railYaml(
      'spin',
      ['spinner'],
      ['sync:', '  bucket: spin-sync-state', '  missesBeforeDeregister: 1'],
    );
    await waitHealthy(sb.sdk, [...rail.nlbTargetGroups, rail.serviceGroups.spinner![0]!]);
    source = await startTraffic('https://api.abq.com/spinner/x', 'spin-nlb', 10);
    await sb.control.advanceClock(2 * MINUTE);
    await sandboxVerb(['rotate-ips', 'spin-alb', '--replace', 'all']);
    await sb.control.advanceClock(6 * MINUTE);
  });

  it('is named by the static-IPs hop first; the signals show the ALB losing its traffic', async () => {
    const { code, report } = await status([], cwd);
    expect(code).toBe(1);
    // The control plane sees it first (the NLB's targets are no ALB IP); the signals agree.
    expect(report?.firstProblem).toMatchObject({ hop: 'static-ips', code: 'StaticIps.NoCurrentAlbIp' });
    expect(hop(report, 'static-ips')).toBe('broken');
    // The NLB still takes flows; they go to IPs no ALB node has, so the ALB sees none of them.
    expect(report?.nlb.signals?.inputs.requests).toBeGreaterThan(0);
    expect(report?.alb.signals?.inputs.requests ?? 0).toBeLessThan(
      report!.nlb.signals!.inputs.requests! / 10,
    );
    const text = await statusText(cwd);
    expect(text.lines[0]).toMatch(/^\[BROKEN\]\s+first broken hop: static-ips: StaticIps\.NoCurrentAlbIp: /);
  });

  it('heals after `rails sync-ips --once` and 5 clean minutes', async () => {
    const sync = await runCli(['sync-ips', '--once'], { endpoint: sb.endpoint, cwd });
    expect(sync.code, sync.stderr).toBe(0);
    await sb.control.advanceClock(6 * MINUTE);
    expect((await liveTargets(sb.sdk, rail.tg443)).length).toBeGreaterThan(0);
    await waitHealthy(sb.sdk, rail.nlbTargetGroups);
    const { code, report } = await status([], cwd);
    await sandboxVerb(['traffic', 'stop', source]);
    expect(report?.firstProblem, JSON.stringify(report?.firstProblem)).toBeUndefined();
    expect(code).toBe(0);
    expect(report?.alb.signals?.inputs.requests).toBeGreaterThan(2000);
    expect(report?.nlb.signals?.inputs.errors).toBe(0);
  });
});

describe("the ALB's HTTPS listener deleted under traffic", () => {
  let cwd: string;
  beforeAll(async () => {
    const { DeleteListenerCommand } = await import('@aws-sdk/client-elastic-load-balancing-v2');
    const rail = await layRail(sb.sdk, { stage: 'cut', tagged: true, services: [{ name: 'cutter' }] });
    cwd = railYaml('cut', ['cutter']);
    await waitHealthy(sb.sdk, [...rail.nlbTargetGroups, rail.serviceGroups.cutter![0]!]);
    await sb.sdk.elbv2.send(new DeleteListenerCommand({ ListenerArn: rail.httpsListenerArn }));
    const source = await startTraffic('https://api.abq.com/cutter/x', 'cut-nlb', 10);
    await sb.control.advanceClock(6 * MINUTE);
    await sandboxVerb(['traffic', 'stop', source]);
  });

  it('is Nlb.TargetResets: the ALB nodes reset every flow the NLB sends to 443', async () => {
    const { code, report } = await status([], cwd);
    expect(code).toBe(1);
    expect(hop(report, 'nlb')).toBe('broken');
    const resets = report?.nlb.reasons.find((r) => r.code === 'Nlb.TargetResets');
    expect(resets).toMatchObject({ level: 'broken' });
    expect(resets?.message).toMatch(
      /^100 % of [\d,]+ flows were reset by their target \(the ALB side\) in the last 5m$/,
    );
    expect(report?.nlb.signals?.inputs.errorsByKind?.targetResets).toBeGreaterThan(2000);
    expect(report?.alb.signals?.traffic).toBe(false);
  });
});

describe('the sync Lambda failing', () => {
  let dir: string;
  beforeAll(async () => {
    const f = await laySyncRail(sb.sdk, 'lam');
    dir = f.dir;
    const rail = parseRailConfig(
      readFileSync(f.configFile, 'utf8').replace('sync:\n', 'sync:\n  runner: lambda\n'),
      f.configFile,
    );
    const aws = new AwsClients({
      region: 'us-east-1',
      endpoint: sb.endpoint,
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      userAgent: 'rails-test',
    });
    await sb.control.settings({ rolePropagationMs: 50 });
    await ensureSyncRunner(aws, rail, { dryRun: false, report: () => undefined });
    await aws.destroy();
    const invoke = () => sb.sdk.lambda.send(new InvokeCommand({ FunctionName: 'lam-rails-sync-ips' }));
    expect((await invoke()).FunctionError).toBeUndefined();
    await waitHealthy(sb.sdk, f.nlbTargetGroups);
    // The function loses the right to read the ALB's interfaces: every pass fails.
    // Until cleared (the schedule may run the function meanwhile: those runs fail too).
    await sb.control.injectFault({
      operation: 'DescribeNetworkInterfaces',
      code: 'UnauthorizedOperation',
      status: 403,
    });
    for (let i = 0; i < 3; i++) expect((await invoke()).FunctionError).toBe('Unhandled');
    await sb.control.clearFaults();
    // Metrics are per whole minute: the minute of the failures must end before status counts it.
    await sb.control.advanceClock(MINUTE);
  });

  it('is Sync.LambdaErrors on the static-IPs hop, with the counts', async () => {
    const { code, report } = await status([], dir);
    expect(code).toBe(1);
    const reason = report?.staticIps.reasons.find((r) => r.code === 'Sync.LambdaErrors');
    expect(reason?.message).toMatch(
      /^\d+ % of \d+ invocations of the sync Lambda lam-rails-sync-ips failed in the last 5m$/,
    );
    expect(reason?.level).toBe('broken');
    expect(report?.firstProblem).toMatchObject({ hop: 'static-ips', code: 'Sync.LambdaErrors' });
    const inputs = report!.staticIps.signals!.inputs;
    expect(inputs.errors).toBeGreaterThanOrEqual(3);
    expect(inputs.requests).toBeGreaterThan(inputs.errors!);
  });
});
