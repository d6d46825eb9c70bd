/**
 * The URL an ALB redirect action sends the client to. Each component defaults to its placeholder
 * (`#{protocol}`, `#{host}`, `#{port}`, `/#{path}`, `#{query}`); `#{path}` is the original path without
 * its leading `/`. Like the ALB, the port is always written out in the Location.
 */
import type { RedirectActionConfig } from '@aws-sdk/client-elastic-load-balancing-v2';
import type { TraceRequest } from './match-rules.js';

function fill(template: string, req: TraceRequest): string {
  return template
    .replaceAll('#{protocol}', req.protocol)
    .replaceAll('#{host}', req.host)
    .replaceAll('#{port}', String(req.port))
    .replaceAll('#{path}', req.path.replace(/^\//, ''))
    .replaceAll('#{query}', req.query);
}

/** The resulting URL of a redirect action for this request. */
export function redirectUrl(config: RedirectActionConfig, req: TraceRequest): string {
  const protocol = fill(config.Protocol ?? '#{protocol}', req).toLowerCase();
  const host = fill(config.Host ?? '#{host}', req);
  const port = fill(config.Port ?? '#{port}', req);
  let path = fill(config.Path ?? '/#{path}', req);
  if (!path.startsWith('/')) path = `/${path}`;
  const query = fill(config.Query ?? '#{query}', req);
  return `${protocol}://${host}:${port}${path}${query ? `?${query}` : ''}`;
}
