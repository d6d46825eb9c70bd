/**
 * The TLS side of a listener (route/README.md "TLS"): the certificate the client's SNI selects (the
 * default when no certificate covers the name), and the protocol and cipher a current client
 * negotiates under the listener's security policy.
 */
import type { ListenerEntry } from './routing-snapshot.js';

/** The certificate presented for this SNI name. */
export function chosenCertificate(listener: ListenerEntry, sni: string): string | undefined {
  const match = listener.certs.find((c) => c.names.some((re) => re.test(sni)));
  return (match ?? listener.certs[0])?.arn;
}

/** Policies that offer TLS 1.3: a current client negotiates it, else TLS 1.2 with ECDHE-RSA-AES128-GCM. */
export function negotiated(sslPolicy: string | undefined): { protocol: string; cipher: string } {
  return sslPolicy?.includes('TLS13')
    ? { protocol: 'TLSv1.3', cipher: 'TLS_AES_128_GCM_SHA256' }
    : { protocol: 'TLSv1.2', cipher: 'ECDHE-RSA-AES128-GCM-SHA256' };
}

/** A handshake on a loopback-near network: 1-4 ms. */
export function handshakeMs(random: () => number): number {
  return 1 + random() * 3;
}

/** `Root=1-<8 hex epoch seconds>-<24 hex>`, the X-Amzn-Trace-Id format. */
export function traceId(atMs: number, random: () => number): string {
  let hex = '';
  for (let i = 0; i < 3; i++)
    hex += Math.floor(random() * 0x100000000)
      .toString(16)
      .padStart(8, '0');
  return `Root=1-${Math.floor(atMs / 1000)
    .toString(16)
    .padStart(8, '0')}-${hex}`;
}
