/** ACM conformance: import, describe, list (paging, default key-type filter), errors, the seed. */
import {
  DescribeCertificateCommand,
  ImportCertificateCommand,
  ListCertificatesCommand,
  paginateListCertificates,
} from '@aws-sdk/client-acm';
import { describe, expect, it } from 'vitest';
import { SEED_CERTIFICATE_ARN } from '../src/core/seed-ids.js';
import { acmService, certificateExists } from '../src/services/acm/index.js';
import { EC_CERT, EC_KEY, WWW_CERT, WWW_KEY } from './acm-fixtures.js';
import { sandboxPerFile, startTestSandbox } from './helpers/sandbox.js';
import { rejection } from './helpers/sdk.js';

const sb = sandboxPerFile(() => startTestSandbox({ services: [acmService] }));

const enc = new TextEncoder();

function importWww(extra: Record<string, unknown> = {}) {
  return sb.sdk.acm.send(
    new ImportCertificateCommand({
      Certificate: enc.encode(WWW_CERT),
      PrivateKey: enc.encode(WWW_KEY),
      ...extra,
    }),
  );
}

describe('ACM', () => {
  it('seeds the self-signed api.abq.com certificate under SEED_CERTIFICATE_ARN', async () => {
    const out = await sb.sdk.acm.send(
      new DescribeCertificateCommand({ CertificateArn: SEED_CERTIFICATE_ARN }),
    );
    expect(out.Certificate).toMatchObject({
      CertificateArn: SEED_CERTIFICATE_ARN,
      DomainName: 'api.abq.com',
      Type: 'IMPORTED',
      Status: 'ISSUED',
      KeyAlgorithm: 'RSA-2048',
    });
    expect(out.Certificate!.NotAfter!.getTime()).toBeGreaterThan(Date.now());
    expect(certificateExists(sb.sandbox, SEED_CERTIFICATE_ARN)).toBe(true);
    expect(certificateExists(sb.sandbox, `${SEED_CERTIFICATE_ARN}0`)).toBe(false);
  });

  it('imports a certificate and describes what the PEM says', async () => {
    const { CertificateArn } = await importWww({ Tags: [{ Key: 'team', Value: 'abq' }] });
    expect(CertificateArn).toMatch(/^arn:aws:acm:us-east-1:123456789012:certificate\/[0-9a-f-]{36}$/);
    const { Certificate } = await sb.sdk.acm.send(new DescribeCertificateCommand({ CertificateArn }));
    expect(Certificate!.DomainName).toBe('www.abq.com');
    expect(Certificate!.SubjectAlternativeNames).toEqual(['www.abq.com', 'abq.com']);
    expect(Certificate!.ImportedAt).toBeInstanceOf(Date);
    expect(Certificate!.InUseBy).toEqual([]);
  });

  it('re-imports into the same ARN, and refuses an unknown one', async () => {
    const { CertificateArn } = await importWww();
    const again = await importWww({ CertificateArn });
    expect(again.CertificateArn).toBe(CertificateArn);
    const missing = CertificateArn!.replace(/.{12}$/, '000000000000');
    const err = await rejection(importWww({ CertificateArn: missing }));
    expect(err.name).toBe('ResourceNotFoundException');
  });

  it('refuses a key that does not belong to the certificate, and garbage PEM', async () => {
    const mismatch = await rejection(
      sb.sdk.acm.send(
        new ImportCertificateCommand({ Certificate: enc.encode(WWW_CERT), PrivateKey: enc.encode(EC_KEY) }),
      ),
    );
    expect(mismatch.name).toBe('ValidationException');
    const garbage = await rejection(
      sb.sdk.acm.send(
        new ImportCertificateCommand({
          Certificate: enc.encode('not a certificate'),
          PrivateKey: enc.encode(WWW_KEY),
        }),
      ),
    );
    expect(garbage.name).toBe('ValidationException');
  });

  it('answers ResourceNotFoundException for an unknown ARN and InvalidArnException for a malformed one', async () => {
    const unknown = await rejection(
      sb.sdk.acm.send(
        new DescribeCertificateCommand({
          CertificateArn:
            'arn:aws:acm:us-east-1:123456789012:certificate/00000000-0000-4000-8000-000000000000',
        }),
      ),
    );
    expect(unknown.name).toBe('ResourceNotFoundException');
    expect(unknown.$metadata.httpStatusCode).toBe(400);
    const malformed = await rejection(
      sb.sdk.acm.send(new DescribeCertificateCommand({ CertificateArn: 'nope' })),
    );
    expect(malformed.name).toBe('InvalidArnException');
  });

  it('lists in pages and hides EC keys unless asked for them', async () => {
    const ec = await sb.sdk.acm.send(
      new ImportCertificateCommand({ Certificate: enc.encode(EC_CERT), PrivateKey: enc.encode(EC_KEY) }),
    );
    const first = await sb.sdk.acm.send(new ListCertificatesCommand({ MaxItems: 1 }));
    expect(first.CertificateSummaryList).toHaveLength(1);
    expect(first.NextToken).toBeTruthy();
    const all: string[] = [];
    for await (const page of paginateListCertificates({ client: sb.sdk.acm, pageSize: 1 }, {})) {
      all.push(...page.CertificateSummaryList!.map((c) => c.CertificateArn!));
    }
    expect(all).toContain(SEED_CERTIFICATE_ARN);
    expect(all).not.toContain(ec.CertificateArn);
    expect(new Set(all).size).toBe(all.length);
    const withEc = await sb.sdk.acm.send(
      new ListCertificatesCommand({ Includes: { keyTypes: ['EC_prime256v1'] } }),
    );
    expect(withEc.CertificateSummaryList!.map((c) => c.CertificateArn)).toEqual([ec.CertificateArn]);
    expect(withEc.CertificateSummaryList![0]!.KeyAlgorithm).toBe('EC_prime256v1');
  });

  it('refuses an expired certificate', async () => {
    await sb.control.advanceClock(11 * 365 * 24 * 3600 * 1000);
    const err = await rejection(importWww());
    expect(err.name).toBe('ValidationException');
    const seeded = await sb.sdk.acm.send(
      new DescribeCertificateCommand({ CertificateArn: SEED_CERTIFICATE_ARN }),
    );
    expect(seeded.Certificate!.Status).toBe('EXPIRED');
  });
});
