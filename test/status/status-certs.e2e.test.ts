/**
 * Certificate expiry in `rails status`, end to end: a certificate generated to expire in 10 days is
 * imported into ACM and put on the ALB's HTTPS listener; status warns with the days left and keeps the
 * verdict. Once sandbox time passes NotAfter, ACM says EXPIRED and the ALB hop is broken.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeCertificateCommand, ImportCertificateCommand } from '@aws-sdk/client-acm';
import { ModifyListenerCommand } from '@aws-sdk/client-elastic-load-balancing-v2';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { layRail, type RailFixture, waitHealthy } from '../helpers/rail-fixture.js';
import { hop, railYaml, statusSandbox } from './status-cli.js';

vi.setConfig({ testTimeout: 180_000, hookTimeout: 240_000 });

const { sb, status } = statusSandbox();

/** A self-signed certificate for api.abq.com valid for `days` from now, with its key (PEM). */
function certificate(days: number): { cert: string; key: string } {
  const dir = mkdtempSync(join(tmpdir(), 'rails-cert-'));
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      join(dir, 'key.pem'),
      '-out',
      join(dir, 'cert.pem'),
      '-days',
      String(days),
      '-subj',
      '/CN=api.abq.com',
    ],
    { stdio: 'ignore' },
  );
  return {
    cert: readFileSync(join(dir, 'cert.pem'), 'utf8'),
    key: readFileSync(join(dir, 'key.pem'), 'utf8'),
  };
}

describe('listener certificates', () => {
  let rail: RailFixture;
  let cwd: string;
  let arn: string;
  beforeAll(async () => {
    rail = await layRail(sb.sdk, { stage: 'crt1', tagged: true, services: [{ name: 'zebra' }] });
    cwd = railYaml('crt1', ['zebra']);
    await waitHealthy(sb.sdk, [...rail.nlbTargetGroups, rail.serviceGroups.zebra![0]!]);
  });

  it('a certificate expiring in 10 days warns with the days left; the verdict stays', async () => {
    const before = await status([], cwd);
    expect(before.report?.alb.reasons.filter((r) => r.code.startsWith('Cert.'))).toEqual([]);
    const { cert, key } = certificate(10);
    arn = (
      await sb.sdk.acm.send(
        new ImportCertificateCommand({ Certificate: Buffer.from(cert), PrivateKey: Buffer.from(key) }),
      )
    ).CertificateArn!;
    await sb.sdk.elbv2.send(
      new ModifyListenerCommand({
        ListenerArn: rail.httpsListenerArn,
        Certificates: [{ CertificateArn: arn }],
      }),
    );
    const { report, code } = await status([], cwd);
    const cert10 = report!.alb.reasons.find((r) => r.code === 'Cert.ExpiresSoon');
    expect(cert10).toMatchObject({ level: 'warning' });
    expect(cert10!.message).toMatch(
      new RegExp(`listener HTTPS:443: certificate api\\.abq\\.com \\(${arn}\\) expires in 10 days`),
    );
    expect(report!.verdict).toBe(before.report!.verdict);
    expect(hop(report, 'alb')).toBe(hop(before.report, 'alb'));
    expect(code).toBe(before.code);
  });

  it('once NotAfter passes, ACM says EXPIRED and the ALB hop is broken', async () => {
    await sb.control.advanceClock(11 * 86_400_000);
    const described = await sb.sdk.acm.send(new DescribeCertificateCommand({ CertificateArn: arn }));
    expect(described.Certificate?.Status).toBe('EXPIRED');
    const { report, code } = await status([], cwd);
    expect(report!.alb.reasons.find((r) => r.code === 'Cert.Expired')).toMatchObject({ level: 'broken' });
    expect(hop(report, 'alb')).toBe('broken');
    expect(code).toBe(1);
  });
});
