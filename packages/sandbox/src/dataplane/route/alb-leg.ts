/**
 * An ALB's part of a request (route/README.md "ALB"): the listener on the port, the first rule by
 * priority whose conditions hold (else the default rule), its terminal action, the target group and
 * target for a forward, and the answer the client gets, with the access log's times and bytes.
 */
import type { Action, LoadBalancerNode } from '../../services/elbv2/state.js';
import type { AlbLeg, ClientResult, TrafficRequest } from '../types.js';
import { redirectTarget } from './redirect-url.js';
import type { LbEntry, ListenerEntry, RoutingSnapshot } from './routing-snapshot.js';
import { parseQuery } from './rule-match.js';
import { answerFromTarget, elbErrorBytes } from './target-answer.js';
import { pick, routableTargets } from './target-choice.js';
import { chosenCertificate, handshakeMs, negotiated, traceId } from './tls.js';

export interface AlbEntry {
  lb: LbEntry;
  node: LoadBalancerNode;
  /** The port the request arrives on (the NLB's target port when through an NLB). */
  port: number;
  /** Who the ALB sees sending it. */
  clientIp: string;
  clientPort: number;
}

export interface AlbResult {
  /** Undefined when no listener took the connection. */
  leg?: AlbLeg;
  client: ClientResult;
  totalMs: number;
}

/** The action that ends the list: forward, redirect or fixed-response, after any others by Order. */
function terminalAction(actions: Action[]): Action | undefined {
  const sorted = [...actions].sort((a, b) => (a.Order ?? 0) - (b.Order ?? 0));
  return sorted[sorted.length - 1];
}

function matchedRule(listener: ListenerEntry, req: TrafficRequest, sourceIp: string) {
  if (listener.rules.length === 0) return { priority: 0, actions: listener.listener.defaultActions };
  const input = {
    host: req.host,
    path: req.path,
    method: req.method,
    headers: req.headers,
    query: listener.needsQuery ? parseQuery(req.query) : [],
    sourceIp,
  };
  for (const { rule, match } of listener.rules)
    if (match(input)) return { priority: rule.priority, actions: rule.actions };
  return { priority: 0, actions: listener.listener.defaultActions };
}

/** A weighted choice of the forward's groups; weight 0 is never chosen. */
function chooseGroup(action: Action, random: () => number): string | undefined {
  const groups = action.ForwardConfig?.TargetGroups?.length
    ? action.ForwardConfig.TargetGroups.map((g) => ({ arn: g.TargetGroupArn, w: g.Weight ?? 1 }))
    : action.TargetGroupArn
      ? [{ arn: action.TargetGroupArn, w: 1 }]
      : [];
  const total = groups.reduce((s, g) => s + g.w, 0);
  if (total <= 0) return undefined;
  let r = random() * total;
  for (const g of groups) {
    if (g.w <= 0) continue;
    if (r < g.w) return g.arn;
    r -= g.w;
  }
  return groups.filter((g) => g.w > 0).pop()?.arn;
}

/** Routes the request through the ALB. */
export function routeAlb(
  snap: RoutingSnapshot,
  req: TrafficRequest,
  at: AlbEntry,
  random: () => number,
): AlbResult {
  const listener = at.lb.listeners.get(at.port);
  if (!at.lb.active || !listener) return { client: { kind: 'refused' }, totalMs: 1 };
  const l = listener.listener;
  const https = l.protocol === 'HTTPS';
  const tls = https ? negotiated(l.sslPolicy) : undefined;
  const handshake = https ? handshakeMs(random) : 0;
  const requestMs = random() * 0.5;
  const leg: AlbLeg = {
    loadBalancerArn: at.lb.lb.arn,
    dimension: at.lb.dimension,
    nodeIp: at.node.ip,
    availabilityZone: at.node.availabilityZone,
    clientIp: at.clientIp,
    clientPort: at.clientPort,
    listenerArn: l.arn,
    listenerPort: l.port,
    listenerProtocol: l.protocol,
    actionsExecuted: [],
    failOpen: false,
    elbStatus: 0,
    requestProcessingMs: requestMs,
    targetProcessingMs: -1,
    responseProcessingMs: 0,
    sentBytes: 0,
    traceId: traceId(req.at, random),
    targetConnectionError: false,
    ...(https ? { chosenCertArn: chosenCertificate(listener, req.host) } : {}),
    ...(tls ? { sslCipher: tls.cipher, sslProtocol: tls.protocol } : {}),
  };
  const done = (status: number, extraMs = 0): AlbResult => {
    leg.elbStatus = status;
    const own = Math.max(0, leg.requestProcessingMs) + Math.max(0, leg.responseProcessingMs);
    return { leg, client: { kind: 'response', status }, totalMs: handshake + own + extraMs };
  };
  // Plain HTTP on the HTTPS port (or TLS on the HTTP one): the ALB answers 400 before any rule.
  if ((req.scheme === 'https') !== https) {
    leg.sentBytes = elbErrorBytes(400);
    return done(400);
  }
  const rule = matchedRule(listener, req, at.clientIp);
  leg.matchedRulePriority = rule.priority;
  const action = terminalAction(rule.actions);
  if (!action) return done(503);
  leg.actionsExecuted = [action.Type];
  if (action.Type === 'redirect') {
    const { url, status } = redirectTarget(action, {
      protocol: https ? 'https' : 'http',
      host: req.host,
      port: l.port,
      path: req.path,
      query: req.query,
    });
    leg.redirectUrl = url;
    leg.sentBytes = elbErrorBytes(status) + url.length;
    return done(status);
  }
  if (action.Type === 'fixed-response') {
    const cfg = action.FixedResponseConfig!;
    leg.sentBytes = 160 + Buffer.byteLength(cfg.MessageBody ?? '');
    return done(Number(cfg.StatusCode));
  }
  return forward(snap, at, leg, action, random, done);
}

function forward(
  snap: RoutingSnapshot,
  at: AlbEntry,
  leg: AlbLeg,
  action: Action,
  random: () => number,
  done: (status: number, extraMs?: number) => AlbResult,
): AlbResult {
  const arn = chooseGroup(action, random);
  const group = arn ? snap.groups.get(arn) : undefined;
  if (arn) leg.targetGroupArn = arn;
  if (group) leg.targetGroupDimension = group.dimension;
  const choice = group
    ? routableTargets(group, at.node.availabilityZone, group.crossZone ?? at.lb.crossZone, 'alb')
    : undefined;
  if (!choice || choice.targets.length === 0) {
    leg.sentBytes = elbErrorBytes(503);
    return done(503);
  }
  const t = pick(choice.targets, random);
  leg.failOpen = choice.failOpen;
  const answer = answerFromTarget(snap, t.ip, t.port, at.lb.idleTimeoutMs, random);
  leg.target = answer.target;
  if (answer.targetStatus !== undefined) leg.targetStatus = answer.targetStatus;
  if (answer.requestProcessingMs !== undefined) leg.requestProcessingMs = answer.requestProcessingMs;
  leg.targetProcessingMs = answer.targetProcessingMs;
  leg.responseProcessingMs = answer.responseProcessingMs;
  leg.targetConnectionError = answer.targetConnectionError;
  leg.sentBytes = answer.sentBytes;
  return done(answer.elbStatus, answer.elapsedMs);
}
