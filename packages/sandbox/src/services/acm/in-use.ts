/**
 * ACM's InUseBy: the resources that use a certificate. ACM cannot know them itself, and importing the
 * services that attach certificates (ELBv2's listeners) would make them and ACM depend on each other;
 * instead each such service registers a finder at init, as services register health oracles.
 */
import type { Sandbox } from '../../core/types.js';

/** The ARNs of one service's resources that use the certificate. */
export type CertificateUsers = (sb: Sandbox, certificateArn: string) => string[];

const finders = new WeakMap<Sandbox, Map<string, CertificateUsers>>();

/** Registers a service's finder; registering again (init runs after every reset) replaces it. */
export function registerCertificateUsers(sb: Sandbox, service: string, find: CertificateUsers): void {
  let bySandbox = finders.get(sb);
  if (!bySandbox) {
    bySandbox = new Map();
    finders.set(sb, bySandbox);
  }
  bySandbox.set(service, find);
}

/** Every resource that uses the certificate, each once, in the order the finders name them. */
export function certificateUsers(sb: Sandbox, certificateArn: string): string[] {
  const users = new Set<string>();
  for (const find of finders.get(sb)?.values() ?? [])
    for (const arn of find(sb, certificateArn)) users.add(arn);
  return [...users];
}
