/**
 * What a sync pass covers: the rail's ALB and every IP target group its NLB's listeners forward to,
 * each with the listener's port (targets register at that port).
 *
 * Read as a dependency graph: the load balancers and the NLB target groups of the rail's names are
 * known from the stage alone (round 1, docs/aws-behaviour.md §3); the NLB's listeners need its ARN
 * (round 2). A caller may start the pass's own reads (the ALB's IPs, target health, state) as soon as
 * round 1 has answered, so they run alongside the listeners (see pass-reads.ts). Only a listener that
 * forwards to a group not of the rail's names costs one more round.
 */
import type { Listener, LoadBalancer, TargetGroup } from '@aws-sdk/client-elastic-load-balancing-v2';
import type { AwsClients } from '../aws/clients.js';
import {
  describeTargetGroupsByArn,
  findLoadBalancersByName,
  findTargetGroupsByName,
  listListeners,
} from '../aws/elbv2.js';
import { railNames } from '../common/names.js';
import { FailedError, UsageError } from '../errors.js';
import { forwardTargetArns } from '../observe/alb-actions.js';

export interface SyncTargetGroup {
  arn: string;
  name: string;
  /** The NLB listener port: where the ALB's IPs are registered. */
  port: number;
}

export interface SyncRail {
  alb: { arn: string; name: string; dnsName: string };
  nlbName: string;
  targetGroups: SyncTargetGroup[];
}

/** The ports `rails up` gives the NLB's listeners, and so the names of its target groups. */
const RAIL_PORTS = [80, 443];

export interface DiscoverSyncOptions {
  /** Only the target group of this NLB listener port (`--listener`). */
  listener?: number;
  /**
   * Called once the load balancers are found, with the ALB and the IP target groups of the rail's
   * names: reads that need only those can start while the listeners are read.
   */
  onFound?: (alb: SyncRail['alb'], targetGroups: TargetGroup[]) => void;
}

/**
 * Finds the rail of `stage`. Throws FailedError when its load balancers do not exist, UsageError when
 * `--listener` names a port the NLB does not listen on.
 */
export async function discoverSyncRail(
  aws: AwsClients,
  stage: string,
  opts: DiscoverSyncOptions = {},
): Promise<SyncRail> {
  const nlbName = railNames.nlb(stage);
  const albName = railNames.alb(stage);
  const ports = opts.listener === undefined ? RAIL_PORTS : [opts.listener];
  const [lbs, named] = await Promise.all([
    findLoadBalancersByName(aws, [nlbName, albName]),
    findTargetGroupsByName(
      aws,
      ports.map((p) => railNames.nlbTargetGroup(stage, p)),
    ),
  ]);
  const nlb = lbs.get(nlbName);
  const alb = lbs.get(albName);
  if (!nlb || !alb) {
    const missing = [!nlb && `NLB ${nlbName}`, !alb && `ALB ${albName}`].filter(Boolean).join(' and ');
    throw new FailedError(`nothing to sync: no ${missing} in this account and region.`, {
      hint: 'lay the rail first (`rails up`), or check --stage, --region and --profile.',
    });
  }
  const albRef = albOf(alb);
  opts.onFound?.(
    albRef,
    [...named.values()].filter((tg) => tg.TargetType === 'ip'),
  );
  const listeners = await listListeners(aws, nlb.LoadBalancerArn!);
  const known = new Map([...named.values()].map((tg) => [tg.TargetGroupArn!, tg]));
  const forwarded = forwardedBy(listeners, opts.listener, nlbName);
  const unknown = [...forwarded.keys()].filter((arn) => !known.has(arn));
  for (const tg of await describeTargetGroupsByArn(aws, unknown)) known.set(tg.TargetGroupArn!, tg);
  return syncRailFrom(nlbName, albRef, forwarded, known);
}

function albOf(alb: LoadBalancer): SyncRail['alb'] {
  return { arn: alb.LoadBalancerArn!, name: alb.LoadBalancerName!, dnsName: alb.DNSName! };
}

/**
 * The target groups the NLB's listeners forward to, each with the first listener port that does.
 * Throws UsageError when `listener` names a port the NLB does not listen on.
 */
function forwardedBy(listeners: Listener[], listener: number | undefined, nlbName: string) {
  const chosen = listeners.filter((l) => listener === undefined || l.Port === listener);
  if (listener !== undefined && chosen.length === 0) {
    throw new UsageError(`--listener ${listener}: the NLB ${nlbName} has no listener on that port.`, {
      hint: 'use 80 or 443 (the ports `rails up` lays), or omit --listener for every target group.',
    });
  }
  const portByArn = new Map<string, number>();
  for (const l of chosen)
    for (const arn of forwardTargetArns(l.DefaultActions))
      if (!portByArn.has(arn)) portByArn.set(arn, l.Port!);
  return portByArn;
}

function syncRailFrom(
  nlbName: string,
  alb: SyncRail['alb'],
  portByArn: Map<string, number>,
  groups: Map<string, TargetGroup>,
): SyncRail {
  const targetGroups = [...portByArn]
    .map(([arn, port]) => ({ tg: groups.get(arn), port }))
    .filter((x) => x.tg?.TargetType === 'ip')
    .map(({ tg, port }) => ({ arn: tg!.TargetGroupArn!, name: tg!.TargetGroupName!, port }))
    .sort((a, b) => a.port - b.port);
  return { alb, nlbName, targetGroups };
}

/**
 * The sync rail from what a caller has already read (`up`'s discovery): the load balancers, the NLB's
 * listeners and the target groups (any that the listeners forward to; others are ignored). Undefined
 * when a load balancer is missing.
 */
export function syncRailOf(
  stage: string,
  nlb: LoadBalancer | undefined,
  alb: LoadBalancer | undefined,
  nlbListeners: Listener[],
  targetGroups: TargetGroup[],
): SyncRail | undefined {
  if (!nlb || !alb) return undefined;
  const nlbName = railNames.nlb(stage);
  const groups = new Map(targetGroups.map((tg) => [tg.TargetGroupArn!, tg]));
  return syncRailFrom(nlbName, albOf(alb), forwardedBy(nlbListeners, undefined, nlbName), groups);
}
