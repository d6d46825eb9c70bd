/**
 * Certificate expiry verdicts, for any hop that serves TLS with an ACM certificate: the load
 * balancers' listeners here, the API's custom domain later. ACM says `EXPIRED` once NotAfter passes;
 * a certificate within 30 days of NotAfter warns (docs/aws-behaviour.md §12, "Certificate expiry").
 * Pure.
 */
import type { CertificateDetail } from '@aws-sdk/client-acm';
import type { Reason } from './model.js';

export const EXPIRES_SOON_DAYS = 30;
const DAY_MS = 86_400_000;

/** The verdict on one certificate used by `where` (e.g. `listener TLS:443`); none when it is fine. */
export function certificateReason(
  where: string,
  arn: string,
  cert: CertificateDetail | undefined,
  now: number,
): Reason | undefined {
  if (!cert) return undefined;
  const notAfter = cert.NotAfter ? new Date(cert.NotAfter).getTime() : undefined;
  const name = cert.DomainName ? `${cert.DomainName} (${arn})` : arn;
  const renew =
    cert.Type === 'IMPORTED'
      ? 'import a renewed certificate into the same ARN (ImportCertificate with CertificateArn)'
      : 'check why ACM did not renew it (domain validation records, InUseBy) in the ACM console';
  if (cert.Status === 'EXPIRED' || (notAfter !== undefined && notAfter <= now))
    return {
      level: 'broken',
      code: 'Cert.Expired',
      message: `${where}: certificate ${name} expired${notAfter ? ` on ${new Date(notAfter).toISOString()}` : ''}`,
      hint: `clients refuse the TLS handshake; ${renew}`,
    };
  if (notAfter === undefined) return undefined;
  const days = Math.ceil((notAfter - now) / DAY_MS);
  if (days >= EXPIRES_SOON_DAYS) return undefined;
  return {
    level: 'warning',
    code: 'Cert.ExpiresSoon',
    message: `${where}: certificate ${name} expires in ${days} day${days === 1 ? '' : 's'} (${new Date(notAfter).toISOString()})`,
    hint: renew,
  };
}
