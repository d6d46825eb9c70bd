// The sync Lambda that `rails up` deploys writes one JSON line per target group per pass; the sandbox
// keeps them as CloudWatch Logs would (control verb `lambda logs`), for direct and scheduled
// invocations alike.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InvokeCommand } from '@aws-sdk/client-lambda';
import { SandboxControlError } from 'rails-sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';
import { sleep, writeRailYaml } from './sync-fixture.js';

const FUNCTION = 'synclogs-rails-sync-ips';
const TARGET_GROUPS = ['synclogs-nlb-443', 'synclogs-nlb-80'];

const SETTINGS = { provisionMs: 20, healthCheckMs: 50, taskStepMs: 20, rolePropagationMs: 300 };
const stateFile = join(mkdtempSync(join(tmpdir(), 'rails-sync-logs-')), 'sandbox.json');
let sb: TestSandbox;

interface Pass {
  requestId: string;
  json: any[];
  report: string | undefined;
}

/** The function's log through the control API, cut into invocations (START ... REPORT). */
async function passes(): Promise<Pass[]> {
  const { lines } = await sb.control.control<{ lines: string[] }>('lambda', 'logs', { function: FUNCTION });
  const out: Pass[] = [];
  for (const line of lines) {
    const start = /^START RequestId: (\S+)/.exec(line);
    if (start) out.push({ requestId: start[1]!, json: [], report: undefined });
    else if (line.startsWith('{')) out.at(-1)!.json.push(JSON.parse(line));
    else if (line.startsWith('REPORT ')) out.at(-1)!.report = line;
  }
  return out;
}

function expectOneLinePerTargetGroup(pass: Pass): void {
  expect(pass.report, `invocation ${pass.requestId} ended`).toMatch(/^REPORT RequestId: /);
  expect(pass.json.map((l) => l.targetGroup).sort()).toEqual(TARGET_GROUPS);
  for (const line of pass.json) {
    expect(line).toMatchObject({
      level: 'info',
      alb: 'synclogs-alb',
      source: 'eni',
      matches: true,
      errors: [],
    });
    expect(Number.isNaN(Date.parse(line.at))).toBe(false);
    expect([80, 443]).toContain(line.port);
    expect(line.ips).toBeGreaterThan(0);
    for (const field of ['registered', 'deregistered', 'pending', 'waiting'])
      expect(Array.isArray(line[field]), field).toBe(true);
    expect(typeof line.writeRetries).toBe('number');
  }
}

beforeAll(async () => {
  sb = await startTestSandbox({ settings: SETTINGS, stateFile });
  const dir = writeRailYaml('synclogs', 'synclogs-rails-sync-state', []).dir;
  const file = `${dir}/rail.yaml`;
  writeFileSync(file, readFileSync(file, 'utf8').replace('sync:\n', 'sync:\n  runner: lambda\n'));
  const up = await runCli(['up', '--yes'], { endpoint: sb.endpoint, cwd: dir, timeoutMs: 120_000 });
  expect(up.code, up.stderr).toBe(0);
}, 150_000);
afterAll(async () => {
  await sb?.stop();
});

describe('the sync Lambda deployed by up: its logs', () => {
  it('a direct invocation leaves one JSON line per target group in the function log', async () => {
    const before = (await passes()).length;
    const r = await sb.sdk.lambda.send(new InvokeCommand({ FunctionName: FUNCTION }));
    expect(r.FunctionError).toBeUndefined();
    const all = await passes();
    expect(all.length).toBe(before + 1);
    const pass = all.at(-1)!;
    // As in Lambda, the invocation's id is the Invoke call's x-amzn-RequestId.
    expect(pass.requestId).toBe(r.$metadata.requestId);
    expectOneLinePerTargetGroup(pass);
  });

  it('scheduled invocations (EventBridge rate(1 minute)) log the same, one set per pass', async () => {
    const before = (await passes()).length;
    await sb.control.settings({ timeScale: 60 });
    const started = Date.now();
    let invoked: { requestId?: string; status: string }[] = [];
    try {
      while (Date.now() - started < 30_000) {
        const { invocations } = await sb.control.control<{ invocations: typeof invoked }>(
          'events',
          'invocations',
          { rule: FUNCTION },
        );
        invoked = invocations.filter((i) => i.status === 'invoked');
        if (invoked.length >= 2) break;
        await sleep(200);
      }
    } finally {
      await sb.control.settings({ timeScale: 1 });
    }
    expect(invoked.length).toBeGreaterThanOrEqual(2);
    const all = await passes();
    expect(all.length).toBeGreaterThan(before);
    const byId = new Map(all.map((p) => [p.requestId, p]));
    for (const inv of invoked) {
      const pass = byId.get(inv.requestId!);
      expect(pass, `log of scheduled invocation ${inv.requestId}`).toBeDefined();
      expectOneLinePerTargetGroup(pass!);
    }
  });

  it('the lines outlast the process: a sandbox restarted from its state file still has them', async () => {
    const before = await passes();
    expect(before.length).toBeGreaterThan(0);
    await sb.stop();
    sb = await startTestSandbox({ settings: SETTINGS, stateFile });
    const after = await passes();
    expect(after.slice(0, before.length)).toEqual(before);
  });

  it('a name with neither a function nor a log is refused, as a missing log group is', async () => {
    const err = await sb.control.control('lambda', 'logs', { function: 'synclogs-no-such-function' }).then(
      () => undefined,
      (e: SandboxControlError) => e,
    );
    expect(err).toBeInstanceOf(SandboxControlError);
    expect(err?.message).toMatch(/log group does not exist.*synclogs-no-such-function/);
  });
});
