/** ACM state: imported certificates. Times are sandbox epoch ms. */
export interface StoredCertificate {
  arn: string;
  region: string;
  domainName: string;
  subjectAlternativeNames: string[];
  subject: string;
  issuer: string;
  serial: string;
  notBefore: number;
  notAfter: number;
  importedAt: number;
  /** e.g. `RSA_2048`, `EC_prime256v1`. */
  keyAlgorithm: string;
  signatureAlgorithm: string;
  certificatePem: string;
  certificateChainPem?: string;
  tags: Record<string, string>;
}

export interface AcmState {
  certificates: StoredCertificate[];
}

export function emptyAcmState(): AcmState {
  return { certificates: [] };
}
