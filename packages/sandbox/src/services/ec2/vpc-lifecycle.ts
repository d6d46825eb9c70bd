/**
 * CreateVpc / CreateSubnet / DeleteSubnet / DeleteVpc, so networks other than the seeded one can be
 * modelled. Block sizes /16–/28, subnets inside their VPC and not overlapping, deletes refused while
 * something still lives in the network — with EC2's codes.
 */
import { AwsError } from '../../core/aws-error.js';
import type { OperationHandler, Sandbox } from '../../core/types.js';
import { cidrRange } from './network.js';
import { addTags, checkIdFormat, missingParameter, tagsFromSpecifications } from './query-input.js';
import { canonicalCidr } from './rule-spec.js';
import { newDefaultSecurityGroup } from './security-groups.js';
import { ec2State, type Subnet, type Vpc } from './state.js';
import { subnetOutput, vpcOutput } from './vpcs.js';

/** The zones of the sandbox region, with their zone ids (the seeded subnets use a and b). */
const ZONES = ['a', 'b', 'c', 'd', 'e', 'f'].map((letter, i) => ({
  availabilityZone: `us-east-1${letter}`,
  availabilityZoneId: `use1-az${i + 1}`,
}));

function blockSize(cidr: string, code: string): string {
  let canonical: string;
  try {
    canonical = canonicalCidr(cidr);
  } catch {
    throw new AwsError(code, `The CIDR '${cidr}' is invalid.`);
  }
  const bits = Number(canonical.split('/')[1]);
  if (bits < 16 || bits > 28 || canonical !== cidr)
    throw new AwsError(code, `The CIDR '${cidr}' is invalid.`);
  return canonical;
}

function overlaps(a: string, b: string): boolean {
  const [a0, a1] = cidrRange(a);
  const [b0, b1] = cidrRange(b);
  return a0 <= b1 && b0 <= a1;
}

const createVpc: OperationHandler = (input, { sb }) => {
  if (input.CidrBlock === undefined) throw missingParameter('cidrBlock');
  const cidrBlock = blockSize(String(input.CidrBlock), 'InvalidVpc.Range');
  const tags = tagsFromSpecifications(input, 'vpc');
  const vpc: Vpc = { vpcId: `vpc-${sb.hex(17)}`, cidrBlock, isDefault: false, region: sb.region, tags: {} };
  addTags(vpc.tags, tags);
  ec2State(sb).vpcs.push(vpc);
  newDefaultSecurityGroup(sb, vpc.vpcId);
  sb.markDirty();
  return { vpc: { ...vpcOutput(sb, vpc), state: 'pending' } };
};

function zoneFor(input: any, sb: Sandbox, vpcId: string): (typeof ZONES)[number] {
  if (input.AvailabilityZone !== undefined || input.AvailabilityZoneId !== undefined) {
    const zone = ZONES.find(
      (z) =>
        z.availabilityZone === input.AvailabilityZone || z.availabilityZoneId === input.AvailabilityZoneId,
    );
    if (!zone)
      throw new AwsError(
        'InvalidParameterValue',
        `Value (${input.AvailabilityZone ?? input.AvailabilityZoneId}) for parameter availabilityZone is invalid. ` +
          `Subnets can currently only be created in the following availability zones: ${ZONES.map((z) => z.availabilityZone).join(', ')}.`,
      );
    return zone;
  }
  // EC2 picks a zone when none is given; spread subnets of one VPC across zones.
  const used = ec2State(sb).subnets.filter((s) => s.vpcId === vpcId).length;
  return ZONES[used % ZONES.length]!;
}

const createSubnet: OperationHandler = (input, { sb }) => {
  if (input.VpcId === undefined) throw missingParameter('vpcId');
  if (input.CidrBlock === undefined) throw missingParameter('cidrBlock');
  const vpcId = String(input.VpcId);
  checkIdFormat(vpcId, 'vpc', 'InvalidVpcID.Malformed');
  const vpc = ec2State(sb).vpcs.find((v) => v.vpcId === vpcId);
  if (!vpc) throw new AwsError('InvalidVpcID.NotFound', `The vpc ID '${vpcId}' does not exist`);
  const cidrBlock = blockSize(String(input.CidrBlock), 'InvalidSubnet.Range');
  const [start, end] = cidrRange(cidrBlock);
  const [vStart, vEnd] = cidrRange(vpc.cidrBlock);
  if (start < vStart || end > vEnd)
    throw new AwsError('InvalidSubnet.Range', `The CIDR '${cidrBlock}' is invalid.`);
  if (ec2State(sb).subnets.some((s) => s.vpcId === vpcId && overlaps(s.cidrBlock, cidrBlock)))
    throw new AwsError('InvalidSubnet.Conflict', `The CIDR '${cidrBlock}' conflicts with another subnet`);
  const tags = tagsFromSpecifications(input, 'subnet');
  const subnet: Subnet = {
    subnetId: `subnet-${sb.hex(17)}`,
    vpcId,
    cidrBlock,
    ...zoneFor(input, sb, vpcId),
    region: sb.region,
    tags: {},
    nextHost: 4,
    freeHosts: [],
  };
  addTags(subnet.tags, tags);
  ec2State(sb).subnets.push(subnet);
  sb.markDirty();
  return { subnet: subnetOutput(sb, subnet) };
};

const deleteSubnet: OperationHandler = (input, { sb }) => {
  if (input.SubnetId === undefined) throw missingParameter('subnetId');
  const id = String(input.SubnetId);
  checkIdFormat(id, 'subnet', 'InvalidSubnetID.Malformed');
  if (!ec2State(sb).subnets.some((s) => s.subnetId === id))
    throw new AwsError('InvalidSubnetID.NotFound', `The subnet ID '${id}' does not exist`);
  if (ec2State(sb).networkInterfaces.some((e) => e.subnetId === id))
    throw new AwsError('DependencyViolation', `The subnet '${id}' has dependencies and cannot be deleted.`);
  ec2State(sb).subnets = ec2State(sb).subnets.filter((s) => s.subnetId !== id);
  sb.markDirty();
  return { return: true };
};

const deleteVpc: OperationHandler = (input, { sb }) => {
  if (input.VpcId === undefined) throw missingParameter('vpcId');
  const id = String(input.VpcId);
  checkIdFormat(id, 'vpc', 'InvalidVpcID.Malformed');
  if (!ec2State(sb).vpcs.some((v) => v.vpcId === id))
    throw new AwsError('InvalidVpcID.NotFound', `The vpc ID '${id}' does not exist`);
  const inUse =
    ec2State(sb).subnets.some((s) => s.vpcId === id) ||
    ec2State(sb).securityGroups.some((g) => g.vpcId === id && g.groupName !== 'default');
  if (inUse)
    throw new AwsError('DependencyViolation', `The vpc '${id}' has dependencies and cannot be deleted.`);
  ec2State(sb).vpcs = ec2State(sb).vpcs.filter((v) => v.vpcId !== id);
  ec2State(sb).securityGroups = ec2State(sb).securityGroups.filter((g) => g.vpcId !== id);
  sb.markDirty();
  return { return: true };
};

export const vpcLifecycleOperations: Record<string, OperationHandler> = {
  CreateVpc: createVpc,
  CreateSubnet: createSubnet,
  DeleteSubnet: deleteSubnet,
  DeleteVpc: deleteVpc,
};
