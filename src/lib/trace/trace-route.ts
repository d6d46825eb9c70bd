/**
 * `rails route trace <url>`: follows one request through the live rail — NLB listener, its target
 * group, the ALB IPs behind it, the ALB listener, the rule the ALB would pick, the action — and says
 * where it ends. Pure: trace-live-rail.ts reads the rail through observe's reader, then this evaluates.
 */
import { isIP } from 'node:net';
import type { Action } from '@aws-sdk/client-elastic-load-balancing-v2';
import { UsageError } from '../errors.js';
import { forwardTargets, terminalAction } from '../observe/alb-actions.js';
import type { RailSnapshot } from '../observe/snapshot.js';
import { albIps, targetGroupNameOf, targetsUnread } from '../observe/snapshot-lookups.js';
import { matchRules, type TraceRequest } from './match-rules.js';
import type { TracedTargetGroup, TraceReport } from './model.js';
import { redirectUrl } from './redirect-url.js';
import type { ApiStep } from './trace-api.js';

export interface TraceInput {
  url: string;
  method?: string;
  sourceIp?: string;
  /** `Name=value` pairs. */
  headers?: string[];
}

/** Parses the URL and flags into the request the ALB would see; UsageError for bad input. */
export function parseTraceRequest(input: TraceInput): TraceRequest {
  let u: URL;
  try {
    u = new URL(input.url);
  } catch {
    throw new UsageError(`not a URL: ${input.url}`, {
      hint: 'give a full URL, e.g. https://api.abq.com/ice-station-zebra/v1/x?y=1',
    });
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:')
    throw new UsageError(`unsupported scheme ${u.protocol.replace(':', '')} in ${input.url}`, {
      hint: 'use http:// or https://',
    });
  const protocol = u.protocol === 'https:' ? 'https' : 'http';
  const method = input.method ?? 'GET';
  if (!/^[A-Za-z_-]{1,40}$/.test(method))
    throw new UsageError(`--method ${method}: not an HTTP method`, { hint: 'e.g. --method POST' });
  if (input.sourceIp !== undefined && isIP(input.sourceIp) === 0)
    throw new UsageError(`--source-ip ${input.sourceIp}: not an IP address`, {
      hint: 'e.g. --source-ip 10.1.2.3',
    });
  const headers: Record<string, string> = {};
  for (const h of input.headers ?? []) {
    const i = h.search(/[=:]/);
    if (i <= 0)
      throw new UsageError(`--header ${h}: expected name=value`, { hint: 'e.g. --header User-Agent=curl/8' });
    headers[h.slice(0, i).trim().toLowerCase()] = h.slice(i + 1).trim();
  }
  headers.host ??= u.host;
  return {
    protocol,
    host: u.hostname,
    port: u.port ? Number(u.port) : protocol === 'https' ? 443 : 80,
    path: u.pathname || '/',
    query: u.search.replace(/^\?/, ''),
    method,
    ...(input.sourceIp ? { sourceIp: input.sourceIp } : {}),
    headers,
  };
}

function tracedGroup(snap: RailSnapshot, arn: string, weight?: number): TracedTargetGroup {
  const health = snap.targetHealth[arn] ?? [];
  return {
    name: snap.targetGroups[arn]?.TargetGroupName ?? targetGroupNameOf(arn),
    arn,
    ...(weight === undefined ? {} : { weight }),
    healthyTargets: health
      .filter((h) => h.TargetHealth?.State === 'healthy')
      .map((h) => `${h.Target?.Id}${h.Target?.Port ? `:${h.Target.Port}` : ''}`)
      .sort(),
    totalTargets: health.length,
    ...(targetsUnread(snap, arn) ? { targetsNotRead: true as const } : {}),
    services: snap.services
      .filter((s) => (s.loadBalancers ?? []).some((b) => b.targetGroupArn === arn))
      .map((s) => s.serviceName!)
      .sort(),
  };
}

function describeAction(
  snap: RailSnapshot,
  action: Action | undefined,
  req: TraceRequest,
): TraceReport['action'] {
  if (!action) return undefined;
  if (action.Type === 'redirect')
    return {
      type: 'redirect',
      statusCode: action.RedirectConfig?.StatusCode ?? '',
      location: redirectUrl(action.RedirectConfig ?? { StatusCode: undefined }, req),
    };
  if (action.Type === 'fixed-response') {
    const f = action.FixedResponseConfig;
    return {
      type: 'fixed-response',
      statusCode: f?.StatusCode ?? '',
      ...(f?.ContentType ? { contentType: f.ContentType } : {}),
      ...(f?.MessageBody ? { messageBody: f.MessageBody } : {}),
    };
  }
  if (action.Type === 'forward')
    return {
      type: 'forward',
      targetGroups: forwardTargets(action).map((t) => tracedGroup(snap, t.arn, t.weight)),
    };
  return { type: action.Type ?? 'unknown' };
}

/**
 * The NLB part: the listener on `port`, its target groups and the ALB IPs they reach. Returns the ALB
 * port the NLB sends to, or undefined when the request ends at the NLB (outcome and summary set).
 */
function throughNlb(snap: RailSnapshot, report: TraceReport, port: number): number | undefined {
  const nlbListener = snap.nlbListeners.find((l) => l.Port === port);
  if (!nlbListener) {
    report.outcome = 'no-nlb-listener';
    report.summary = snap.nlb
      ? `${snap.selector.nlbName} has no listener on port ${port} (listeners: ${snap.nlbListeners.map((l) => `${l.Protocol}:${l.Port}`).join(', ') || 'none'})`
      : `no load balancer named ${snap.selector.nlbName}`;
    return undefined;
  }
  report.nlb.listener = { port: nlbListener.Port!, protocol: nlbListener.Protocol ?? '' };
  const nlbGroups = forwardTargets(terminalAction(nlbListener.DefaultActions)).map((t) => t.arn);
  report.nlb.targetGroups = nlbGroups.map((arn) => tracedGroup(snap, arn));
  const reachableSet = new Set(
    nlbGroups.flatMap((arn) =>
      (snap.targetHealth[arn] ?? [])
        .filter((h) => h.TargetHealth?.State === 'healthy')
        .map((h) => h.Target?.Id),
    ),
  );
  const albTarget = snap.alb && reachableSet.has(snap.alb.LoadBalancerArn);
  report.albIps.reachable = albTarget
    ? report.albIps.current
    : report.albIps.current.filter((ip) => reachableSet.has(ip));
  // The ALB port the NLB sends to: the registered targets' port (alb-target: the group's port).
  return (
    nlbGroups
      .flatMap((arn) => (snap.targetHealth[arn] ?? []).map((h) => h.Target?.Port))
      .find((p) => p !== undefined) ??
    snap.targetGroups[nlbGroups[0] ?? '']?.Port ??
    port
  );
}

/**
 * Traces one request through a snapshot of the rail (pure). With `api`, the request came through API
 * Gateway first: it ends there, or goes on as the integration sends it, into the NLB (VPC link v1, or
 * an integration on the NLB) or straight into the ALB (v2 with the ALB as its target).
 */
export function traceRequest(snap: RailSnapshot, req: TraceRequest, url: string, api?: ApiStep): TraceReport {
  const current = albIps(snap);
  const report: TraceReport = {
    schemaVersion: 1,
    request: {
      url,
      method: req.method,
      protocol: req.protocol,
      host: req.host,
      port: req.port,
      path: req.path,
      query: req.query,
      ...(req.sourceIp ? { sourceIp: req.sourceIp } : {}),
      headers: req.headers,
    },
    outcome: 'no-nlb-listener',
    summary: '',
    nlb: { name: snap.selector.nlbName, found: Boolean(snap.nlb), targetGroups: [] },
    albIps: { current, reachable: [] },
    alb: { name: snap.selector.albName, found: Boolean(snap.alb) },
    nearMisses: [],
    rulesEvaluated: 0,
    services: [],
  };
  if (api) {
    report.api = api.api;
    if (api.outcome || !api.downstream) {
      report.outcome = api.outcome ?? 'api-integration-unsupported';
      report.summary = api.summary ?? '';
      return report;
    }
  }
  // The request the load balancers receive: the URL's, or the one API Gateway's integration sends.
  const sent = api?.downstream ?? req;
  if (api?.downstream) {
    const d = api.downstream;
    report.albRequest = { protocol: d.protocol, host: d.host, port: d.port, path: d.path, query: d.query };
  }
  let albPort = sent.port;
  if (api?.api.downstream?.enters !== 'alb') {
    const reached = throughNlb(snap, report, sent.port);
    if (reached === undefined) return report;
    albPort = reached;
  } else if (snap.alb) {
    // A v2 link reaches the ALB's listener directly: every current IP is reachable.
    report.albIps.reachable = current;
  }
  const albListener = snap.albListeners.find((l) => l.Port === albPort);
  if (!albListener) {
    report.outcome = 'no-alb-listener';
    report.summary = snap.alb
      ? `${snap.selector.albName} has no listener on port ${albPort}`
      : `no load balancer named ${snap.selector.albName}`;
    return report;
  }
  report.alb.listener = { port: albListener.Port!, protocol: albListener.Protocol ?? '' };
  // The ALB sees the protocol of its own listener (TLS is passed through by the NLB's TCP listener).
  const albReq: TraceRequest = {
    ...sent,
    protocol: albListener.Protocol === 'HTTPS' ? 'https' : 'http',
    port: albListener.Port!,
  };
  const rules = snap.albRules[albListener.ListenerArn!] ?? [];
  const match = matchRules(rules, albReq);
  report.rulesEvaluated = match.evaluated.length;
  report.nearMisses = match.nearMisses.map((e) => ({ priority: e.priority, conditions: e.conditions }));
  if (!match.matched) {
    report.outcome = 'no-matching-rule';
    report.summary = `no rule of ${albListener.Protocol}:${albListener.Port} matches, and it has no default rule`;
    return report;
  }
  report.rule = {
    priority: match.matched.priority,
    isDefault: match.matched.isDefault,
    conditions: match.matched.conditions,
  };
  const rule = rules.find((r) => r.RuleArn === match.matched!.ruleArn) ?? rules.find((r) => r.IsDefault);
  const action = describeAction(snap, terminalAction(rule?.Actions), albReq);
  report.action = action;
  const ruleName = match.matched.isDefault ? 'the default rule' : `rule ${match.matched.priority}`;
  if (action && 'location' in action) {
    report.outcome = 'redirected';
    report.summary = `${ruleName} redirects (${action.statusCode}) to ${action.location}`;
  } else if (action?.type === 'fixed-response' && 'statusCode' in action) {
    report.outcome = 'fixed-response';
    report.summary = `${ruleName} answers with a fixed response ${action.statusCode}`;
  } else if (action && 'targetGroups' in action) {
    const live = action.targetGroups.filter((t) => t.weight !== 0 && t.healthyTargets.length > 0);
    report.services = [...new Set(live.flatMap((t) => t.services))].sort();
    const unread = action.targetGroups.filter((t) => t.weight !== 0 && t.targetsNotRead);
    if (live.length === 0 && unread.length > 0) {
      report.outcome = 'targets-not-read';
      report.summary = `${ruleName} forwards to ${unread.map((t) => t.name).join(', ')}, whose targets could not be read: whether one is healthy is not known`;
    } else if (live.length === 0) {
      report.outcome = 'no-healthy-targets';
      report.summary = `${ruleName} forwards to ${action.targetGroups.map((t) => t.name).join(', ')}, but no group with weight has a healthy target`;
    } else {
      report.outcome = 'forwarded';
      report.summary = `${ruleName} forwards to ${live.map((t) => `${t.name}${t.weight === undefined ? '' : ` (weight ${t.weight})`}`).join(', ')}${report.services.length ? ` -> service ${report.services.join(', ')}` : ''}`;
    }
  }
  if (api?.api.downstream?.hostFrom === 'load-balancer' && report.rule?.isDefault)
    report.summary += `; the ALB sees Host ${albReq.host} because the integration maps no Host (overwrite:header.host), so no host-header rule of a service matches`;
  if (report.nlb.targetGroups.some((t) => t.targetsNotRead))
    report.summary += `; warning: the NLB's targets could not be read, so which ALB IPs it reaches is not known`;
  else if (report.albIps.reachable.length === 0 && snap.nlb && report.nlb.listener)
    report.summary += `; warning: the NLB reaches none of the ALB's current IPs`;
  return report;
}
