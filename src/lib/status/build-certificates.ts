/** Certificate verdicts of a load balancer's TLS listeners, from the snapshot. */
import type { RailSnapshot } from '../observe/snapshot.js';
import { certificateReason } from './certificate-verdict.js';
import type { Reason } from './model.js';

export function listenerCertificateReasons(kind: 'NLB' | 'ALB', snap: RailSnapshot): Reason[] {
  const listeners = kind === 'NLB' ? snap.nlbListeners : snap.albListeners;
  return listeners.flatMap((l) =>
    (l.Certificates ?? []).flatMap((c) => {
      const arn = c.CertificateArn;
      const r = arn
        ? certificateReason(`listener ${l.Protocol}:${l.Port}`, arn, snap.certificates?.[arn], snap.readAt)
        : undefined;
      return r ? [r] : [];
    }),
  );
}
