/**
 * The metrics of a pass, in rails's own namespace (`Rails/StaticIpSync`; `AWS/` is reserved for AWS):
 * per ALB and NLB target group, the ALB's IP count (the original's LoadBalancerIPCount) and the
 * targets registered, deregistered, pending, and the failures of the pass.
 */
import type { MetricDatum } from '@aws-sdk/client-cloudwatch';
import type { PassReport } from './report.js';

export function passMetrics(report: PassReport): MetricDatum[] {
  const at = new Date(report.at);
  const data: MetricDatum[] = [];
  for (const tg of report.targetGroups) {
    const Dimensions = [
      { Name: 'LoadBalancerName', Value: report.alb.dnsName },
      { Name: 'TargetGroup', Value: tg.name },
    ];
    const datum = (MetricName: string, Value: number): MetricDatum => ({
      MetricName,
      Dimensions,
      Value,
      Unit: 'Count',
      Timestamp: at,
    });
    data.push(
      datum('LoadBalancerIPCount', report.ips.length),
      datum('RegisteredCount', tg.registered.length),
      datum('DeregisteredCount', tg.deregistered.length),
      datum('PendingCount', tg.pending.length),
      datum('FailureCount', tg.errors.length),
    );
  }
  return data;
}
