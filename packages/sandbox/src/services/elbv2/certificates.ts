/** ELBv2's side of ACM: whether a certificate exists, and which load balancers use one. */
import type { Sandbox } from '../../core/types.js';
import { elbv2State } from './state.js';

/** Whether a certificate ARN names an ACM certificate in the sandbox (CertificateNotFound otherwise). */
export { certificateExists as certificateKnown } from '../acm/index.js';

/** Load balancers whose listeners use the certificate (ACM reports them as InUseBy). */
export function loadBalancersUsing(sb: Sandbox, certificateArn: string): string[] {
  const lbs = new Set<string>();
  for (const l of elbv2State(sb).listeners) {
    if (l.certificates?.some((c) => c.CertificateArn === certificateArn)) lbs.add(l.loadBalancerArn);
  }
  return [...lbs];
}
