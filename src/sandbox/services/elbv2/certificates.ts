/**
 * Whether a certificate ARN names an ACM certificate in the sandbox (CertificateNotFound otherwise).
 * ACM owns its state; this reads it without assuming more than "certificates carry their ARN".
 */
import type { Sandbox } from '../../core/types.js';

function arnOf(cert: any): string | undefined {
  return cert?.certificateArn ?? cert?.CertificateArn ?? cert?.arn;
}

export function certificateKnown(sb: Sandbox, arn: string): boolean {
  const acm: any = sb.state.acm ?? {};
  const certs = acm.certificates ?? acm;
  if (Array.isArray(certs)) return certs.some((c) => arnOf(c) === arn);
  if (certs && typeof certs === 'object') {
    if (arn in certs) return true;
    return Object.values(certs).some((c) => arnOf(c) === arn);
  }
  return false;
}
