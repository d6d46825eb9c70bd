/**
 * The whole sandbox with every service: the seeded environment through the SDK, DNS answers that
 * follow a load balancer's node rotation, and a persisted rail that survives a restart.
 */
import { createSocket } from 'node:dgram';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeCertificateCommand } from '@aws-sdk/client-acm';
import {
  CreateSecurityGroupCommand,
  DescribeNetworkInterfacesCommand,
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  DescribeVpcsCommand,
} from '@aws-sdk/client-ec2';
import { DescribeClustersCommand } from '@aws-sdk/client-ecs';
import {
  CreateLoadBalancerCommand,
  DescribeLoadBalancersCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import dnsPacket from 'dns-packet';
import { afterAll, describe, expect, it } from 'vitest';
import { SEED_CERTIFICATE_ARN, SEED_SUBNETS, SEED_VPC_ID } from '../../src/core/seed-ids.js';
import { acmState } from '../../src/services/acm/state.js';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';

const dir = mkdtempSync(join(tmpdir(), 'rails-sandbox-full-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function resolveA(sb: TestSandbox, name: string): Promise<string[]> {
  const socket = createSocket('udp4');
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no DNS answer for ${name}`)), 2000);
    socket.on('message', (msg) => {
      clearTimeout(timer);
      socket.close();
      const reply = dnsPacket.decode(msg);
      resolve((reply.answers ?? []).filter((a) => a.type === 'A').map((a) => (a as { data: string }).data));
    });
    socket.send(
      dnsPacket.encode({ type: 'query', id: 7, questions: [{ type: 'A', name }] }),
      sb.dns.port,
      sb.dns.host,
    );
  });
}

async function createAlb(sb: TestSandbox, name: string) {
  const out = await sb.sdk.elbv2.send(
    new CreateLoadBalancerCommand({
      Name: name,
      Type: 'application',
      Scheme: 'internal',
      Subnets: SEED_SUBNETS.map((s) => s.subnetId),
    }),
  );
  return out.LoadBalancers![0]!;
}

describe('the whole sandbox', () => {
  it('starts seeded as examples/rail.yaml expects', async () => {
    const sb = await startTestSandbox();
    try {
      const vpcs = await sb.sdk.ec2.send(new DescribeVpcsCommand({ VpcIds: [SEED_VPC_ID] }));
      expect(vpcs.Vpcs![0]!.CidrBlock).toBe('10.0.0.0/16');
      const subnets = await sb.sdk.ec2.send(
        new DescribeSubnetsCommand({ Filters: [{ Name: 'vpc-id', Values: [SEED_VPC_ID] }] }),
      );
      expect(new Set(subnets.Subnets!.map((s) => s.AvailabilityZone)).size).toBe(2);
      const cert = await sb.sdk.acm.send(
        new DescribeCertificateCommand({ CertificateArn: SEED_CERTIFICATE_ARN }),
      );
      expect(cert.Certificate!.DomainName).toBe('api.abq.com');
      const clusters = await sb.sdk.ecs.send(new DescribeClustersCommand({ clusters: ['default'] }));
      expect(clusters.clusters![0]!.status).toBe('ACTIVE');
      expect((await sb.sdk.sts.send(new GetCallerIdentityCommand({}))).Account).toBe('123456789012');
    } finally {
      await sb.stop();
    }
  });

  it('publishes node IPs in DNS and follows a rotation', async () => {
    const sb = await startTestSandbox();
    try {
      const lb = await createAlb(sb, 'dns-alb');
      expect(lb.DNSName).toMatch(/^internal-dns-alb-\d+\.us-east-1\.elb\.amazonaws\.com$/);
      const enis = await sb.sdk.ec2.send(
        new DescribeNetworkInterfacesCommand({
          Filters: [
            { Name: 'description', Values: [`ELB app/dns-alb/${lb.LoadBalancerArn!.split('/').pop()}`] },
          ],
        }),
      );
      const nodeIps = enis.NetworkInterfaces!.map((n) => n.PrivateIpAddress!).sort();
      expect(nodeIps.length).toBeGreaterThanOrEqual(2);
      expect((await resolveA(sb, lb.DNSName!)).sort()).toEqual(nodeIps);

      await sb.control.rotateIps('dns-alb', { replace: 'all' });
      const after = (await resolveA(sb, lb.DNSName!)).sort();
      expect(after).toHaveLength(nodeIps.length);
      expect(after.some((ip) => nodeIps.includes(ip))).toBe(false);
    } finally {
      await sb.stop();
    }
  });

  it('keeps a rail across a restart on the same state file', async () => {
    const stateFile = join(dir, 'sandbox.json');
    const first = await startTestSandbox({ stateFile });
    const lb = await createAlb(first, 'kept-alb');
    const sg = await first.sdk.ec2.send(
      new CreateSecurityGroupCommand({ GroupName: 'kept-sg', Description: 'kept', VpcId: SEED_VPC_ID }),
    );
    const ipsBefore = (await resolveA(first, lb.DNSName!)).sort();
    await first.stop();

    const second = await startTestSandbox({ stateFile });
    try {
      const lbs = await second.sdk.elbv2.send(new DescribeLoadBalancersCommand({ Names: ['kept-alb'] }));
      expect(lbs.LoadBalancers![0]!.LoadBalancerArn).toBe(lb.LoadBalancerArn);
      const sgs = await second.sdk.ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: [sg.GroupId!] }));
      expect(sgs.SecurityGroups![0]!.GroupName).toBe('kept-sg');
      expect((await resolveA(second, lb.DNSName!)).sort()).toEqual(ipsBefore);
      const certs = acmState(second.sandbox).certificates.filter((c) => c.arn === SEED_CERTIFICATE_ARN);
      expect(certs).toHaveLength(1); // loaded, not seeded a second time
    } finally {
      await second.stop();
    }
  });
});
