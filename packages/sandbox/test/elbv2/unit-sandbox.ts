/**
 * A hand-built Sandbox for calling ELBv2 handlers directly (no HTTP): seeded VPC, two subnets in two
 * AZs, and a security group, as the default sandbox environment has.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { Clock } from '../../src/core/clock.js';
import { SEED_SUBNETS, SEED_VPC_CIDR, SEED_VPC_ID } from '../../src/core/seed-ids.js';
import { emptyState } from '../../src/core/state.js';
import type { RequestContext, Sandbox, SandboxSettings } from '../../src/core/types.js';
import { elbv2Service } from '../../src/services/elbv2/index.js';
import { services } from '../../src/services/index.js';

export const UNIT_SG = 'sg-0c0ffee0000000001';

export function unitSandbox(settings: Partial<SandboxSettings> = {}): Sandbox {
  const state = emptyState(services);
  state.ec2.vpcs.push({
    vpcId: SEED_VPC_ID,
    cidrBlock: SEED_VPC_CIDR,
    isDefault: false,
    region: 'us-east-1',
    tags: {},
  });
  for (const s of SEED_SUBNETS) {
    state.ec2.subnets.push({
      ...s,
      vpcId: SEED_VPC_ID,
      region: 'us-east-1',
      tags: {},
      nextHost: 4,
      freeHosts: [],
    });
  }
  state.ec2.securityGroups.push({
    groupId: UNIT_SG,
    groupName: 'default',
    description: 'default',
    vpcId: SEED_VPC_ID,
    ownerId: '123456789012',
    ingress: [],
    egress: [],
    tags: {},
  });
  const sb: Sandbox = {
    accountId: '123456789012',
    region: 'us-east-1',
    state,
    settings: {
      timeScale: 1,
      provisionMs: 0,
      healthCheckMs: 0,
      taskStepMs: 0,
      rolePropagationMs: 0,
      lambdaUpdateMs: 0,
      vpcLinkProvisionMs: 0,
      ...settings,
    },
    clock: new Clock(1),
    endpoint: 'http://127.0.0.1:0',
    dns: { host: '127.0.0.1', port: 0 },
    tickers: [],
    healthOracles: [],
    hex: (n) =>
      randomBytes(Math.ceil(n / 2))
        .toString('hex')
        .slice(0, n),
    uuid: () => randomUUID(),
    markDirty: () => {},
  };
  elbv2Service.init?.(sb);
  return sb;
}

/** Calls an ELBv2 operation handler as the core would. */
export async function call(
  sb: Sandbox,
  operation: string,
  input: Record<string, unknown> = {},
): Promise<any> {
  const handler = elbv2Service.operations?.[operation];
  if (!handler) throw new Error(`no handler for ${operation}`);
  const ctx: RequestContext = {
    sb,
    service: 'elasticloadbalancing',
    operation,
    region: 'us-east-1',
    accountId: '123456789012',
    requestId: randomUUID(),
    accessKeyId: 'test',
    headers: {},
  };
  return handler(input, ctx);
}

/** Calls and returns the AwsError code it throws (or 'OK'). */
export async function codeOf(
  sb: Sandbox,
  operation: string,
  input: Record<string, unknown> = {},
): Promise<string> {
  try {
    await call(sb, operation, input);
    return 'OK';
  } catch (err) {
    return (err as { code?: string }).code ?? String(err);
  }
}
