/** `rails route list` as a table: one row per listener rule, the defaults last. */

import type { RouteRow } from '../lib/rail/routes.js';
import { table } from './output.js';

export function routeTable(rows: RouteRow[]): Promise<string> {
  return table(
    ['listener', 'priority', 'host', 'path', 'action', 'service'],
    rows.map((r) => [
      `:${r.listener}`,
      r.priority,
      r.host,
      r.path,
      r.action,
      r.service || (r.ours ? '' : '(not rails)'),
    ]),
  );
}
