/**
 * The query plan: which CloudWatch metrics to read for each hop of the rail (docs/aws-behaviour.md §12,
 * "ELB metrics" and "Other namespaces"). Pure: it takes the ARNs and names the reads found and gives
 * GetMetricData queries, each tagged with the hop it speaks for. Dimension values are ARN suffixes
 * (`app/<name>/<id>`, `net/<name>/<id>`, `targetgroup/<name>/<id>`), and each query uses exactly one
 * dimension combination AWS publishes: another combination is another metric, with no datapoints.
 */
import type { SignalQuery } from './model.js';

/** `app/<name>/<id>` or `net/<name>/<id>`: the `LoadBalancer` dimension of a load balancer ARN. */
export function loadBalancerDimension(arn: string): string {
  const i = arn.indexOf(':loadbalancer/');
  return i < 0 ? arn : arn.slice(i + ':loadbalancer/'.length);
}

/** `targetgroup/<name>/<id>`: the `TargetGroup` dimension of a target group ARN. */
export function targetGroupDimension(arn: string): string {
  return arn.slice(arn.lastIndexOf(':') + 1);
}

/** The hop key of an ALB target group's queries (the status model maps it to the service it feeds). */
export const targetGroupHop = (arn: string) => `tg:${arn}`;
/** The hop key of an ECS service's queries. */
export const ecsServiceHop = (cluster: string, service: string) => `ecs:${cluster}/${service}`;

export interface LoadBalancerPlanInput {
  nlb?: { arn: string };
  alb?: { arn: string; dnsName?: string };
  /** The NLB's target groups (their targets are the ALB's IPs, or the ALB). */
  nlbTargetGroups: { arn: string; name: string }[];
  /** The ALB's target groups (each fed by a service). */
  albTargetGroups: { arn: string; name: string }[];
  /** The sync Lambda's function name, when the rail has a stage to derive it from. */
  syncFunctionName?: string;
}

/** A query before its id is given (ids are given per batch). */
export type Draft = Omit<SignalQuery, 'id'>;

const ALB_METRICS = [
  'RequestCount',
  'HTTPCode_ELB_502_Count',
  'HTTPCode_ELB_503_Count',
  'HTTPCode_ELB_504_Count',
  'RejectedConnectionCount',
  'ClientTLSNegotiationErrorCount',
];
const NLB_METRICS = [
  'NewFlowCount',
  'TCP_Target_Reset_Count',
  'TCP_ELB_Reset_Count',
  'TCP_Client_Reset_Count',
];
const TARGET_GROUP_COUNTS = ['RequestCount', 'HTTPCode_Target_5XX_Count', 'TargetConnectionErrorCount'];

/** Queries for the NLB, the static-IPs hop (NLB target groups, the sync) and the ALB and its groups. */
export function loadBalancerQueries(input: LoadBalancerPlanInput): Draft[] {
  const out: Draft[] = [];
  const nlbDim = input.nlb ? loadBalancerDimension(input.nlb.arn) : undefined;
  const albDim = input.alb ? loadBalancerDimension(input.alb.arn) : undefined;
  if (nlbDim) {
    for (const metric of NLB_METRICS)
      out.push({
        hop: 'nlb',
        namespace: 'AWS/NetworkELB',
        metric,
        dimensions: { LoadBalancer: nlbDim },
        stat: 'Sum',
      });
    for (const tg of input.nlbTargetGroups) {
      const dimensions = { TargetGroup: targetGroupDimension(tg.arn), LoadBalancer: nlbDim };
      // The worst minute of each: the fewest healthy, the most unhealthy.
      out.push(
        {
          hop: 'nlb',
          namespace: 'AWS/NetworkELB',
          metric: 'HealthyHostCount',
          dimensions,
          stat: 'Minimum',
          subject: tg.name,
        },
        {
          hop: 'nlb',
          namespace: 'AWS/NetworkELB',
          metric: 'UnHealthyHostCount',
          dimensions,
          stat: 'Maximum',
          subject: tg.name,
        },
      );
    }
  }
  if (input.syncFunctionName)
    for (const metric of ['Errors', 'Invocations'])
      out.push({
        hop: 'static-ips',
        namespace: 'AWS/Lambda',
        metric,
        dimensions: { FunctionName: input.syncFunctionName },
        stat: 'Sum',
      });
  // The sync's own metric, published per NLB target group with the ALB's DNS name (src/lib/sync/metrics.ts).
  if (input.alb?.dnsName)
    for (const tg of input.nlbTargetGroups)
      out.push({
        hop: 'static-ips',
        namespace: 'Rails/StaticIpSync',
        metric: 'FailureCount',
        dimensions: { LoadBalancerName: input.alb.dnsName, TargetGroup: tg.name },
        stat: 'Sum',
        subject: tg.name,
      });
  if (albDim) {
    for (const metric of ALB_METRICS)
      out.push({
        hop: 'alb',
        namespace: 'AWS/ApplicationELB',
        metric,
        dimensions: { LoadBalancer: albDim },
        stat: 'Sum',
      });
    for (const tg of input.albTargetGroups) {
      const hop = targetGroupHop(tg.arn);
      const dimensions = { TargetGroup: targetGroupDimension(tg.arn), LoadBalancer: albDim };
      const q = (metric: string, stat: string): Draft => ({
        hop,
        namespace: 'AWS/ApplicationELB',
        metric,
        dimensions,
        stat,
        subject: tg.name,
      });
      out.push(
        ...TARGET_GROUP_COUNTS.map((m) => q(m, 'Sum')),
        q('TargetResponseTime', 'p50'),
        q('TargetResponseTime', 'p99'),
      );
    }
  }
  return out;
}

/** CPU and memory of each ECS service (`AWS/ECS`, ClusterName + ServiceName). */
export function serviceQueries(services: { cluster: string; name: string }[]): Draft[] {
  return services.flatMap(({ cluster, name }) =>
    ['CPUUtilization', 'MemoryUtilization'].map((metric) => ({
      hop: ecsServiceHop(cluster, name),
      namespace: 'AWS/ECS',
      metric,
      dimensions: { ClusterName: cluster, ServiceName: name },
      stat: 'Average',
      subject: name,
    })),
  );
}

/** Gives each query its GetMetricData id (`<prefix><n>`: a lower-case letter first, unique in the batch). */
export function withIds(drafts: Draft[], prefix = 'q'): SignalQuery[] {
  return drafts.map((d, i) => ({ id: `${prefix}${i}`, ...d }));
}
