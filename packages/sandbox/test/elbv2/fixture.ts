/** Shared setup for the ELBv2 conformance suite: a seeded sandbox with short real-ms delays. */
import {
  CreateListenerCommand,
  CreateLoadBalancerCommand,
  CreateTargetGroupCommand,
  type CreateTargetGroupCommandInput,
  type ElasticLoadBalancingV2Client,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { SEED_SUBNETS, SEED_VPC_ID } from '../../src/core/seed-ids.js';
import type { SandboxSettings } from '../../src/core/types.js';
import { SEED_DEFAULT_SECURITY_GROUP_ID } from '../../src/services/ec2/seed.js';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';

export const SUBNETS = SEED_SUBNETS.map((s) => s.subnetId);
export const VPC = SEED_VPC_ID;
export const DEFAULT_SG = SEED_DEFAULT_SECURITY_GROUP_ID;

export function startElbSandbox(settings: Partial<SandboxSettings> = {}): Promise<TestSandbox> {
  return startTestSandbox({ settings: { provisionMs: 50, healthCheckMs: 100, ...settings } });
}

let counter = 0;
/** A unique resource name per call, so cases in one file do not collide. */
export function uniqueName(prefix: string): string {
  counter += 1;
  return `${prefix}-${process.pid % 1000}-${counter}`;
}

export async function createAlb(elb: ElasticLoadBalancingV2Client, name = uniqueName('alb')) {
  const out = await elb.send(
    new CreateLoadBalancerCommand({ Name: name, Scheme: 'internal', Type: 'application', Subnets: SUBNETS }),
  );
  return out.LoadBalancers![0]!;
}

export async function createNlb(elb: ElasticLoadBalancingV2Client, name = uniqueName('nlb')) {
  const out = await elb.send(
    new CreateLoadBalancerCommand({ Name: name, Scheme: 'internal', Type: 'network', Subnets: SUBNETS }),
  );
  return out.LoadBalancers![0]!;
}

/** CreateTargetGroup for a fresh HTTP:8080 `ip` group in the seeded VPC, `extra` overriding; the raw call. */
export function sendCreateTg(
  elb: ElasticLoadBalancingV2Client,
  extra: Partial<CreateTargetGroupCommandInput> = {},
) {
  return elb.send(
    new CreateTargetGroupCommand({
      Name: uniqueName('tg'),
      Protocol: 'HTTP',
      Port: 8080,
      VpcId: VPC,
      TargetType: 'ip',
      ...extra,
    }),
  );
}

/** A fresh target group (see sendCreateTg), as described by CreateTargetGroup. */
export async function createTg(
  elb: ElasticLoadBalancingV2Client,
  extra: Partial<CreateTargetGroupCommandInput> = {},
) {
  return (await sendCreateTg(elb, extra)).TargetGroups![0]!;
}

/** An HTTP listener on `port` forwarding to the target group. */
export async function createForwardListener(
  elb: ElasticLoadBalancingV2Client,
  lbArn: string,
  tgArn: string,
  port = 80,
  protocol = 'HTTP',
) {
  const out = await elb.send(
    new CreateListenerCommand({
      LoadBalancerArn: lbArn,
      Protocol: protocol as 'HTTP',
      Port: port,
      DefaultActions: [{ Type: 'forward', TargetGroupArn: tgArn }],
    }),
  );
  return out.Listeners![0]!;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
