/**
 * Counts each request into the minute it ended in, per load balancer node zone and target group,
 * the way ELB aggregates its 60-second metrics (README.md "Metrics"). Counters, not datapoints: a
 * minute is published only once it has ended (publish-traffic-metrics.ts).
 */

import type { Sandbox } from '../../core/types.js';
import type { AlbLeg, NlbLeg, RequestOutcome } from '../types.js';
import { countApigw } from './apigw-metrics.js';
import { type AlbCounters, MINUTE_MS, type MinuteCounters, type NlbCounters, signalsState } from './state.js';

function minuteOf(sb: Sandbox, at: number): MinuteCounters {
  const minutes = signalsState(sb).minutes;
  const key = String(Math.floor(at / MINUTE_MS) * MINUTE_MS);
  minutes[key] ??= { alb: {}, nlb: {}, served: {} };
  return minutes[key];
}

function albCounters(minute: MinuteCounters, alb: AlbLeg): AlbCounters {
  const tg = alb.targetGroupDimension ?? '';
  const key = `${alb.dimension}\n${alb.availabilityZone}\n${tg}`;
  minute.alb[key] ??= {
    lb: alb.dimension,
    az: alb.availabilityZone,
    tg,
    requests: 0,
    elb: {},
    fixed: 0,
    redirect: 0,
    newConnections: 0,
    bytes: 0,
    target: {},
    connectionErrors: 0,
    responseTimes: [],
    targets: [],
  };
  return minute.alb[key];
}

function nlbCounters(minute: MinuteCounters, nlb: NlbLeg): NlbCounters {
  const key = `${nlb.dimension}\n${nlb.availabilityZone}`;
  minute.nlb[key] ??= {
    lb: nlb.dimension,
    az: nlb.availabilityZone,
    flows: 0,
    flowsTls: 0,
    flowsTcp: 0,
    bytes: 0,
    targetResets: 0,
    elbResets: 0,
    clientResets: 0,
    unhealthyRouting: 0,
  };
  return minute.nlb[key];
}

/** The ELB codes AWS counts one by one as well as by class. */
const COUNTED_CODES = new Set([500, 502, 503, 504]);

const bump = (counts: Record<string, number>, key: string) => {
  counts[key] = (counts[key] ?? 0) + 1;
};

/**
 * The ALB's part. A status the ALB made up (no target answered: fixed-response, redirect, 502, 503,
 * 504...) is the ELB's; a status a target answered, a 500 included, is the target's.
 */
function countAlb(minute: MinuteCounters, outcome: RequestOutcome, alb: AlbLeg): void {
  const c = albCounters(minute, alb);
  c.requests++;
  c.bytes += outcome.request.receivedBytes + alb.sentBytes;
  c.newConnections++;
  if (alb.targetStatus === undefined) {
    const cls = Math.floor(alb.elbStatus / 100);
    if (cls >= 3 && cls <= 5) bump(c.elb, String(cls));
    if (COUNTED_CODES.has(alb.elbStatus)) bump(c.elb, String(alb.elbStatus));
    if (alb.actionsExecuted.includes('fixed-response')) c.fixed++;
    if (alb.actionsExecuted.includes('redirect')) c.redirect++;
  } else {
    const cls = Math.floor(alb.targetStatus / 100);
    if (cls >= 2 && cls <= 5) bump(c.target, String(cls));
    c.responseTimes.push(Math.max(0, alb.targetProcessingMs) / 1000);
  }
  if (alb.targetConnectionError) c.connectionErrors++;
  if (alb.target) {
    // The ALB opens a connection to the target as well (NewConnectionCount counts both sides).
    if (!alb.targetConnectionError) c.newConnections++;
    const id = `${alb.target.ip}:${alb.target.port}`;
    if (!c.targets.includes(id)) c.targets.push(id);
    const { clusterName, serviceName } = alb.target;
    if (clusterName && serviceName && alb.targetStatus !== undefined)
      bump(minute.served, `${clusterName}\n${serviceName}`);
  }
}

function countNlb(minute: MinuteCounters, outcome: RequestOutcome, nlb: NlbLeg): void {
  if (nlb.outcome === 'no-listener') return;
  const c = nlbCounters(minute, nlb);
  c.flows++;
  if (nlb.listenerProtocol === 'TLS') c.flowsTls++;
  else if (nlb.listenerProtocol === 'TCP' || nlb.listenerProtocol === 'TCP_UDP') c.flowsTcp++;
  c.bytes += nlb.receivedBytes + nlb.sentBytes;
  if (nlb.outcome === 'target-reset') c.targetResets++;
  if (nlb.outcome === 'elb-reset') c.elbResets++;
  // A client that gives up on a forwarded flow resets it.
  if (nlb.outcome === 'forwarded' && outcome.client.kind === 'timeout') c.clientResets++;
  if (nlb.failOpen) c.unhealthyRouting++;
}

/** Counts one request into the minute its answer (or the client's giving up) falls in. */
export function countOutcome(sb: Sandbox, outcome: RequestOutcome): void {
  const minute = minuteOf(sb, outcome.request.at + outcome.totalMs);
  if (outcome.apigw) {
    minute.apigw ??= {};
    countApigw(minute.apigw, outcome.apigw);
  }
  if (outcome.nlb) countNlb(minute, outcome, outcome.nlb);
  if (outcome.alb && outcome.alb.elbStatus > 0) countAlb(minute, outcome, outcome.alb);
}
