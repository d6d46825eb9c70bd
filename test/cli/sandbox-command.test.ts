/**
 * `rails sandbox` as a server (the real binary, port 0) and its verbs against it: requests, fault,
 * latency, state, time-scale, rotate-ips errors; state written at exit. The verbs carry the control
 * token the server printed (test/cli/sandbox-security.test.ts checks the token itself).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateLoadBalancerCommand,
  ElasticLoadBalancingV2Client,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { SEED_SUBNETS } from 'rails-sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, type CliOptions, isolatedEnv, runCli } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'rails-sandbox-cli-'));
const stateFile = join(dir, 'state.json');
let child: ChildProcess;
let started: { endpoint: string; dns: { port: number }; env: Record<string, string> };
let port: string;

/** A verb run with the printed control token in RAILS_SANDBOX_TOKEN. */
const verb = (args: string[], options: CliOptions = {}) =>
  runCli(args, { ...options, env: { RAILS_SANDBOX_TOKEN: started.env.RAILS_SANDBOX_TOKEN, ...options.env } });

beforeAll(async () => {
  child = spawn(process.execPath, [BIN, 'sandbox', '--port', '0', '--state', stateFile, '--json'], {
    env: isolatedEnv(),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  started = await new Promise((resolve, reject) => {
    child.stdout!.on('data', (d) => {
      stdout += d;
      try {
        resolve(JSON.parse(stdout));
      } catch {
        // not the whole document yet
      }
    });
    child.on('exit', (code) => reject(new Error(`rails sandbox exited with ${code}`)));
  });
  port = new URL(started.endpoint).port;
});

afterAll(() => {
  if (child.exitCode === null) child.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

describe('rails sandbox', () => {
  it('prints the endpoint, the DNS address and the variables to export', () => {
    expect(started.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(started.dns.port).toBeGreaterThan(0);
    expect(started.env).toMatchObject({ AWS_ENDPOINT_URL: started.endpoint, AWS_REGION: 'us-east-1' });
    expect(started.env.AWS_ACCESS_KEY_ID).toBeTruthy();
  });

  it('serves the SDK and logs the calls, shown by `rails sandbox requests`', async () => {
    const sts = new STSClient({
      endpoint: started.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    });
    expect((await sts.send(new GetCallerIdentityCommand({}))).Account).toBe('123456789012');
    sts.destroy();
    const r = await verb(['sandbox', 'requests', '--json', '--port', port]);
    expect(r.code).toBe(0);
    const { requests } = JSON.parse(r.stdout);
    expect(requests).toEqual([
      expect.objectContaining({
        service: 'sts',
        operation: 'GetCallerIdentity',
        status: 200,
        mutating: false,
        accessKeyId: 'test',
      }),
    ]);
    const shown = await verb(['sandbox', 'requests', '--port', port]);
    expect(shown.stdout).toMatch(/GetCallerIdentity.*\b200\b.*\btest\b/);
    const reset = await verb(['sandbox', 'requests', '--reset'], { endpoint: started.endpoint });
    expect(reset.code).toBe(0);
    expect(
      JSON.parse((await verb(['sandbox', 'requests', '--json', '--port', port])).stdout).requests,
    ).toEqual([]);
  });

  it('injects a fault the SDK then meets, and lists and clears faults', async () => {
    const add = await verb([
      'sandbox',
      'fault',
      'GetCallerIdentity',
      'ExpiredToken',
      '--nth',
      '1',
      '--status',
      '403',
      '--port',
      port,
    ]);
    expect(add.code).toBe(0);
    const sts = new STSClient({
      endpoint: started.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      maxAttempts: 1,
    });
    const err = await sts.send(new GetCallerIdentityCommand({})).catch((e) => e);
    expect(err.name).toBe('ExpiredToken'); // GetCallerIdentity models no errors: the wire code is the name
    expect(err.$metadata.httpStatusCode).toBe(403);
    await sts.send(new GetCallerIdentityCommand({}));
    sts.destroy();
    await verb(['sandbox', 'fault', '--throttle', '0.5', '--port', port]);
    const list = JSON.parse((await verb(['sandbox', 'fault', '--list', '--json', '--port', port])).stdout);
    expect(list.faults).toEqual([expect.objectContaining({ kind: 'throttle', share: 0.5 })]);
    expect((await verb(['sandbox', 'fault', '--clear', '--port', port])).code).toBe(0);
  });

  it('refuses bad input with exit 2 and says what to do', async () => {
    const missing = await verb(['sandbox', 'fault', 'CreateListener', '--port', port]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/operation and an AWS error code/);
    const badScale = await verb(['sandbox', 'time-scale', 'fast', '--port', port]);
    expect(badScale.code).toBe(2);
    const unknownLb = await verb(['sandbox', 'rotate-ips', 'no-such-lb', '--port', port]);
    expect(unknownLb.code).toBe(2);
    expect(unknownLb.stderr).toMatch(/no-such-lb/);
  });

  it('fails with exit 1 and a hint when no sandbox answers', async () => {
    const r = await runCli(['sandbox', 'state'], { endpoint: 'http://127.0.0.1:9' });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/rails sandbox/);
  });

  it('rotates the node IPs of a load balancer', async () => {
    const elbv2 = new ElasticLoadBalancingV2Client({
      endpoint: started.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    });
    await elbv2.send(
      new CreateLoadBalancerCommand({
        Name: 'cli-alb',
        Scheme: 'internal',
        Subnets: SEED_SUBNETS.map((s) => s.subnetId),
      }),
    );
    elbv2.destroy();
    const r = await verb([
      'sandbox',
      'rotate-ips',
      'cli-alb',
      '--replace',
      'all',
      '--add',
      '1',
      '--json',
      '--port',
      port,
    ]);
    expect(r.code).toBe(0);
    const { before, after } = JSON.parse(r.stdout);
    expect(after).toHaveLength(before.length + 1);
    expect(after.filter((ip: string) => before.includes(ip))).toEqual([]);
  });

  it('reports the running sandbox with `rails sandbox info`', async () => {
    const r = await verb(['sandbox', 'info', '--json', '--port', port]);
    expect(r.code).toBe(0);
    const info = JSON.parse(r.stdout);
    expect(info.endpoint).toBe(started.endpoint);
    expect(info.dns.port).toBe(started.dns.port);
    expect(info.stateFile).toBe(stateFile);
    const text = await verb(['sandbox', 'info', '--port', port]);
    expect(text.stdout).toContain(`port ${started.dns.port} (UDP)`);
    expect(text.stdout).toMatch(/elbv2: .*rotate-ips/);
  });

  it('sets the time scale and prints the state', async () => {
    expect((await verb(['sandbox', 'time-scale', '60', '--port', port])).code).toBe(0);
    const state = JSON.parse((await verb(['sandbox', 'state', '--port', port])).stdout);
    expect(state.clock.timeScale).toBe(60);
    expect(state.state.ec2.vpcs.length).toBeGreaterThan(0);
  });

  it('stops on SIGTERM with exit 0 and leaves the state file behind', async () => {
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    const saved = JSON.parse(readFileSync(stateFile, 'utf8'));
    expect(saved.clock.timeScale).toBe(60);
    expect(saved.state.acm.certificates.length).toBe(1);
  });
});
