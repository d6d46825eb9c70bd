/** The ACM call rails makes: does the certificate exist (and is it usable)? */
import { type CertificateDetail, DescribeCertificateCommand } from '@aws-sdk/client-acm';
import type { AwsClients } from './clients.js';
import { errorCode } from './errors.js';

/** The certificate, or undefined when ACM does not know it. */
export async function findCertificate(aws: AwsClients, arn: string): Promise<CertificateDetail | undefined> {
  try {
    const out = await (await aws.acm()).send(new DescribeCertificateCommand({ CertificateArn: arn }));
    return out.Certificate;
  } catch (err) {
    if (errorCode(err) === 'ResourceNotFoundException') return undefined;
    throw err;
  }
}
