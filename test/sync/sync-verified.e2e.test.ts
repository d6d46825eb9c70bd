// `rails sync-ips --once` against a sandbox that checks signatures: every call rails makes (ELBv2,
// EC2, S3 with its conditional writes, CloudWatch's compressed PutMetricData) is signed as AWS expects,
// and a wrong secret fails the pass with AWS's error and rails' hint.
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { albIps, liveTargets } from '../helpers/rail-fixture.js';
import { sandboxPerFile, startTestSandbox } from '../helpers/sandbox.js';
import { laySyncRail, type SyncFixture, sleep, syncOnce } from './sync-fixture.js';

// The key the CLI child and the SDK helper sign with (test/helpers/cli.ts, test/helpers/sdk.ts).
const sb = sandboxPerFile(() =>
  startTestSandbox({
    verifySignatures: true,
    accessKeys: [{ accessKeyId: 'test', secretAccessKey: 'test' }],
    settings: { provisionMs: 20, healthCheckMs: 50 },
  }),
);
let f: SyncFixture;

beforeAll(async () => {
  f = await laySyncRail(sb.sdk, 'syncsig');
  await sleep(60);
});

describe('rails sync-ips --once against a verifying sandbox', () => {
  it('registers every ALB IP, every call signed and checked', async () => {
    await sb.resetRequests();
    const { code, report, stderr } = await syncOnce(sb.endpoint, f.dir);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const ips = await albIps(sb.sdk, f);
    expect(report!.ips).toEqual(ips);
    expect(await liveTargets(sb.sdk, f.tg80)).toEqual(ips);
    const calls = await sb.requests();
    expect(calls.map((c) => c.service)).toEqual(expect.arrayContaining(['elbv2', 's3', 'cloudwatch']));
    expect(calls.filter((c) => c.status >= 300 && c.status !== 404)).toEqual([]);
  });

  it('fails the pass with a wrong secret, saying so', async () => {
    const r = await runCli(['sync-ips', '--once', '--json'], {
      endpoint: sb.endpoint,
      cwd: f.dir,
      env: { AWS_SECRET_ACCESS_KEY: 'not-the-secret' },
    });
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/SignatureDoesNotMatch/);
    const refused = await sb.requests();
    expect(refused.at(-1)).toMatchObject({ status: 403, code: 'SignatureDoesNotMatch' });
  });
});
