// `rails logs <service>`: 5,000 container lines across 10 tasks' streams in the sandbox (the most one
// sandbox log group keeps), read by the real binary with --json. Prints the FilterLogEvents calls (a
// page holds up to 10,000 events or 1 MB) and the wall time, process start included, and checks every
// line came back once, in time order.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  PutLogEventsCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { SandboxControl, startSandbox } from 'rails-sandbox';
import { importTs } from './lib/import-ts.mjs';
import { sandboxClientConfig } from './lib/sdk-config.mjs';

const m = await importTs('service-logs-bench-entry', { 'test/helpers/cli.ts': ['runCli'] });

const TASKS = 10;
const PER_TASK = 500;
const STAGE = 'lg';
const SERVICE = 'orders';
const GROUP = `/rails/${STAGE}/${SERVICE}`;

const running = await startSandbox({ port: 0 });
try {
  const { endpoint } = running;
  const control = new SandboxControl(endpoint, running.controlToken);
  const logs = new CloudWatchLogsClient(sandboxClientConfig(endpoint));
  await logs.send(new CreateLogGroupCommand({ logGroupName: GROUP }));
  const start = Date.now() - 10 * 60_000;
  for (let t = 0; t < TASKS; t++) {
    const task = `${String(t).padStart(2, '0')}${'0c0ffee'.repeat(5)}`.slice(0, 32);
    const stream = `rails/app/${task}`;
    await logs.send(new CreateLogStreamCommand({ logGroupName: GROUP, logStreamName: stream }));
    const events = Array.from({ length: PER_TASK }, (_, i) => ({
      timestamp: start + i * 1000 + t,
      message: `GET /orders/v1/${i} ${i % 30 === 0 ? 500 : 200} ${i % 97}ms`,
    }));
    await logs.send(
      new PutLogEventsCommand({ logGroupName: GROUP, logStreamName: stream, logEvents: events }),
    );
  }
  const dir = mkdtempSync(join(tmpdir(), 'rails-bench-svclogs-'));
  writeFileSync(
    join(dir, 'rail.yaml'),
    [
      `stage: ${STAGE}`,
      'region: us-east-1',
      'vpc: vpc-0c0ffee0000000001',
      'subnets: [subnet-0c0ffee0000000a01, subnet-0c0ffee0000000b02]',
      'certificate: arn:aws:acm:us-east-1:123456789012:certificate/0c0ffee0-0000-4000-8000-000000000001',
      'services:',
      `  - name: ${SERVICE}`,
      '    image: public.ecr.aws/docker/library/nginx:1.27',
      '    container: app',
      '    port: 8080',
      '    host: api.abq.com',
      '    paths: ["/orders/*"]',
      '',
    ].join('\n'),
  );
  await control.resetRequests();
  const started = performance.now();
  const r = await m.runCli(['logs', SERVICE, '--since', '1h', '--json'], {
    endpoint,
    cwd: dir,
    timeoutMs: 120_000,
  });
  const ms = performance.now() - started;
  if (r.code !== 0) throw new Error(`rails logs exited ${r.code}: ${r.stderr}`);
  const lines = r.stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  const calls = await control.requests();
  const filter = calls.filter((c) => c.operation === 'FilterLogEvents').length;
  const ids = new Set(lines.map((l) => l.eventId));
  const ordered = lines.every((l, i) => i === 0 || l.time >= lines[i - 1].time);
  console.log(
    `logs <service>: ${lines.length.toLocaleString('en')} lines of ${TASKS} tasks in ${Math.round(ms)} ms wall ` +
      `(process start included), ${filter} FilterLogEvents calls, ${calls.length} AWS calls in all`,
  );
  const perTask = {};
  for (const l of lines) perTask[l.taskId] = (perTask[l.taskId] ?? 0) + 1;
  if (process.env.BENCH_DEBUG) console.log(perTask, lines[0], lines.at(-1));
  if (lines.length !== TASKS * PER_TASK || ids.size !== lines.length || !ordered) {
    console.log(`FAIL: ${lines.length} lines, ${ids.size} distinct, in time order: ${ordered}`);
    process.exitCode = 1;
  }
  logs.destroy();
} finally {
  await running.stop();
}
