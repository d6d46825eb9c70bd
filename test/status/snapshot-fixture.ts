/** A small healthy rail as a snapshot (no AWS), for the pure status and trace tests. */
import type { Service, Task } from '@aws-sdk/client-ecs';
import type { TargetHealthDescription } from '@aws-sdk/client-elastic-load-balancing-v2';
import type { RailSnapshot } from '../../src/lib/observe/snapshot.js';

export const NLB = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/net/t-nlb/1';
export const ALB = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/t-alb/2';
export const NLB_TG = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/t-nlb-80/3';
export const BLUE = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web-blue/4';
export const GREEN = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web-green/5';
export const CLUSTER = 'arn:aws:ecs:us-east-1:123456789012:cluster/default';

export const target = (
  id: string,
  port: number,
  State: string,
  Reason?: string,
): TargetHealthDescription => ({
  Target: { Id: id, Port: port },
  TargetHealth: { State: State as any, ...(Reason ? { Reason: Reason as any } : {}) },
});

export const task = (id: string, ip: string, extra: Partial<Task> = {}): Task => ({
  taskArn: `arn:aws:ecs:us-east-1:123456789012:task/default/${id}`,
  clusterArn: CLUSTER,
  group: 'service:web',
  lastStatus: 'RUNNING',
  desiredStatus: 'RUNNING',
  attachments: [{ type: 'ElasticNetworkInterface', details: [{ name: 'privateIPv4Address', value: ip }] }],
  ...extra,
});

/** A healthy rail: NLB -> ALB (2 IPs, both registered) -> web (blue weight 100 with 2 healthy tasks, green 0). */
export function healthy(): RailSnapshot {
  const service: Service = {
    serviceName: 'web',
    clusterArn: CLUSTER,
    status: 'ACTIVE',
    desiredCount: 2,
    runningCount: 2,
    pendingCount: 0,
    loadBalancers: [
      { targetGroupArn: BLUE, containerName: 'app', containerPort: 8080 },
      { targetGroupArn: GREEN, containerName: 'app', containerPort: 8080 },
    ],
    deployments: [
      { id: 'd1', status: 'PRIMARY', rolloutState: 'COMPLETED', desiredCount: 2, runningCount: 2 },
    ],
    events: [
      { createdAt: new Date('2026-01-01T00:00:00Z'), message: '(service web) has reached a steady state.' },
    ],
  };
  return {
    selector: {
      stage: 't',
      nlbName: 't-nlb',
      albName: 't-alb',
      discoveredBy: 'names',
      syncIntervalSeconds: 60,
      missesBeforeDeregister: 3,
    },
    readAt: Date.parse('2026-01-01T00:10:00Z'),
    nlb: {
      LoadBalancerArn: NLB,
      LoadBalancerName: 't-nlb',
      State: { Code: 'active' },
      Scheme: 'internal',
      Type: 'network',
    },
    alb: {
      LoadBalancerArn: ALB,
      LoadBalancerName: 't-alb',
      State: { Code: 'active' },
      Scheme: 'internal',
      SecurityGroups: ['sg-alb'],
    },
    nlbListeners: [
      { Port: 80, Protocol: 'TCP', DefaultActions: [{ Type: 'forward', TargetGroupArn: NLB_TG }] },
    ],
    albListeners: [{ ListenerArn: 'l443', Port: 443, Protocol: 'HTTPS' }],
    albRules: {
      l443: [
        {
          RuleArn: 'r10',
          Priority: '10',
          Conditions: [{ Field: 'path-pattern', PathPatternConfig: { Values: ['/web/*'] } }],
          Actions: [
            {
              Type: 'forward',
              ForwardConfig: {
                TargetGroups: [
                  { TargetGroupArn: BLUE, Weight: 100 },
                  { TargetGroupArn: GREEN, Weight: 0 },
                ],
              },
            },
          ],
        },
        {
          RuleArn: 'rd',
          Priority: 'default',
          IsDefault: true,
          Actions: [{ Type: 'fixed-response', FixedResponseConfig: { StatusCode: '404' } }],
        },
      ],
    },
    targetGroups: {
      [NLB_TG]: { TargetGroupArn: NLB_TG, TargetGroupName: 't-nlb-80', TargetType: 'ip', Port: 80 },
      [BLUE]: {
        TargetGroupArn: BLUE,
        TargetGroupName: 'web-blue',
        TargetType: 'ip',
        Port: 8080,
        HealthCheckPath: '/health',
        Matcher: { HttpCode: '200-299' },
      },
      [GREEN]: { TargetGroupArn: GREEN, TargetGroupName: 'web-green', TargetType: 'ip', Port: 8080 },
    },
    targetHealth: {
      [NLB_TG]: [target('10.0.1.5', 80, 'healthy'), target('10.0.2.5', 80, 'healthy')],
      [BLUE]: [target('10.0.1.9', 8080, 'healthy'), target('10.0.2.9', 8080, 'healthy')],
      [GREEN]: [],
    },
    tags: {},
    albInterfaces: [{ PrivateIpAddress: '10.0.1.5' }, { PrivateIpAddress: '10.0.2.5' }],
    services: [service],
    tasks: [task('a', '10.0.1.9'), task('b', '10.0.2.9')],
    sync: { lastSuccessAt: '2026-01-01T00:09:30Z', targetGroups: {} },
    readErrors: [],
  };
}
