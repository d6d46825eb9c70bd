/**
 * The Location of a redirect action (route/README.md "Actions"): the five placeholders filled from
 * the request as the ALB received it, `#{path}` without its leading `/`, and the URL put together as
 * `protocol://host:port/path?query` (no `?` when the query is empty).
 */
import type { Action } from '../../services/elbv2/state.js';

export interface RedirectSource {
  /** `http` or `https`: the listener's protocol, lowercase. */
  protocol: string;
  host: string;
  port: number;
  /** Starts with `/`. */
  path: string;
  query: string;
}

function fill(template: string, src: RedirectSource): string {
  return template.replace(/#\{(protocol|host|port|path|query)\}/g, (_, name: string) => {
    if (name === 'protocol') return src.protocol;
    if (name === 'host') return src.host;
    if (name === 'port') return String(src.port);
    if (name === 'path') return src.path.replace(/^\//, '');
    return src.query;
  });
}

/** The redirect URL and status code of a redirect action. */
export function redirectTarget(action: Action, src: RedirectSource): { url: string; status: number } {
  const cfg = action.RedirectConfig!;
  const protocol = fill(cfg.Protocol ?? '#{protocol}', src).toLowerCase();
  const host = fill(cfg.Host ?? '#{host}', src);
  const port = fill(cfg.Port ?? '#{port}', src);
  let path = fill(cfg.Path ?? '/#{path}', src);
  if (!path.startsWith('/')) path = `/${path}`;
  const query = fill(cfg.Query ?? '#{query}', src);
  return {
    url: `${protocol}://${host}:${port}${path}${query ? `?${query}` : ''}`,
    status: cfg.StatusCode === 'HTTP_302' ? 302 : 301,
  };
}
