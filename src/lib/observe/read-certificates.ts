/**
 * The ACM certificates the listeners use (DescribeCertificate each), read alongside the rules and
 * target health, which also wait only for the listeners: no round of their own.
 */
import type { CertificateDetail } from '@aws-sdk/client-acm';
import type { Listener } from '@aws-sdk/client-elastic-load-balancing-v2';
import { findCertificate } from '../aws/acm.js';
import type { AwsClients } from '../aws/clients.js';
import { errorCode } from '../aws/errors.js';

/** Every certificate ARN of these listeners (ELBv2 lists the default certificate in `Certificates`). */
export function listenerCertificateArns(listeners: Listener[]): string[] {
  return [
    ...new Set(
      listeners.flatMap((l) => (l.Certificates ?? []).map((c) => c.CertificateArn!)).filter(Boolean),
    ),
  ];
}

/** ARN -> certificate (undefined when ACM does not know it); failures go to `errors`. */
export async function readCertificates(
  aws: AwsClients,
  listeners: Listener[],
  errors: { what: string; message: string }[],
): Promise<Record<string, CertificateDetail | undefined>> {
  const arns = listenerCertificateArns(listeners);
  const found = await Promise.all(
    arns.map(async (arn) => {
      try {
        return [arn, await findCertificate(aws, arn)] as const;
      } catch (err) {
        errors.push({
          what: `certificate ${arn}`,
          message: `${errorCode(err)}: ${(err as Error)?.message ?? String(err)}`,
        });
        return [arn, undefined] as const;
      }
    }),
  );
  return Object.fromEntries(found);
}
