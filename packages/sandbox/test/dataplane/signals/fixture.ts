/**
 * A rail laid through the real SDK (internal ALB → ip target group → ECS Fargate service whose
 * container logs with awslogs, and an NLB with a TLS listener), and hand-built RequestOutcomes that
 * carry its real ARNs, dimensions, node IPs and task: what the routing part would hand the signals.
 */
import { CreateLogGroupCommand } from '@aws-sdk/client-cloudwatch-logs';
import { ListTasksCommand } from '@aws-sdk/client-ecs';
import { CreateListenerCommand, CreateTargetGroupCommand } from '@aws-sdk/client-elastic-load-balancing-v2';
import { SEED_CERTIFICATE_ARN } from '../../../src/core/seed-ids.js';
import type { RequestOutcome } from '../../../src/dataplane/types.js';
import { ecsState } from '../../../src/services/ecs/state.js';
import { elbv2State } from '../../../src/services/elbv2/state.js';
import {
  albTargetGroup,
  createService,
  registerTaskDefinition,
  serviceInput,
  uniqueName,
  VPC,
  waitFor,
  waitSteady,
} from '../../ecs/fixture.js';
import { createNlb } from '../../elbv2/fixture.js';
import type { TestSandbox } from '../../helpers/sandbox.js';

export interface Rail {
  lbArn: string;
  /** `app/<name>/<id>`. */
  lbDim: string;
  tgArn: string;
  tgDim: string;
  node: { ip: string; az: string };
  task: { taskArn: string; taskId: string; ip: string; cluster: string; service: string };
  group: string;
  prefix: string;
  nlb: { arn: string; dim: string; listenerArn: string; node: { ip: string; az: string } };
}

const tail = (arn: string, marker: string) => arn.slice(arn.indexOf(marker) + 1);

/** Lays the rail and waits for the service's task to run. */
export async function layRail(t: TestSandbox): Promise<Rail> {
  const { elbv2: elb, ecs, logs } = t.sdk;
  const { lbArn, tgArn } = await albTargetGroup(elb);
  const group = `/ecs/${uniqueName('web')}`;
  await logs.send(new CreateLogGroupCommand({ logGroupName: group }));
  const taskDefinition = await registerTaskDefinition(ecs, {
    executionRoleArn: 'arn:aws:iam::123456789012:role/ecsTaskExecutionRole',
    containerDefinitions: [
      {
        name: 'web',
        image: 'nginx:1',
        portMappings: [{ containerPort: 8080 }],
        logConfiguration: {
          logDriver: 'awslogs',
          options: { 'awslogs-group': group, 'awslogs-region': 'us-east-1', 'awslogs-stream-prefix': 'app' },
        },
      },
    ],
  });
  const input = serviceInput(taskDefinition, {
    loadBalancers: [{ targetGroupArn: tgArn, containerName: 'web', containerPort: 8080 }],
  });
  await createService(ecs, input);
  await waitSteady(ecs, input.serviceName!);
  const taskArn = await waitFor('a task', async () => {
    const out = await ecs.send(new ListTasksCommand({ serviceName: input.serviceName }));
    return out.taskArns?.[0];
  });
  const task = ecsState(t.sandbox).tasks.find((x) => x.taskArn === taskArn)!;
  const lb = elbv2State(t.sandbox).loadBalancers.find((l) => l.arn === lbArn)!;

  const nlb = await createNlb(elb);
  const nlbTg = await elb.send(
    new CreateTargetGroupCommand({
      Name: uniqueName('tls'),
      Protocol: 'TCP',
      Port: 443,
      VpcId: VPC,
      TargetType: 'ip',
    }),
  );
  const listener = await elb.send(
    new CreateListenerCommand({
      LoadBalancerArn: nlb.LoadBalancerArn!,
      Protocol: 'TLS',
      Port: 443,
      Certificates: [{ CertificateArn: SEED_CERTIFICATE_ARN }],
      DefaultActions: [{ Type: 'forward', TargetGroupArn: nlbTg.TargetGroups![0]!.TargetGroupArn! }],
    }),
  );
  const nlbNode = elbv2State(t.sandbox).loadBalancers.find((l) => l.arn === nlb.LoadBalancerArn)!.nodes[0]!;
  return {
    lbArn,
    lbDim: tail(lbArn, ':loadbalancer/').replace('loadbalancer/', ''),
    tgArn,
    tgDim: tail(tgArn, ':targetgroup/'),
    node: { ip: lb.nodes[0]!.ip, az: lb.nodes[0]!.availabilityZone },
    task: {
      taskArn,
      taskId: task.taskId,
      ip: task.ip,
      cluster: 'default',
      service: input.serviceName!,
    },
    group,
    prefix: 'app',
    nlb: {
      arn: nlb.LoadBalancerArn!,
      dim: tail(nlb.LoadBalancerArn!, ':loadbalancer/').replace('loadbalancer/', ''),
      listenerArn: listener.Listeners![0]!.ListenerArn!,
      node: { ip: nlbNode.ip, az: nlbNode.availabilityZone },
    },
  };
}

