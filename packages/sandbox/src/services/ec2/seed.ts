/** The seeded network: the VPC and two private subnets of core/seed-ids.ts, plus the VPC's default group. */
import { SANDBOX_REGION, SEED_SUBNETS, SEED_VPC_CIDR, SEED_VPC_ID } from '../../core/seed-ids.js';
import type { Sandbox } from '../../core/types.js';
import { newDefaultSecurityGroup } from './security-groups.js';
import { ec2State } from './state.js';

/** Every VPC has a `default` security group; the seeded one has a fixed id. */
export const SEED_DEFAULT_SECURITY_GROUP_ID = 'sg-0c0ffee0000000d01';

export function seedNetwork(sb: Sandbox): void {
  const ec2 = ec2State(sb);
  if (ec2.vpcs.some((v) => v.vpcId === SEED_VPC_ID)) return;
  ec2.vpcs.push({
    vpcId: SEED_VPC_ID,
    cidrBlock: SEED_VPC_CIDR,
    isDefault: false,
    region: SANDBOX_REGION,
    tags: { Name: 'rails-sandbox' },
  });
  for (const subnet of SEED_SUBNETS) {
    ec2.subnets.push({
      ...subnet,
      vpcId: SEED_VPC_ID,
      region: SANDBOX_REGION,
      tags: { Name: `rails-sandbox-private-${subnet.availabilityZone.slice(-1)}` },
      nextHost: 4,
      freeHosts: [],
    });
  }
  newDefaultSecurityGroup(sb, SEED_VPC_ID, SEED_DEFAULT_SECURITY_GROUP_ID);
  sb.markDirty();
}
