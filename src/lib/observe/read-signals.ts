/**
 * The signals read of `status`: one GetMetricData batch (500 queries a call, docs/aws-behaviour.md §12)
 * for the whole rail, started as soon as the load balancer and target group ARNs are known — alongside
 * the rules and target-health reads, never after them. With rail.yaml the ECS clusters are known, the
 * services are found as soon as the ARNs (two round trips each), and their CPU/memory queries ride in
 * the same batch. Found by listing every cluster (--nlb/--alb) they are known one round later; the
 * batch waits for them rather than splitting in two, so a rail costs one call however it is named.
 */
import type { Service } from '@aws-sdk/client-ecs';
import type { LoadBalancer, TargetGroup } from '@aws-sdk/client-elastic-load-balancing-v2';
import type { AwsClients } from '../aws/clients.js';
import { getMetricData } from '../aws/cloudwatch.js';
import { errorCode } from '../aws/errors.js';
import { serviceNow } from '../aws/server-clock.js';
import { railNames } from '../common/names.js';
import { type ApiRef, apiQueries } from '../signals/api.js';
import { PERIOD_SECONDS, type SignalQuery, type SignalsRead } from '../signals/model.js';
import { type Draft, loadBalancerQueries, serviceQueries, withIds } from '../signals/plan.js';
import type { RailSelector, RailSnapshot } from './snapshot.js';

export interface FoundLoadBalancers {
  nlb?: LoadBalancer;
  alb?: LoadBalancer;
  nlbGroups: TargetGroup[];
  albGroups: TargetGroup[];
}

/** The ECS services the rail's signals cover: those feeding the ALB's groups, or named by rail.yaml. */
function railServices(services: Service[], albGroups: TargetGroup[], sel: RailSelector) {
  const arns = new Set(albGroups.map((g) => g.TargetGroupArn));
  const expected = new Set((sel.expectedServices ?? []).flatMap((s) => s.ecsNames));
  return services
    .filter(
      (s) =>
        s.status !== 'INACTIVE' &&
        ((s.loadBalancers ?? []).some((b) => arns.has(b.targetGroupArn)) || expected.has(s.serviceName!)),
    )
    .map((s) => ({ cluster: (s.clusterArn ?? '').split('/').pop() ?? '', name: s.serviceName ?? '' }));
}

/** Reads the signals; undefined with --no-signals. A failing read is a readError and an empty answer. */
export async function readSignals(
  aws: AwsClients,
  sel: RailSelector,
  found: FoundLoadBalancers,
  ecsServices: Promise<Service[]>,
  errors: RailSnapshot['readErrors'],
  /** The API stage whose metrics to read, known after the API's first round (second without a stage): no wait added. */
  api: Promise<ApiRef | undefined> = Promise.resolve(undefined),
): Promise<SignalsRead | undefined> {
  if (!sel.signals) return undefined;
  // Whole minutes of AWS's clock: the minute under way has no datapoint yet.
  const minute = PERIOD_SECONDS * 1000;
  const end = Math.floor(serviceNow(await aws.elbv2()) / minute) * minute;
  const window = { start: end - sel.signals.sinceMs, end };
  const lbDrafts = loadBalancerQueries({
    ...(found.nlb?.LoadBalancerArn ? { nlb: { arn: found.nlb.LoadBalancerArn } } : {}),
    ...(found.alb?.LoadBalancerArn
      ? { alb: { arn: found.alb.LoadBalancerArn, dnsName: found.alb.DNSName } }
      : {}),
    nlbTargetGroups: found.nlbGroups.map((g) => ({ arn: g.TargetGroupArn!, name: g.TargetGroupName! })),
    albTargetGroups: found.albGroups.map((g) => ({ arn: g.TargetGroupArn!, name: g.TargetGroupName! })),
    ...(sel.stage ? { syncFunctionName: railNames.syncFunction(sel.stage) } : {}),
  });
  const read: SignalsRead = { window, queries: [], results: {}, calls: 0 };
  const fetch = async (queries: SignalQuery[]) => {
    read.queries.push(...queries);
    try {
      const answer = await getMetricData(
        aws,
        queries.map((q) => ({
          Id: q.id,
          MetricStat: {
            Metric: {
              Namespace: q.namespace,
              MetricName: q.metric,
              Dimensions: Object.entries(q.dimensions).map(([Name, Value]) => ({ Name, Value })),
            },
            Period: PERIOD_SECONDS,
            Stat: q.stat,
          },
        })),
        new Date(window.start),
        new Date(window.end),
      );
      read.calls += answer.calls;
      for (const [id, data] of answer.results) read.results[id] = data;
    } catch (err) {
      const message = `${errorCode(err)}: ${(err as Error)?.message ?? String(err)}`;
      read.error ??= message;
      errors.push({ what: 'CloudWatch GetMetricData (signals)', message });
    }
  };
  const services = async () =>
    serviceQueries(railServices(await ecsServices.catch(() => []), found.albGroups, sel));
  const apiRef = await api.catch(() => undefined);
  const apiDrafts: Draft[] = apiRef ? apiQueries(apiRef) : [];
  // One batch for everything: CloudWatch bills and throttles by call, and a rail's queries fit in one.
  await fetch(withIds([...lbDrafts, ...apiDrafts, ...(await services())]));
  return read;
}
