/**
 * Finds what the reader needs about a load balancer: whether it writes access logs and where
 * (`access_logs.s3.*`, the attributes rail.yaml's `accessLogs` turns on), the account and Region its
 * keys carry (from its ARN), and for an ALB which service each target group and each rule serves (from
 * the live listeners and rules, and the target groups' `rails:service` tag, else their names).
 */
import type { Rule } from '@aws-sdk/client-elastic-load-balancing-v2';
import type { AwsClients } from '../aws/clients.js';
import { describeTags, findLoadBalancer, listListeners, listRules, listTargetGroups } from '../aws/elbv2.js';
import { loadBalancerAttributes } from '../aws/elbv2-changes.js';
import { TAG_SERVICE } from '../common/names.js';
import { FailedError, UsageError } from '../errors.js';
import type { AlbServices } from './alb-digest.js';
import type { LogLocation } from './log-keys.js';

export type LogKind = 'alb' | 'nlb';

export interface LogSource {
  kind: LogKind;
  name: string;
  arn: string;
  location: LogLocation;
}

const TYPE: Record<LogKind, string> = { alb: 'application', nlb: 'network' };

/** The load balancer and where its logs go; throws when it is missing or does not log (exit 2). */
export async function findLogSource(aws: AwsClients, kind: LogKind, name: string): Promise<LogSource> {
  const lb = await findLoadBalancer(aws, name);
  if (!lb?.LoadBalancerArn)
    throw new FailedError(`no load balancer named ${name}`, {
      hint: 'lay the rail first (rails up), or name the load balancer with --lb',
    });
  if (lb.Type !== TYPE[kind])
    throw new UsageError(
      `${name} is ${lb.Type === 'network' ? 'an NLB' : 'an ALB'}, not ${kind === 'alb' ? 'an ALB' : 'an NLB'}`,
      {
        hint: `use rails logs ${lb.Type === 'network' ? 'nlb' : 'alb'}`,
      },
    );
  const attrs = await loadBalancerAttributes(aws, lb.LoadBalancerArn);
  if (attrs['access_logs.s3.enabled'] !== 'true' || !attrs['access_logs.s3.bucket'])
    throw new UsageError(`access logs are not enabled on ${kind.toUpperCase()} ${name}`, {
      hint: `set accessLogs.${kind}: <bucket> in rail.yaml and run rails up (it creates the bucket and its policy)`,
    });
  // arn:aws:elasticloadbalancing:<region>:<account>:loadbalancer/<app|net>/<name>/<id>
  const [, , , region, account, resource] = lb.LoadBalancerArn.split(':');
  return {
    kind,
    name,
    arn: lb.LoadBalancerArn,
    location: {
      bucket: attrs['access_logs.s3.bucket'],
      prefix: attrs['access_logs.s3.prefix'] ?? '',
      account: account!,
      region: region!,
      loadBalancerId: resource!.slice('loadbalancer/'.length),
    },
  };
}

/** The target groups a rule forwards to (single or weighted forward). */
function forwardGroups(rule: Rule): string[] {
  return (rule.Actions ?? []).flatMap((a) =>
    a.Type !== 'forward'
      ? []
      : a.ForwardConfig?.TargetGroups?.length
        ? a.ForwardConfig.TargetGroups.map((g) => g.TargetGroupArn!).filter(Boolean)
        : a.TargetGroupArn
          ? [a.TargetGroupArn]
          : [],
  );
}

/** Which service each of the ALB's target groups and forwarding rules serves. */
export async function albServices(aws: AwsClients, albArn: string): Promise<AlbServices> {
  const [listeners, groups] = await Promise.all([listListeners(aws, albArn), listTargetGroups(aws, albArn)]);
  const [rules, tags] = await Promise.all([
    Promise.all(listeners.map((l) => listRules(aws, l.ListenerArn!))),
    describeTags(
      aws,
      groups.map((g) => g.TargetGroupArn!),
    ),
  ]);
  const byTargetGroup = new Map<string, string>();
  for (const g of groups)
    byTargetGroup.set(g.TargetGroupArn!, tags.get(g.TargetGroupArn!)?.[TAG_SERVICE] ?? g.TargetGroupName!);
  const byRule = new Map<string, string>();
  listeners.forEach((l, i) => {
    for (const rule of rules[i]!) {
      const service = forwardGroups(rule)
        .map((arn) => byTargetGroup.get(arn))
        .find(Boolean);
      // The log writes 0 for the default rule.
      const priority = rule.IsDefault || rule.Priority === 'default' ? '0' : rule.Priority;
      if (service) byRule.set(`${l.Port}:${priority}`, service);
    }
  });
  return { byTargetGroup, byRule };
}
