/**
 * ACM (awsJson1_1, target `CertificateManager`): import, describe and list certificates. The seeded
 * environment holds a self-signed certificate for api.abq.com under SEED_CERTIFICATE_ARN.
 */
import { SEED_CERTIFICATE_ARN, SEED_CERTIFICATE_DOMAIN } from '../../core/seed-ids.js';
import type { Sandbox, ServiceDefinition } from '../../core/types.js';
import { describeCertificate, importCertificate, listCertificates } from './certificates.js';
import { SEED_CERTIFICATE_PEM, SEED_PRIVATE_KEY_PEM } from './seed-certificate.js';
import { ACM_STATE_KEY, acmState, emptyAcmState } from './state.js';

/** Whether a certificate with this ARN exists (ELBv2's CertificateNotFound check). */
export function certificateExists(sb: Sandbox, arn: string): boolean {
  return acmState(sb).certificates.some((c) => c.arn === arn);
}

function seed(sb: Sandbox): void {
  if (certificateExists(sb, SEED_CERTIFICATE_ARN)) return;
  const region = SEED_CERTIFICATE_ARN.split(':')[3]!;
  // Imported through the operation itself, so the seed gets exactly what an import produces.
  const { CertificateArn } = importCertificate(
    {
      Certificate: Buffer.from(SEED_CERTIFICATE_PEM).toString('base64'),
      PrivateKey: Buffer.from(SEED_PRIVATE_KEY_PEM).toString('base64'),
      Tags: [{ Key: 'Name', Value: SEED_CERTIFICATE_DOMAIN }],
    },
    {
      sb,
      service: 'acm',
      operation: 'ImportCertificate',
      region,
      accountId: sb.accountId,
      requestId: 'seed',
      accessKeyId: 'seed',
      headers: {},
    },
  );
  const cert = acmState(sb).certificates.find((c) => c.arn === CertificateArn)!;
  cert.arn = SEED_CERTIFICATE_ARN;
}

export const acmService: ServiceDefinition = {
  signingName: 'acm',
  protocol: 'awsJson1_1',
  stateKey: ACM_STATE_KEY,
  emptyState: emptyAcmState,
  targetPrefix: 'CertificateManager',
  operations: {
    ImportCertificate: importCertificate,
    DescribeCertificate: describeCertificate,
    ListCertificates: listCertificates,
  },
  seed,
};
