/** Shared setup for the ECS suites: a seeded sandbox with short delays, an ALB + ip target group, waits. */
import {
  CreateServiceCommand,
  type CreateServiceCommandInput,
  DescribeServicesCommand,
  type ECSClient,
  RegisterTaskDefinitionCommand,
  type RegisterTaskDefinitionCommandInput,
  type Service,
} from '@aws-sdk/client-ecs';
import type {
  CreateTargetGroupCommandInput,
  ElasticLoadBalancingV2Client,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import type { SandboxSettings } from '../../src/core/types.js';
import {
  createAlb,
  createForwardListener,
  createTg,
  DEFAULT_SG,
  SUBNETS,
  uniqueName,
} from '../elbv2/fixture.js';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';

export { DEFAULT_SG, SUBNETS, uniqueName, VPC } from '../elbv2/fixture.js';

export function startEcsSandbox(settings: Partial<SandboxSettings> = {}): Promise<TestSandbox> {
  return startTestSandbox({
    settings: { provisionMs: 20, healthCheckMs: 60, taskStepMs: 20, ...settings },
    tickIntervalMs: 20,
  });
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls `probe` until it returns a value other than undefined, or fails after `timeoutMs`. */
export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs = 10_000,
): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await sleep(25);
  }
}

/** An internal ALB with an HTTP:80 listener forwarding to a new `ip` target group on 8080. */
export async function albTargetGroup(
  elb: ElasticLoadBalancingV2Client,
  extra: Partial<CreateTargetGroupCommandInput> = {},
): Promise<{ lbArn: string; tgArn: string }> {
  const lbArn = (await createAlb(elb)).LoadBalancerArn!;
  const tgArn = await targetGroup(elb, extra);
  await createForwardListener(elb, lbArn, tgArn);
  return { lbArn, tgArn };
}

/** A target group attached to nothing, checked on /health. */
export async function targetGroup(
  elb: ElasticLoadBalancingV2Client,
  extra: Partial<CreateTargetGroupCommandInput> = {},
): Promise<string> {
  return (await createTg(elb, { HealthCheckPath: '/health', ...extra })).TargetGroupArn!;
}

/** A valid Fargate task definition (container `web` on 8080) with overrides. */
export function fargateTaskDefinition(
  extra: Partial<RegisterTaskDefinitionCommandInput> = {},
): RegisterTaskDefinitionCommandInput {
  return {
    family: uniqueName('td'),
    requiresCompatibilities: ['FARGATE'],
    networkMode: 'awsvpc',
    cpu: '256',
    memory: '512',
    containerDefinitions: [{ name: 'web', image: 'nginx:1', portMappings: [{ containerPort: 8080 }] }],
    ...extra,
  };
}

export async function registerTaskDefinition(
  ecs: ECSClient,
  extra: Partial<RegisterTaskDefinitionCommandInput> = {},
): Promise<string> {
  const out = await ecs.send(new RegisterTaskDefinitionCommand(fargateTaskDefinition(extra)));
  return out.taskDefinition!.taskDefinitionArn!;
}

/** CreateService input for a Fargate service in the seeded subnets. */
export function serviceInput(
  taskDefinition: string,
  extra: Partial<CreateServiceCommandInput> = {},
): CreateServiceCommandInput {
  return {
    serviceName: uniqueName('svc'),
    taskDefinition,
    desiredCount: 1,
    launchType: 'FARGATE',
    networkConfiguration: { awsvpcConfiguration: { subnets: SUBNETS, securityGroups: [DEFAULT_SG] } },
    ...extra,
  };
}

export async function createService(ecs: ECSClient, input: CreateServiceCommandInput): Promise<Service> {
  return (await ecs.send(new CreateServiceCommand(input))).service!;
}

export async function describeService(ecs: ECSClient, name: string, cluster?: string): Promise<Service> {
  const out = await ecs.send(new DescribeServicesCommand({ cluster, services: [name] }));
  return out.services![0]!;
}

/** Waits for the service's "has reached a steady state." event (newer than `after` events). */
export function waitSteady(ecs: ECSClient, name: string, timeoutMs = 10_000): Promise<Service> {
  return waitFor(
    `${name} to reach a steady state`,
    async () => {
      const s = await describeService(ecs, name);
      const steady = s.events?.[0]?.message?.endsWith('has reached a steady state.');
      return steady && s.deployments?.length === 1 ? s : undefined;
    },
    timeoutMs,
  );
}
