/** The human view of a trace: one numbered line per hop, the matched rule's conditions with ✓/✗ and words. */

import type { ConditionResult } from '../../lib/trace/match-rules.js';
import type { ApiTrace, TracedTargetGroup, TraceReport } from '../../lib/trace/model.js';
import { c } from '../output.js';

function condition(x: ConditionResult): string {
  const mark = x.matched ? c.ok('✓ matches') : c.bad('✗ no match');
  return `${x.field} ${x.values.join(' | ')} ${mark} (${x.actual})`;
}

function group(t: TracedTargetGroup): string {
  const weight = t.weight === undefined ? '' : ` weight ${t.weight}`;
  const healthy = t.targetsNotRead
    ? 'targets not read'
    : `${t.healthyTargets.length}/${t.totalTargets} healthy`;
  const targets = t.healthyTargets.length ? `: ${t.healthyTargets.join(', ')}` : '';
  const services = t.services.length ? ` -> service ${t.services.join(', ')}` : '';
  return `${t.name}${weight} (${healthy}${targets})${services}`;
}

function lbName(arn: string | undefined): string {
  return arn?.split('/').at(-2) ?? 'unknown';
}

/** The API Gateway steps: entry and mapping, resource or route, integration, link, what it sends on. */
function apiSteps(a: ApiTrace, step: (text: string) => void): void {
  const kind = a.type === 'rest' ? 'REST API' : 'HTTP API';
  const name = a.apiName ? `${a.apiName} (${a.apiId})` : (a.apiId ?? '');
  const via =
    a.enteredBy === 'domain'
      ? `custom domain ${a.domainName}${a.mapping ? ` -> ${a.type === 'rest' ? 'base path' : 'API mapping'} ${a.mapping.basePath || '(root)'}` : ''}`
      : a.enteredBy === 'execute-api'
        ? 'its execute-api host'
        : '--api';
  const head = [`API Gateway ${kind}`, name, `via ${via}`].filter(Boolean).join(' ');
  step(`${head}${a.stage ? ` -> stage ${a.stage}` : ''} (path ${a.path || '(none)'})`);
  const params = (p: Record<string, string>) =>
    Object.keys(p).length
      ? ` (${Object.entries(p)
          .map(([k, v]) => `${k}=${v}`)
          .join(', ')})`
      : '';
  const changes = a.deployment?.undeployedChanges ?? [];
  if (changes.length)
    step(
      `stage ${a.stage} serves deployment ${a.deployment!.id}: ${c.bad(`${changes.length} change(s) not deployed`)} (${changes.join(', ')})`,
    );
  if (a.resource) step(`resource ${a.resource.path} method ${a.resource.method}${params(a.resource.params)}`);
  if (a.route) step(`route ${a.route.routeKey}${params(a.route.params)}`);
  const i = a.integration;
  if (i) {
    const to = i.filledUri ?? (i.uri ? lbName(i.uri.replace(/\/[^/]+$/, '')) : '');
    step(
      `integration ${i.type} over ${i.connectionType}${to ? ` -> ${to}` : ''}${i.hostMapping ? ` (Host ${i.hostMapping})` : ''}`,
    );
  }
  const l = a.vpcLink;
  if (l) {
    const status = l.status === 'AVAILABLE' ? c.ok(l.status) : c.bad(l.status);
    step(
      `VPC link ${l.version} ${l.name ?? l.id} ${status}${l.targetArn ? ` -> ${lbName(l.targetArn)}` : ''}`,
    );
  }
  if (a.answer) step(`API Gateway answers ${c.bad(`${a.answer.status} ${a.answer.message}`)}`);
  const d = a.downstream;
  if (d) {
    const from =
      d.hostFrom === 'integration-uri'
        ? 'Host from the integration uri'
        : d.hostFrom === 'header-mapping'
          ? 'Host from the parameter mapping'
          : "no Host mapped: the load balancer's name";
    step(
      `sends ${d.protocol}://${d.host}:${d.port}${d.path}${d.query ? `?${d.query}` : ''} to the ${d.enters.toUpperCase()} (${from})`,
    );
  }
}

export function renderTrace(r: TraceReport): string {
  const ok = r.outcome === 'forwarded' || r.outcome === 'redirected' || r.outcome === 'fixed-response';
  // The first line is the verdict: where the request ends and why.
  const out = [
    `${ok ? c.ok('result:') : r.outcome === 'targets-not-read' ? c.warn('unknown:') : c.bad('fails:')} ${r.outcome}: ${r.summary}`,
    `${r.request.method} ${r.request.url}`,
  ];
  let n = 0;
  const step = (text: string) => out.push(`  ${++n}. ${text}`);
  if (r.api) apiSteps(r.api, step);
  if (r.nlb.listener) {
    step(
      `NLB ${r.nlb.name} ${r.nlb.listener.protocol}:${r.nlb.listener.port} -> ${r.nlb.targetGroups.map(group).join('; ')}`,
    );
    step(
      `ALB IPs: ${r.albIps.current.join(', ') || 'none'} (the NLB reaches ${r.albIps.reachable.length} of them)`,
    );
  }
  if (r.alb.listener)
    step(
      `ALB ${r.alb.name} ${r.alb.listener.protocol}:${r.alb.listener.port} (${r.rulesEvaluated} rule${r.rulesEvaluated === 1 ? '' : 's'} evaluated)`,
    );
  for (const miss of r.nearMisses)
    out.push(`     near miss: rule ${miss.priority}: ${miss.conditions.map(condition).join('; ')}`);
  if (r.rule)
    step(
      r.rule.isDefault
        ? 'no rule matched: the default rule takes it'
        : `rule ${r.rule.priority} matched: ${r.rule.conditions.map(condition).join('; ')}`,
    );
  const a = r.action;
  if (a && 'location' in a) step(`redirect ${a.statusCode} -> ${a.location}`);
  else if (a && a.type === 'fixed-response' && 'statusCode' in a)
    step(`fixed response ${a.statusCode}${'contentType' in a && a.contentType ? ` (${a.contentType})` : ''}`);
  else if (a && 'targetGroups' in a) for (const t of a.targetGroups) step(`forward -> ${group(t)}`);
  return out.join('\n');
}
