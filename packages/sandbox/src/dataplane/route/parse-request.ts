/**
 * A URL and a few options as the request a client would send (the control API's `traffic/route` and
 * the traffic generator both make their requests here), or an error that says what is wrong.
 */
import type { TrafficRequest } from '../types.js';

export interface RequestOptions {
  method?: string;
  /** Header names in any case; `host` is taken from the URL. */
  headers?: Record<string, string>;
  entry?: string;
  /** Sandbox epoch ms. */
  at: number;
  clientIp: string;
  clientPort: number;
}

/** What the sandbox's client says it is when no User-Agent is given. */
export const DEFAULT_USER_AGENT = 'rails-sandbox-traffic/1';

/** The request for this URL; throws an Error naming the problem for a URL that cannot be sent. */
export function requestFromUrl(url: string, opts: RequestOptions): TrafficRequest {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new Error(`'${url}' is not a URL: give a full one, e.g. https://api.abq.com/orders/v1/x`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:')
    throw new Error(
      `'${url}' uses ${u.protocol.replace(':', '')}: only http:// and https:// reach a load balancer`,
    );
  const method = opts.method ?? 'GET';
  if (!/^[A-Za-z_-]{1,40}$/.test(method))
    throw new Error(`'${method}' is not an HTTP method (e.g. GET, POST)`);
  const scheme = u.protocol === 'https:' ? 'https' : 'http';
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(opts.headers ?? {})) {
    if (!/^[A-Za-z0-9!#$%&'*+\-.^_`|~]+$/.test(name)) throw new Error(`'${name}' is not an HTTP header name`);
    headers[name.toLowerCase()] = String(value);
  }
  headers.host = u.host.toLowerCase();
  headers['user-agent'] ??= DEFAULT_USER_AGENT;
  const path = u.pathname || '/';
  const query = u.search.replace(/^\?/, '');
  const requestLine = `${method} ${path}${query ? `?${query}` : ''} HTTP/1.1\r\n`;
  const headerBytes = Object.entries(headers).reduce((n, [k, v]) => n + k.length + v.length + 4, 0);
  return {
    at: opts.at,
    method,
    scheme,
    host: u.hostname.toLowerCase(),
    port: u.port ? Number(u.port) : scheme === 'https' ? 443 : 80,
    path,
    query,
    headers,
    clientIp: opts.clientIp,
    clientPort: opts.clientPort,
    receivedBytes: requestLine.length + headerBytes + 2,
    ...(opts.entry !== undefined ? { entry: opts.entry } : {}),
  };
}