export interface Hit {
  /** What the target answered; unset: the ALB answered `elbStatus` itself. */
  status?: number;
  elbStatus?: number;
  /** ms the target took. */
  ms?: number;
  path?: string;
  query?: string;
  action?: 'forward' | 'fixed-response' | 'redirect';
  errorReason?: string;
  userAgent?: string;
}

let port = 40000;

/** A request through the rail's ALB at `at`, as the routing part would describe it. */
export function albOutcome(rail: Rail, at: number, hit: Hit): RequestOutcome {
  const action = hit.action ?? 'forward';
  const forwarded = action === 'forward';
  const answered = hit.status !== undefined;
  const ms = hit.ms ?? 12;
  const elbStatus = hit.status ?? hit.elbStatus ?? 503;
  port++;
  return {
    request: {
      at,
      method: 'GET',
      scheme: 'http',
      host: 'api.abq.com',
      port: 80,
      path: hit.path ?? '/orders',
      query: hit.query ?? '',
      headers: { 'user-agent': hit.userAgent ?? 'curl/8.4.0' },
      clientIp: '10.0.9.9',
      clientPort: port,
      receivedBytes: 120,
    },
    entry: 'alb',
    alb: {
      loadBalancerArn: rail.lbArn,
      dimension: rail.lbDim,
      nodeIp: rail.node.ip,
      availabilityZone: rail.node.az,
      clientIp: '10.0.9.9',
      clientPort: port,
      listenerPort: 80,
      listenerProtocol: 'HTTP',
      matchedRulePriority: 0,
      actionsExecuted: [action],
      ...(action === 'redirect' ? { redirectUrl: 'https://api.abq.com:443/orders' } : {}),
      ...(forwarded ? { targetGroupArn: rail.tgArn, targetGroupDimension: rail.tgDim } : {}),
      ...(forwarded && answered
        ? {
            target: {
              ip: rail.task.ip,
              port: 8080,
              taskArn: rail.task.taskArn,
              taskId: rail.task.taskId,
              clusterName: rail.task.cluster,
              serviceName: rail.task.service,
            },
          }
        : {}),
      failOpen: false,
      elbStatus,
      ...(answered ? { targetStatus: hit.status } : {}),
      ...(hit.errorReason ? { errorReason: hit.errorReason } : {}),
      requestProcessingMs: forwarded ? 1 : 0,
      targetProcessingMs: answered ? ms : -1,
      responseProcessingMs: answered ? 0 : -1,
      sentBytes: 300,
      traceId: `Root=1-${Math.floor(at / 1000).toString(16)}-${'ab12'.repeat(6)}`,
      targetConnectionError: false,
    },
    client: { kind: 'response', status: elbStatus },
    totalMs: (forwarded ? 1 : 0) + (answered ? ms : 0),
  };
}

/** A TLS connection through the rail's NLB at `at`. */
export function nlbOutcome(
  rail: Rail,
  at: number,
  outcome: 'forwarded' | 'elb-reset' = 'forwarded',
): RequestOutcome {
  port++;
  return {
    request: {
      at,
      method: 'GET',
      scheme: 'https',
      host: 'api.abq.com',
      port: 443,
      path: '/',
      query: '',
      headers: { 'user-agent': 'curl/8.4.0' },
      clientIp: '10.0.9.8',
      clientPort: port,
      receivedBytes: 200,
    },
    entry: 'nlb',
    nlb: {
      loadBalancerArn: rail.nlb.arn,
      dimension: rail.nlb.dim,
      nodeIp: rail.nlb.node.ip,
      availabilityZone: rail.nlb.node.az,
      listenerArn: rail.nlb.listenerArn,
      listenerPort: 443,
      listenerProtocol: 'TLS',
      failOpen: false,
      outcome,
      chosenCertArn: SEED_CERTIFICATE_ARN,
      receivedBytes: 200,
      sentBytes: outcome === 'forwarded' ? 500 : 0,
      tlsHandshakeMs: 3,
      connectionMs: 40,
    },
    client: outcome === 'forwarded' ? { kind: 'response', status: 200 } : { kind: 'reset' },
    totalMs: 40,
  };
}
