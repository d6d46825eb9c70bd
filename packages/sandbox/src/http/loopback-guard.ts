/**
 * Keeps web pages from driving the sandbox. It listens on 127.0.0.1 only, but a browser on the same
 * machine reaches that too: a page may send a "simple" cross-origin POST (no preflight), and with DNS
 * rebinding a name the page controls resolves to 127.0.0.1, making the page same-origin with the
 * sandbox. Both are told apart by what the browser cannot hide: the Host header names the page's own
 * host under rebinding, and a cross-origin request carries the page's Origin. So every request must
 * name a loopback host, and an Origin, when present, must be a loopback origin too (README "Security").
 */
import type { IncomingHttpHeaders } from 'node:http';

const IPV4_LOOPBACK = /^127\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;
/** `localhost` and its subdomains (S3 virtual-host addressing: `bucket.localhost:4566`). */
const LOCALHOST = /^(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)*localhost$/;

/** A host name (no port) that can only mean this machine: 127.0.0.0/8, `localhost`, `*.localhost`, `::1`. */
export function isLoopbackHostname(hostname: string): boolean {
  const name = hostname.toLowerCase();
  if (name === '[::1]' || name === '::1') return true;
  const v4 = IPV4_LOOPBACK.exec(name);
  if (v4) return v4.slice(1).every((octet) => Number(octet) <= 255);
  return LOCALHOST.test(name);
}

/** A `Host` header value (`name[:port]`, `[v6][:port]`) naming a loopback host, with any port. */
export function isLoopbackHost(host: string | undefined): boolean {
  if (!host) return false;
  const m = /^(\[[^\]]*\]|[^:[\]]+)(?::(\d{1,5}))?$/.exec(host.trim());
  return m !== null && isLoopbackHostname(m[1]!);
}

/** An `Origin` header value (`scheme://host[:port]`) of a page served from this machine. */
export function isLoopbackOrigin(origin: string): boolean {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false; // `null` (sandboxed frames, file:) and anything unparsable
  }
  return (url.protocol === 'http:' || url.protocol === 'https:') && isLoopbackHostname(url.hostname);
}

/** Why a request must be refused, or undefined when it may go on. */
export function foreignRequest(headers: IncomingHttpHeaders): string | undefined {
  const host = headers.host;
  if (!isLoopbackHost(host)) {
    return `The sandbox answers only requests addressed to a loopback host (127.0.0.1, localhost, [::1]); this one names ${host ? `'${host}'` : 'no host'}.`;
  }
  const origin = headers.origin;
  if (origin !== undefined && !isLoopbackOrigin(origin)) {
    return `The sandbox answers no requests from web pages of other origins ('${origin}').`;
  }
  return undefined;
}
