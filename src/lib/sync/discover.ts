/**
 * What a sync pass covers: the rail's ALB and every IP target group its NLB's listeners forward to,
 * each with the listener's port (targets register at that port).
 */
import type { AwsClients } from '../aws/clients.js';
import { describeTargetGroupsByArn, findLoadBalancer, listListeners } from '../aws/elbv2.js';
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

/**
 * Finds the rail of `stage`. Throws FailedError when its load balancers do not exist, UsageError when
 * `--listener` names a port the NLB does not listen on.
 */
export async function discoverSyncRail(
  aws: AwsClients,
  stage: string,
  opts: { listener?: number } = {},
): Promise<SyncRail> {
  const nlbName = railNames.nlb(stage);
  const albName = railNames.alb(stage);
  const [nlb, alb] = await Promise.all([findLoadBalancer(aws, nlbName), findLoadBalancer(aws, albName)]);
  if (!nlb || !alb) {
    const missing = [!nlb && `NLB ${nlbName}`, !alb && `ALB ${albName}`].filter(Boolean).join(' and ');
    throw new FailedError(`nothing to sync: no ${missing} in this account and region.`, {
      hint: 'lay the rail first (`rails up`), or check --stage, --region and --profile.',
    });
  }
  const listeners = (await listListeners(aws, nlb.LoadBalancerArn!)).filter(
    (l) => opts.listener === undefined || l.Port === opts.listener,
  );
  if (opts.listener !== undefined && listeners.length === 0) {
    throw new UsageError(`--listener ${opts.listener}: the NLB ${nlbName} has no listener on that port.`, {
      hint: 'use 80 or 443 (the ports `rails up` lays), or omit --listener for every target group.',
    });
  }
  const portByArn = new Map<string, number>();
  for (const l of listeners)
    for (const arn of forwardTargetArns(l.DefaultActions))
      if (!portByArn.has(arn)) portByArn.set(arn, l.Port!);
  const groups = await describeTargetGroupsByArn(aws, [...portByArn.keys()]);
  const targetGroups = groups
    .filter((tg) => tg.TargetType === 'ip')
    .map((tg) => ({
      arn: tg.TargetGroupArn!,
      name: tg.TargetGroupName!,
      port: portByArn.get(tg.TargetGroupArn!)!,
    }))
    .sort((a, b) => a.port - b.port);
  return {
    alb: { arn: alb.LoadBalancerArn!, name: alb.LoadBalancerName!, dnsName: alb.DNSName! },
    nlbName,
    targetGroups,
  };
}
