/**
 * A URL as the request a client sends (TrafficRequest). The routing part owns the real parser
 * (`route/parse-request.ts`, same signature); the generator imports it through `parts.ts`, which
 * names this one until both are in one tree.
 */
import type { TrafficRequest } from '../types.js';

export interface RequestOptions {
  method?: string;
  headers?: Record<string, string>;
  entry?: string;
  at: number;
  clientIp: string;
  clientPort: number;
}

/** Throws on a URL that is not http(s) (the control API validates before any source exists). */
export function requestFromUrl(url: string, o: RequestOptions): TrafficRequest {
  const u = new URL(url);
  const scheme = u.protocol.replace(/:$/, '');
  if (scheme !== 'http' && scheme !== 'https') throw new Error(`${url}: only http and https URLs`);
  const headers: Record<string, string> = { 'user-agent': 'rails-sandbox-traffic/1' };
  for (const [k, v] of Object.entries(o.headers ?? {})) headers[k.toLowerCase()] = v;
  const method = (o.method ?? 'GET').toUpperCase();
  const path = u.pathname || '/';
  const query = u.search.replace(/^\?/, '');
  const line = `${method} ${path}${query ? `?${query}` : ''} HTTP/1.1\r\n`;
  const head = Object.entries({ host: u.hostname, ...headers })
    .map(([k, v]) => `${k}: ${v}\r\n`)
    .join('');
  return {
    at: o.at,
    method,
    scheme,
    host: u.hostname.toLowerCase(),
    port: u.port ? Number(u.port) : scheme === 'https' ? 443 : 80,
    path,
    query,
    headers,
    clientIp: o.clientIp,
    clientPort: o.clientPort,
    receivedBytes: line.length + head.length + 2,
    ...(o.entry ? { entry: o.entry } : {}),
  };
}
