/** ACM state: imported certificates. Times are sandbox epoch ms. */
import type { Sandbox } from '../../core/types.js';

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

/** Where ACM keeps its state in the sandbox state (and in a state file). */
export const ACM_STATE_KEY = 'acm';

/** The ACM state of a sandbox. */
export function acmState(sb: Sandbox): AcmState {
  return sb.state[ACM_STATE_KEY] as AcmState;
}
