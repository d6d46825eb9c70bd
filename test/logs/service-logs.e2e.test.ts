/**
 * `rails logs <service>` end to end: the real binary against the sandbox. A rail whose service runs a
 * task definition logging through awslogs takes traffic with a share of target 500s; the data plane
 * writes the container lines. The command's lines are checked against FilterLogEvents through the SDK
 * (every page), by task, by --grep, and --follow picks up a line written while it runs. The window is
 * AWS's: with the sandbox clock minutes ahead of this machine's, or behind it, `--since` reaches back
 * from the sandbox's now.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type CloudWatchLogsClient,
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  type FilteredLogEvent,
  FilterLogEventsCommand,
  GetLogEventsCommand,
  PutLogEventsCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { ListTasksCommand } from '@aws-sdk/client-ecs';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { StatusReport } from '../../src/lib/status/model.js';
import { BIN, isolatedEnv, runCli, stdoutJson } from '../helpers/cli.js';
import { appTaskDefinition } from '../helpers/observability.js';
import { layRail, startRailSandbox, waitHealthy } from '../helpers/rail-fixture.js';
import { sandboxPerFile, startTestSandbox } from '../helpers/sandbox.js';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 180_000 });

const sb = sandboxPerFile(startRailSandbox);
const GROUP = '/ecs/svc-orders';
const MINUTE = 60_000;
let logs: CloudWatchLogsClient;
let cwd: string;
let port: string;

function railYaml(): string {
  const dir = mkdtempSync(join(tmpdir(), 'rails-svclogs-'));
  const body = [
    'stage: svc',
    'region: us-east-1',
    'vpc: vpc-0c0ffee0000000001',
    'subnets: [subnet-0c0ffee0000000a01, subnet-0c0ffee0000000b02]',
    'certificate: arn:aws:acm:us-east-1:123456789012:certificate/0c0ffee0-0000-4000-8000-000000000001',
    'services:',
    '  - name: orders',
    '    taskDefinition: ice-station-zebra',
    '    container: app',
    '    port: 8080',
    '    host: api.abq.com',
    '    paths: ["/orders/*"]',
    '  - name: quiet',
    '    taskDefinition: no-logs',
    '    container: app',
    '    port: 8080',
    '    host: api.abq.com',
    '    paths: ["/quiet/*"]',
  ].join('\n');
  writeFileSync(join(dir, 'rail.yaml'), `${body}\n`);
  return dir;
}

const rails = (args: string[]) => runCli(['logs', ...args], { endpoint: sb.endpoint, cwd });
const sandboxCli = (args: string[]) =>
  runCli(['sandbox', ...args, '--port', port], { env: { RAILS_SANDBOX_TOKEN: sb.controlToken } });

async function allEvents(filterPattern?: string): Promise<FilteredLogEvent[]> {
  const out: FilteredLogEvent[] = [];
  let nextToken: string | undefined;
  do {
    const page = await logs.send(
      new FilterLogEventsCommand({ logGroupName: GROUP, nextToken, filterPattern, limit: 100 }),
    );
    out.push(...(page.events ?? []));
    nextToken = page.nextToken;
  } while (nextToken);
  return out;
}

interface Line {
  time: string;
  taskId: string;
  stream: string;
  message: string;
  eventId: string;
}
const jsonLines = (stdout: string): Line[] =>
  stdout
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Line);

beforeAll(async () => {
  port = new URL(sb.endpoint).port;
  cwd = railYaml();
  logs = sb.sdk.logs;
  await logs.send(new CreateLogGroupCommand({ logGroupName: GROUP }));
  await sb.sdk.ecs.send(appTaskDefinition('ice-station-zebra', GROUP));
  await sb.sdk.ecs.send(appTaskDefinition('no-logs'));
  const rail = await layRail(sb.sdk, { stage: 'svc', services: [{ name: 'orders', desiredCount: 2 }] });
  await waitHealthy(sb.sdk, [...rail.nlbTargetGroups, ...rail.serviceGroups.orders!]);
  const target = await sandboxCli(['target', 'orders', '--error-rate', '0.3', '--status', '500']);
  expect(target.code, target.stderr).toBe(0);
  const started = await sandboxCli([
    'traffic',
    'start',
    '--url',
    'https://api.abq.com/orders/v1/x',
    '--entry',
    'svc-nlb',
    '--rps',
    '5',
  ]);
  expect(started.code, started.stderr).toBe(0);
  await sb.control.advanceClock(2 * 60_000);
  const stopped = await sandboxCli(['traffic', 'stop']);
  expect(stopped.code, stopped.stderr).toBe(0);
});

describe('rails logs <service>', () => {
  it('--json prints every container line of the window, all pages, in time order', async () => {
    const expected = await allEvents();
    expect(expected.length).toBeGreaterThan(300);
    const { code, stdout, stderr } = await rails(['orders', '--since', '1h', '--json']);
    expect(code, stderr).toBe(0);
    const lines = jsonLines(stdout);
    expect(lines.map((l) => l.eventId).sort()).toEqual(expected.map((e) => e.eventId!).sort());
    const times = lines.map((l) => Date.parse(l.time));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(new Set(lines.map((l) => l.taskId)).size).toBe(2);
    for (const l of lines) expect(l.stream).toBe(`app/app/${l.taskId}`);
    expect(lines.some((l) => / 500 \S+ms$/.test(l.message))).toBe(true);
  });

  it('--grep keeps the failing requests (a quoted term), --task one task', async () => {
    const failing = await allEvents('" 500 "');
    expect(failing.length).toBeGreaterThan(0);
    const grep = await rails(['orders', '--since', '1h', '--grep', ' 500 ', '--json']);
    expect(grep.code, grep.stderr).toBe(0);
    const lines = jsonLines(grep.stdout);
    expect(lines.length).toBe(failing.length);
    for (const l of lines) expect(l.message).toContain(' 500 ');

    const one = lines[0]!.taskId;
    const task = await rails(['orders', '--since', '1h', '--task', one]);
    expect(task.code, task.stderr).toBe(0);
    const text = task.stdout.trim().split('\n');
    expect(text.length).toBe((await allEvents()).filter((e) => e.logStreamName === `app/app/${one}`).length);
    for (const l of text) expect(l.startsWith(`${one.slice(0, 8)} `)).toBe(true);
  });

  it('an unknown service exits 2 naming the rail’s services; no awslogs says how to enable it', async () => {
    const unknown = await rails(['billing']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/no service "billing"/);
    expect(unknown.stderr).toMatch(/orders, quiet/);
    const quiet = await rails(['quiet']);
    expect(quiet.code).toBe(1);
    expect(quiet.stderr).toMatch(/does not send its containers' logs to CloudWatch Logs/);
    expect(quiet.stderr).toMatch(/logDriver "awslogs"/);

    // An image: service whose group does not exist (nothing laid it yet).
    const dir = mkdtempSync(join(tmpdir(), 'rails-svclogs-nogroup-'));
    writeFileSync(
      join(dir, 'rail.yaml'),
      readFileSync(join(cwd, 'rail.yaml'), 'utf8').replace(
        '    taskDefinition: no-logs\n',
        '    image: public.ecr.aws/docker/library/nginx:1.27\n',
      ),
    );
    const missing = await runCli(['logs', 'quiet'], { endpoint: sb.endpoint, cwd: dir });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/log group \/rails\/svc\/quiet of service quiet does not exist/);
  });

  it('status shows the last lines of the newest stopped task under Tasks.Stopped, in --json too', async () => {
    const stopped = await sb.control.control<{ taskArn: string }>('ecs', 'stop-task', {
      service: 'orders',
      reason: 'Essential container in task exited',
    });
    const taskId = stopped.taskArn.split('/').pop()!;
    await vi.waitFor(
      async () => {
        const out = await sb.sdk.ecs.send(
          new ListTasksCommand({ cluster: 'default', serviceName: 'orders', desiredStatus: 'STOPPED' }),
        );
        expect(out.taskArns ?? []).toContain(stopped.taskArn);
      },
      { timeout: 30_000, interval: 100 },
    );
    await sb.control.advanceClock(60_000);
    const stream = `app/app/${taskId}`;
    const newest = await logs.send(
      new GetLogEventsCommand({ logGroupName: GROUP, logStreamName: stream, startFromHead: false, limit: 5 }),
    );
    expect(newest.events!.length).toBeGreaterThan(0);

    const json = await runCli(['status', '--json'], { endpoint: sb.endpoint, cwd });
    const report = stdoutJson<StatusReport>(json.stdout)!;
    expect(report, json.stderr).toBeDefined();
    const orders = report.services.find((s) => s.name === 'orders')!;
    expect(orders.reasons.some((r) => r.code === 'Tasks.Stopped')).toBe(true);
    expect(orders.stoppedTaskLog).toEqual({
      taskId,
      group: GROUP,
      stream,
      lines: newest.events!.map((e) => ({ time: new Date(e.timestamp!).toISOString(), message: e.message })),
    });

    const text = await runCli(['status'], { endpoint: sb.endpoint, cwd });
    expect(text.stdout).toContain(`last lines of stopped task ${taskId} (${GROUP} ${stream}):`);
    expect(text.stdout).toContain(newest.events!.at(-1)!.message!);
  });

  it('an image: service reads its group from rail.yaml: FilterLogEvents is the first and only call', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rails-svclogs-image-'));
    writeFileSync(
      join(dir, 'rail.yaml'),
      `${readFileSync(join(cwd, 'rail.yaml'), 'utf8').replace(
        '    taskDefinition: ice-station-zebra\n',
        '    image: public.ecr.aws/docker/library/nginx:1.27\n',
      )}`,
    );
    const group = '/rails/svc/orders';
    const stream = 'rails/app/fedcba9876543210fedcba9876543210';
    await logs.send(new CreateLogGroupCommand({ logGroupName: group }));
    await logs.send(new CreateLogStreamCommand({ logGroupName: group, logStreamName: stream }));
    const at = Date.parse((await sb.control.info()).clock.now);
    await logs.send(
      new PutLogEventsCommand({
        logGroupName: group,
        logStreamName: stream,
        logEvents: [{ timestamp: at, message: 'listening on :8080 "ready"' }],
      }),
    );
    await sb.control.resetRequests();
    const r = await runCli(['logs', 'orders', '--grep', '"ready"'], { endpoint: sb.endpoint, cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.trim()).toMatch(/^fedcba98 \S+ listening on :8080 "ready"$/);
    const calls = (await sb.control.requests()).map((c: { operation: string }) => c.operation);
    expect(calls).toEqual(['FilterLogEvents']);
  });

  it("--since reaches back from AWS's clock minutes ahead of this machine's: no older line, no extra call", async () => {
    await sb.control.advanceClock(10 * MINUTE);
    const now = Date.parse((await sb.control.info()).clock.now);
    expect(now - Date.now()).toBeGreaterThan(10 * MINUTE);
    const taskId = 'a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1';
    await logs.send(new CreateLogStreamCommand({ logGroupName: GROUP, logStreamName: `app/app/${taskId}` }));
    // Inside AWS's last minute, and before it (inside this machine's last minute and more).
    await logs.send(
      new PutLogEventsCommand({
        logGroupName: GROUP,
        logStreamName: `app/app/${taskId}`,
        logEvents: [
          { timestamp: now - 90_000, message: 'before the window' },
          { timestamp: now - 30_000, message: 'inside the window' },
        ],
      }),
    );
    await sb.control.resetRequests();
    const r = await rails(['orders', '--since', '1m', '--task', taskId, '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(jsonLines(r.stdout).map((l) => l.message)).toEqual(['inside the window']);
    expect(await sb.control.requests({ operation: 'FilterLogEvents' })).toHaveLength(1);
  });

  it("--since reaches back from AWS's clock minutes behind this machine's: the window's first lines are there", async () => {
    const behind = await startTestSandbox({ clockOffsetMs: -10 * MINUTE });
    try {
      const now = Date.parse((await behind.control.info()).clock.now);
      expect(Date.now() - now).toBeGreaterThan(9 * MINUTE);
      // An image: service: its group is known from rail.yaml, so FilterLogEvents is the first call and
      // the SDK knows nothing of AWS's clock before it answers.
      const dir = mkdtempSync(join(tmpdir(), 'rails-svclogs-behind-'));
      writeFileSync(
        join(dir, 'rail.yaml'),
        readFileSync(join(cwd, 'rail.yaml'), 'utf8').replace(
          '    taskDefinition: ice-station-zebra\n',
          '    image: public.ecr.aws/docker/library/nginx:1.27\n',
        ),
      );
      const group = '/rails/svc/orders';
      const stream = 'rails/app/b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2';
      await behind.sdk.logs.send(new CreateLogGroupCommand({ logGroupName: group }));
      await behind.sdk.logs.send(new CreateLogStreamCommand({ logGroupName: group, logStreamName: stream }));
      await behind.sdk.logs.send(
        new PutLogEventsCommand({
          logGroupName: group,
          logStreamName: stream,
          logEvents: [
            { timestamp: now - 90_000, message: 'before the window' },
            { timestamp: now - 30_000, message: 'inside the window' },
          ],
        }),
      );
      await behind.resetRequests();
      const r = await runCli(['logs', 'orders', '--since', '1m', '--json'], {
        endpoint: behind.endpoint,
        cwd: dir,
      });
      expect(r.code, r.stderr).toBe(0);
      expect(jsonLines(r.stdout).map((l) => l.message)).toEqual(['inside the window']);
      // The first answer showed the start asked from this machine's clock too late: read again from AWS's.
      const calls = (await behind.requests()).map((c: { operation: string }) => c.operation);
      expect(calls).toEqual(['FilterLogEvents', 'FilterLogEvents']);
    } finally {
      await behind.stop();
    }
  });

  it('--follow prints a line written while it runs, then ends on SIGINT', async () => {
    const stream = 'app/app/0123456789abcdef0123456789abcdef';
    await logs.send(new CreateLogStreamCommand({ logGroupName: GROUP, logStreamName: stream }));
    const child = spawn(process.execPath, [BIN, 'logs', 'orders', '--since', '1m', '--follow'], {
      cwd,
      env: isolatedEnv({}, sb.endpoint),
    });
    let out = '';
    child.stdout.on('data', (d) => {
      out += String(d);
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      await new Promise((r) => setTimeout(r, 1500));
      const now = Date.parse((await sb.control.info()).clock.now);
      await logs.send(
        new PutLogEventsCommand({
          logGroupName: GROUP,
          logStreamName: stream,
          logEvents: [{ timestamp: now, message: 'followed line 42' }],
        }),
      );
      await vi.waitFor(() => expect(out).toMatch(/^01234567 \S+ followed line 42$/m), {
        timeout: 30_000,
        interval: 200,
      });
    } finally {
      child.kill('SIGINT');
    }
    expect(await exited).toBe(0);
    expect(out.match(/followed line 42/g)!.length).toBe(1);
  });
});
