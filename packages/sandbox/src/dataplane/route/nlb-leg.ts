/**
 * An NLB's part of a request (route/README.md "NLB"): the node DNS hands out, the listener on the
 * port, a target of its group (healthy, in the node's zone unless cross-zone, else fail-open), and
 * what is at the target's IP: an ALB node listening on the port carries the request on; an ALB node
 * without that listener resets it; an address nobody holds any more lets the client time out.
 */
import type { LoadBalancerNode } from '../../services/elbv2/state.js';
import type { NlbLeg, RequestOutcome, TrafficRequest } from '../types.js';
import { routeAlb } from './alb-leg.js';
import type { GroupEntry, LbEntry, RoutingSnapshot, TargetEntry } from './routing-snapshot.js';
import { answerFromTarget } from './target-answer.js';
import { pick, routableTargets } from './target-choice.js';
import { chosenCertificate, handshakeMs } from './tls.js';

/** How long the sandbox's client waits for a TCP connection before giving up. */
export const CLIENT_CONNECT_TIMEOUT_MS = 10_000;

function crossZone(nlb: LbEntry, group: GroupEntry | undefined): boolean {
  return group?.crossZone ?? nlb.crossZone;
}

/**
 * DNS answers with the nodes of the zones that have healthy targets (all of them when none has:
 * fail-open), and the client takes one at random.
 */
function pickNode(nlb: LbEntry, group: GroupEntry | undefined, random: () => number): LoadBalancerNode {
  const nodes = nlb.lb.nodes;
  if (!group || crossZone(nlb, group)) return pick(nodes, random);
  let serving = servingNodes.get(group);
  if (!serving) {
    const withTargets = nodes.filter((n) => {
      const c = routableTargets(group, n.availabilityZone, false, 'nlb');
      return !c.failOpen && c.targets.length > 0;
    });
    serving = withTargets.length > 0 ? withTargets : nodes;
    servingNodes.set(group, serving);
  }
  return pick(serving, random);
}

/** The nodes DNS hands out for a group's listener, per routing table (groups are per table). */
const servingNodes = new WeakMap<GroupEntry, LoadBalancerNode[]>();

/** Routes the request entering at an NLB. */
export function routeNlb(
  snap: RoutingSnapshot,
  req: TrafficRequest,
  nlb: LbEntry,
  random: () => number,
): RequestOutcome {
  if (!nlb.active || nlb.lb.nodes.length === 0)
    return { request: req, entry: 'nlb', client: { kind: 'refused' }, totalMs: 1 };
  const listener = nlb.listeners.get(req.port);
  const action = listener?.listener.defaultActions.find((a) => a.Type === 'forward');
  const groupArn = action?.TargetGroupArn ?? action?.ForwardConfig?.TargetGroups[0]?.TargetGroupArn;
  const group = groupArn ? snap.groups.get(groupArn) : undefined;
  const node = pickNode(nlb, group, random);
  const tls = listener?.listener.protocol === 'TLS';
  const leg: NlbLeg = {
    loadBalancerArn: nlb.lb.arn,
    dimension: nlb.dimension,
    nodeIp: node.ip,
    availabilityZone: node.availabilityZone,
    listenerPort: req.port,
    failOpen: false,
    outcome: 'no-listener',
    receivedBytes: 0,
    sentBytes: 0,
    connectionMs: 0,
  };
  if (listener) {
    leg.listenerArn = listener.listener.arn;
    leg.listenerProtocol = listener.listener.protocol;
    if (tls) leg.chosenCertArn = chosenCertificate(listener, req.host);
  }
  if (groupArn) leg.targetGroupArn = groupArn;
  if (group) leg.targetGroupDimension = group.dimension;
  const outcome = (o: Partial<RequestOutcome> & Pick<RequestOutcome, 'client' | 'totalMs'>) => {
    leg.connectionMs = o.totalMs;
    return { request: req, entry: 'nlb' as const, nlb: leg, ...o };
  };
  if (!listener) return outcome({ client: { kind: 'refused' }, totalMs: 1 });
  const choice = group
    ? routableTargets(group, node.availabilityZone, crossZone(nlb, group), 'nlb')
    : undefined;
  if (!choice || choice.targets.length === 0) {
    leg.outcome = 'elb-reset';
    return outcome({ client: { kind: 'reset' }, totalMs: 1 });
  }
  const target = pick(choice.targets, random);
  leg.failOpen = choice.failOpen;
  leg.targetIp = target.ip;
  leg.targetPort = target.port;
  leg.receivedBytes = req.receivedBytes;
  const tlsMs = tls ? handshakeMs(random) : 0;
  if (tls) leg.tlsHandshakeMs = tlsMs;
  const owner = snap.nodeOwners.get(target.ip);
  if (!owner) return toTask(snap, leg, target, tlsMs, random, outcome);
  if (owner.lb.lb.type !== 'application' || !owner.lb.active || !owner.lb.listeners.has(target.port)) {
    leg.outcome = 'target-reset';
    return outcome({ client: { kind: 'reset' }, totalMs: 1 + tlsMs });
  }
  // Client IP preservation is off for IP targets over TCP/TLS: the ALB sees the NLB node.
  const alb = routeAlb(
    snap,
    req,
    {
      lb: owner.lb,
      node: owner.node,
      port: target.port,
      clientIp: group?.preserveClientIp ? req.clientIp : node.ip,
      clientPort: group?.preserveClientIp ? req.clientPort : 1024 + Math.floor(random() * 64511),
    },
    random,
  );
  leg.outcome = 'forwarded';
  leg.sentBytes = alb.leg?.sentBytes ?? 0;
  const totalMs = alb.totalMs + tlsMs + 0.2;
  return outcome({ entry: 'nlb', ...(alb.leg ? { alb: alb.leg } : {}), client: alb.client, totalMs });
}

/** TCP flows idle out after 350 s on an NLB. */
const NLB_IDLE_TIMEOUT_MS = 350_000;

/**
 * A target that is no load balancer node: an ECS task listening on the port answers over the flow;
 * a task that does not listen resets it; an address nobody holds lets the client's connect time out.
 */
function toTask(
  snap: RoutingSnapshot,
  leg: NlbLeg,
  target: TargetEntry,
  tlsMs: number,
  random: () => number,
  outcome: (o: Pick<RequestOutcome, 'client' | 'totalMs'>) => RequestOutcome,
): RequestOutcome {
  const task = snap.tasks.get(target.ip);
  if (!task || task.task.lastStatus === 'STOPPED') {
    leg.outcome = 'target-timeout';
    return outcome({ client: { kind: 'timeout' }, totalMs: CLIENT_CONNECT_TIMEOUT_MS });
  }
  const answer = answerFromTarget(snap, target.ip, target.port, NLB_IDLE_TIMEOUT_MS, random);
  if (answer.targetConnectionError) {
    leg.outcome = 'target-reset';
    return outcome({ client: { kind: 'reset' }, totalMs: 1 + tlsMs });
  }
  leg.outcome = 'forwarded';
  leg.sentBytes = answer.sentBytes;
  const client: RequestOutcome['client'] =
    answer.targetStatus === undefined
      ? answer.elbStatus === 504
        ? { kind: 'timeout' }
        : { kind: 'reset' }
      : { kind: 'response', status: answer.targetStatus };
  return outcome({ client, totalMs: answer.elapsedMs + tlsMs + 0.2 });
}
