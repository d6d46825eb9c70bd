/**
 * The API Gateway hop of `rails status` in words: the API and its stage, the VPC link and what it
 * reaches, each path's integration, and the custom domain. Arrows point the way requests go.
 */
import type { ApiStatus, StatusReport } from '../../lib/status/model.js';
import { c } from '../output.js';

/** `net/dev-nlb/…` or a listener ARN → `NLB dev-nlb` / `ALB dev-alb :443`. */
export function elbWords(arn: string): string {
  const m = /:(loadbalancer|listener)\/(net|app)\/([^/]+)\/[^/]+(?:\/([^/]+))?/.exec(arn);
  if (!m) return arn;
  return `${m[2] === 'net' ? 'NLB' : 'ALB'} ${m[3]}${m[1] === 'listener' ? ' (listener)' : ''}`;
}

function linkWord(status: string): string {
  return status === 'AVAILABLE' ? c.ok(status) : status === 'INACTIVE' ? c.warn(status) : c.bad(status);
}

/** The lines under the API hop's verdict line (indented by `pad`). */
export function apiDetailLines(a: ApiStatus, pad: string): string[] {
  const out: string[] = [];
  if (a.state === 'not-found') return out;
  if (a.stage) {
    const deployed = a.autoDeploy
      ? 'auto-deploy'
      : a.deploymentId
        ? `deployment ${a.deploymentId}${a.deployedAt ? ` (${a.deployedAt})` : ''}`
        : 'no deployment';
    const changes =
      a.undeployedChanges === true
        ? c.warn(`, undeployed changes: ${(a.undeployed ?? []).join(', ')}`)
        : a.undeployedChanges === false
          ? ', no undeployed changes'
          : '';
    out.push(`${pad}stage ${a.stage}${a.stageFound ? '' : ' (missing)'}: ${deployed}${changes}`);
  }
  if (a.link) {
    const reaches = a.link.targets.length ? ` → ${a.link.targets.map(elbWords).join(', ')}` : '';
    out.push(
      `${pad}VPC link ${a.link.version} ${a.link.name ?? a.link.id} (${a.link.id}) ${linkWord(a.link.status)}${a.link.statusMessage ? ` "${a.link.statusMessage}"` : ''}${reaches}`,
    );
  }
  for (const i of a.integrations) {
    const to = !i.found
      ? c.bad('missing')
      : `${i.type ?? '?'}${i.connectionType === 'VPC_LINK' ? ` via ${i.connectionId}` : ''} → ${i.integrationTarget ? `${elbWords(i.integrationTarget)} ` : ''}${i.uri ? (i.uri.startsWith('arn:') ? elbWords(i.uri) : i.uri) : ''}`;
    out.push(
      `${pad}  ${i.method ? `${i.method} ` : ''}${i.path}${i.service ? ` (${i.service})` : ''} → ${to}`,
    );
  }
  const d = a.domain;
  if (d) {
    const mapped = d.mapping
      ? `/${d.mapping.basePath} → ${d.mapping.apiId}/${d.mapping.stage}`
      : d.found
        ? c.bad('not mapped to this stage')
        : c.bad('missing');
    const cert = d.certificate?.notAfter
      ? `, certificate until ${d.certificate.notAfter.slice(0, 10)} (${d.certificate.daysLeft} days)`
      : '';
    out.push(`${pad}domain https://${d.name} ${mapped}${cert}`);
  }
  return out;
}

/** The headline of the API hop: its kind, name, id. */
export function apiTitle(a: ApiStatus): string {
  if (a.state === 'not-found') return `API Gateway ${a.name}  not found`;
  return `API Gateway ${a.type === 'rest' ? 'REST' : 'HTTP'} API ${a.name} (${a.id})`;
}

/** The rail's hops in the order requests take them: `API Gateway → VPC link v1 → NLB → ALB → 2 services`. */
export function pathLine(r: StatusReport): string {
  const parts: string[] = [];
  if (r.api) parts.push('API Gateway', ...(r.api.link ? [`VPC link ${r.api.link.version}`] : []));
  if (r.nlb.state !== 'absent') parts.push('NLB', 'static IPs');
  parts.push('ALB', `${r.services.length} service${r.services.length === 1 ? '' : 's'}`);
  return c.dim(`path: ${parts.join(' → ')}`);
}
