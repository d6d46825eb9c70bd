/**
 * `rails sandbox` (the real binary, port 0) against web pages and strangers: a cross-origin fault
 * injection and a DNS-rebound state read are refused; the control API needs the token the server
 * wrote (mode 0600, beside its 0600 state file, replacing an old one) and printed, which the verbs
 * find in RAILS_SANDBOX_TOKEN or in the token file.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, isolatedEnv, runCli } from '../helpers/cli.js';

interface Server {
  child: ChildProcess;
  stdout: string;
  endpoint: string;
  port: string;
}

/** Starts `rails sandbox --port 0 ...args` in `cwd`; resolves once `until` matches its stdout. */
function startServer(args: string[], cwd: string, until: RegExp): Promise<Server> {
  const child = spawn(process.execPath, [BIN, 'sandbox', '--port', '0', ...args], {
    cwd,
    env: isolatedEnv(),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (d) => {
      stdout += d;
      const endpoint = /http:\/\/127\.0\.0\.1:\d+/.exec(stdout)?.[0];
      if (endpoint && until.test(stdout)) resolve({ child, stdout, endpoint, port: new URL(endpoint).port });
    });
    child.on('exit', (code) => reject(new Error(`rails sandbox exited with ${code}: ${stdout}`)));
  });
}

/** One request with exactly these headers (fetch will not send a chosen Host or Origin). */
function raw(
  endpoint: string,
  path: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  const url = new URL(endpoint);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        path,
        method: options.method ?? 'GET',
        headers: options.headers,
        agent: false,
      },
      (res) => {
        let body = '';
        res.on('data', (c) => {
          body += c;
        });
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

const mode = (file: string) => statSync(file).mode & 0o777;

const dir = mkdtempSync(join(tmpdir(), 'rails-sandbox-sec-'));
const stateFile = join(dir, 'state', 'sb.json');
const tokenFile = join(dir, 'state', 'sandbox.token');
let withState: Server;
let started: { endpoint: string; tokenFile: string; env: Record<string, string> };

beforeAll(async () => {
  withState = await startServer(['--state', stateFile, '--json'], dir, /"env"[\s\S]*}\s*}/);
  started = JSON.parse(withState.stdout);
});

afterAll(() => {
  if (withState?.child.exitCode === null) withState.child.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

describe('rails sandbox against web pages', () => {
  it('refuses a cross-origin fault injection (text/plain, no preflight): nothing installed', async () => {
    const r = await raw(started.endpoint, '/_sandbox/faults', {
      method: 'POST',
      headers: { Origin: 'http://evil.example', 'Content-Type': 'text/plain' },
      body: '{"operation":"*","code":"X"}',
    });
    expect(r.status).toBe(403);
    expect(Object.keys(r.headers).filter((h) => h.startsWith('access-control-'))).toEqual([]);
    const list = await runCli([
      'sandbox',
      'fault',
      '--list',
      '--json',
      '--port',
      withState.port,
      '--state',
      stateFile,
    ]);
    expect(list.code).toBe(0);
    expect(JSON.parse(list.stdout).faults).toEqual([]);
  });

  it('refuses a DNS-rebound request (foreign Host), even with the token: no state returned', async () => {
    const r = await raw(started.endpoint, '/_sandbox/state', {
      headers: {
        Host: `attacker.example:${withState.port}`,
        'x-rails-sandbox-token': started.env.RAILS_SANDBOX_TOKEN!,
      },
    });
    expect(r.status).toBe(403);
    expect(r.body).not.toContain('vpcs');
  });
});

describe('the control token', () => {
  it('is written beside the state file, mode 0600, and the state file is 0600 too', () => {
    expect(started.tokenFile).toBe(tokenFile);
    const token = readFileSync(tokenFile, 'utf8').trim();
    expect(token).toMatch(/^[0-9a-f]{64}$/);
    expect(token).toBe(started.env.RAILS_SANDBOX_TOKEN);
    expect(mode(tokenFile)).toBe(0o600);
    expect(mode(stateFile)).toBe(0o600);
  });

  it('is required by the control API: none or a wrong one is refused, the right one served', async () => {
    const none = await raw(started.endpoint, '/_sandbox/state');
    expect(none.status).toBe(403);
    expect(JSON.parse(none.body).error.code).toBe('Forbidden');
    expect(none.body).not.toContain('vpcs');
    const wrong = await raw(started.endpoint, '/_sandbox/state', {
      headers: { 'x-rails-sandbox-token': 'f'.repeat(64) },
    });
    expect(wrong.status).toBe(403);
    const right = await raw(started.endpoint, '/_sandbox/state', {
      headers: { 'x-rails-sandbox-token': started.env.RAILS_SANDBOX_TOKEN! },
    });
    expect(right.status).toBe(200);
    expect(JSON.parse(right.body).state.ec2.vpcs.length).toBeGreaterThan(0);
  });

  it('reaches the verbs through the token file beside --state', async () => {
    const r = await runCli(['sandbox', 'latency', '5', '--port', withState.port, '--state', stateFile]);
    expect([r.code, r.stderr]).toEqual([0, '']);
    const info = await runCli(['sandbox', 'info', '--json', '--state', stateFile, '--port', withState.port]);
    expect(JSON.parse(info.stdout).stateFile).toBe(stateFile);
  });

  it('reaches the verbs through RAILS_SANDBOX_TOKEN, which wins over the file', async () => {
    const env = { RAILS_SANDBOX_TOKEN: started.env.RAILS_SANDBOX_TOKEN };
    const r = await runCli(['sandbox', 'fault', '--clear', '--port', withState.port], { env });
    expect([r.code, r.stderr]).toEqual([0, '']);
    const wrong = await runCli(['sandbox', 'state', '--port', withState.port, '--state', stateFile], {
      env: { RAILS_SANDBOX_TOKEN: 'f'.repeat(64) },
    });
    expect(wrong.code).toBe(2);
  });

  it('refuses a verb without the token (exit 2) and says where the token is', async () => {
    const r = await runCli(['sandbox', 'state', '--port', withState.port], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/token/);
    expect(r.stderr).toMatch(/RAILS_SANDBOX_TOKEN/);
  });

  it('without --state: .rails/sandbox.token in the working directory, replacing an old one', async () => {
    const cwd = join(dir, 'plain');
    mkdirSync(join(cwd, '.rails'), { recursive: true });
    writeFileSync(join(cwd, '.rails', 'sandbox.token'), 'stale\n', { mode: 0o644 });
    const plain = await startServer([], cwd, /RAILS_SANDBOX_TOKEN=\w+/);
    try {
      const printed = /export RAILS_SANDBOX_TOKEN=(\w+)/.exec(plain.stdout)![1]!;
      const file = join(cwd, '.rails', 'sandbox.token');
      expect(readFileSync(file, 'utf8').trim()).toBe(printed);
      expect(mode(file)).toBe(0o600);
      expect(plain.stdout).toContain('control token: .rails/sandbox.token');
      const r = await runCli(['sandbox', 'requests', '--json', '--port', plain.port], { cwd });
      expect([r.code, JSON.parse(r.stdout).requests]).toEqual([0, []]);
    } finally {
      plain.child.kill('SIGKILL');
    }
  });
});
