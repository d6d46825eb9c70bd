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

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

function hex32(n: number): string {
  return HEX[(n >>> 24) & 255]! + HEX[(n >>> 16) & 255]! + HEX[(n >>> 8) & 255]! + HEX[n & 255]!;
}

let lastSecond = -1;
let lastPrefix = '';

/** `Root=1-<8 hex epoch seconds>-<24 hex>`, the X-Amzn-Trace-Id format. */
export function traceId(atMs: number, random: () => number): string {
  const second = Math.floor(atMs / 1000);
  if (second !== lastSecond) {
    lastSecond = second;
    lastPrefix = `Root=1-${hex32(second)}-`;
  }
  const a = (random() * 0x100000000) >>> 0;
  const b = (random() * 0x100000000) >>> 0;
  const c = (random() * 0x100000000) >>> 0;
  return lastPrefix + hex32(a) + hex32(b) + hex32(c);
}
