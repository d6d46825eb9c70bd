// The dns IP source against the sandbox's DNS server: direct, through name-server discovery (as the
// original Lambda), unions of answers capped at 8 records, maxLookups, and the eni source.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AwsClients } from '../../src/lib/aws/clients.js';
import { resolveAlbIps } from '../../src/lib/sync/resolve-ips.js';
import { albIps } from '../helpers/rail-fixture.js';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';
import { laySyncRail, type SyncFixture } from './sync-fixture.js';

let sb: TestSandbox;
let f: SyncFixture;
let aws: AwsClients;

beforeAll(async () => {
  sb = await startTestSandbox({ settings: { provisionMs: 20 } });
  f = await laySyncRail(sb.sdk, 'resolve');
  await sb.control.rotateIps(f.albName, { add: 10 });
  aws = new AwsClients({
    region: 'us-east-1',
    endpoint: sb.endpoint,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    userAgent: 'rails-test',
  });
});
afterAll(async () => {
  await aws?.destroy();
  await sb?.stop();
});

const alb = () => ({ arn: f.albArn, dnsName: f.albDns });

describe('resolveAlbIps', () => {
  it('eni: every node IP in one DescribeNetworkInterfaces', async () => {
    await sb.resetRequests();
    const ips = await resolveAlbIps(aws, alb(), { source: 'eni', maxLookups: 1 });
    expect((await sb.requests()).map((r) => r.operation)).toEqual(['DescribeNetworkInterfaces']);
    expect(ips).toEqual(await albIps(sb.sdk, f));
  });

  it('dns, asking the server directly: repeated answers of 8 are unioned into all 12 IPs', async () => {
    const ips = await resolveAlbIps(aws, alb(), { source: 'dns', dnsServer: sb.dns, maxLookups: 50 });
    expect(ips).toHaveLength(12);
    expect(ips).toEqual(await albIps(sb.sdk, f));
  });

  it('dns with maxLookups 1 sees one answer: at most 8 IPs', async () => {
    const ips = await resolveAlbIps(aws, alb(), { source: 'dns', dnsServer: sb.dns, maxLookups: 1 });
    expect(ips).toHaveLength(8);
  });

  it("dns through the ELB zone's name servers (NS lookup, then A queries to them)", async () => {
    const ips = await resolveAlbIps(aws, alb(), {
      source: 'dns',
      maxLookups: 50,
      nsBootstrap: sb.dns,
      nsPort: sb.dns.port,
    });
    expect(ips).toEqual(await albIps(sb.sdk, f));
  });

  it('an unknown name is an error (NXDOMAIN), not an empty list', async () => {
    await expect(
      resolveAlbIps(
        aws,
        { arn: f.albArn, dnsName: `nope-${f.albDns}` },
        { source: 'dns', dnsServer: sb.dns, maxLookups: 3 },
      ),
    ).rejects.toThrow(/NXDOMAIN/);
  });
});
