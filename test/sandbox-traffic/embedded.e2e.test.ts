/**
 * The sandbox verbs on the embedded state after `rails up --sandbox` (the real binary, a temp dir):
 * `rotate-ips --sandbox` changes the ALB's node IPs in .rails/sandbox.json; without a running sandbox
 * a verb falls back to that file and says so; two processes writing at once lose nothing (the lock).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeNetworkInterfacesCommand } from '@aws-sdk/client-ec2';
import { startSandbox } from 'rails-sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, stdoutJson } from '../helpers/cli.js';
import { sdkClients } from '../helpers/sdk.js';

const dir = mkdtempSync(join(tmpdir(), 'rails-sandbox-embedded-'));
// A port nothing listens on: the fallback must not find some other test's sandbox on 4566.
const NOBODY = { AWS_ENDPOINT_URL: undefined };
const rails = (args: string[]) => runCli(args, { cwd: dir, env: NOBODY, timeoutMs: 60_000 });

/** The ALB's node IPs as EC2 shows them (its ENIs), through the SDK against the state file. */
async function albNodeIps(): Promise<string[]> {
  const sb = await startSandbox({ port: 0, stateFile: join(dir, '.rails', 'sandbox.json') });
  const sdk = sdkClients(sb.endpoint);
  try {
    const enis = await sdk.ec2.send(
      new DescribeNetworkInterfacesCommand({
        Filters: [{ Name: 'description', Values: ['ELB app/dev-alb/*'] }],
      }),
    );
    return enis.NetworkInterfaces!.map((e) => e.PrivateIpAddress!).sort();
  } finally {
    for (const c of Object.values(sdk)) c.destroy();
    await sb.stop();
  }
}

beforeAll(async () => {
  const up = await rails(['up', '--sandbox', '--yes']);
  expect(up.code, up.stderr).toBe(0);
}, 120_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('verbs on the embedded state', () => {
  it('rotate-ips --sandbox changes the ALB node IPs in the state file', async () => {
    const before = await albNodeIps();
    const r = await rails(['sandbox', 'rotate-ips', 'dev-alb', '--replace', 'all', '--sandbox', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const out = stdoutJson<{ before: string[]; after: string[] }>(r.stdout)!;
    expect([...out.before].sort()).toEqual(before);
    const after = await albNodeIps();
    expect(after).toEqual([...out.after].sort());
    expect(after.some((ip) => before.includes(ip))).toBe(false);
  });

  it('without --sandbox and with no sandbox answering, a verb works on the file and says so', async () => {
    const r = await runCli(['sandbox', 'target', '--json'], {
      cwd: dir,
      env: { AWS_ENDPOINT_URL: 'http://127.0.0.1:9' },
    });
    // --endpoint-url (or AWS_ENDPOINT_URL) names a sandbox: no silent fallback from an explicit one.
    expect(r.code).toBe(1);
    const fallback = await rails(['sandbox', 'target', '--json']);
    expect(fallback.code, fallback.stderr).toBe(0);
    expect(fallback.stderr).toMatch(
      /no sandbox answers at .*; working on the embedded sandbox's state in \.rails\/sandbox\.json/,
    );
    expect(stdoutJson(fallback.stdout)).toEqual({ behaviours: [] });
  });

  it('bad input on the embedded state is exit 2 and changes nothing', async () => {
    const r = await rails(['sandbox', 'target', 'no-such-service', '--latency', '5', '--sandbox']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no ECS service named 'no-such-service'/);
    const listed = await rails(['sandbox', 'target', '--json', '--sandbox']);
    expect(stdoutJson(listed.stdout)).toEqual({ behaviours: [] });
  });

  it('processes writing the state file at once lose none of each other’s writes', async () => {
    const writers = [100, 200, 300, 400].map((ms) =>
      rails(['sandbox', 'target', 'dev-ice-station-zebra', '--latency', String(ms), '--sandbox', '--json']),
    );
    const results = await Promise.all(writers);
    for (const r of results) expect(r.code, r.stderr).toBe(0);
    const listed = await rails(['sandbox', 'target', '--json', '--sandbox']);
    const { behaviours } = stdoutJson<{ behaviours: { latencyMs: number; id: string }[] }>(listed.stdout)!;
    expect(behaviours.map((b) => b.latencyMs).sort((a, b) => a - b)).toEqual([100, 200, 300, 400]);
    expect(new Set(behaviours.map((b) => b.id)).size).toBe(4);
  });
});
