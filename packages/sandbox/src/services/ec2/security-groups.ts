/**
 * Create/Describe/DeleteSecurityGroup(s). Names are unique per VPC ignoring case and CreateSecurityGroup
 * is not idempotent; new groups get the all-traffic egress rule; a group in use cannot be deleted.
 */
import { AwsError } from '../../core/aws-error.js';
import type { OperationHandler, Sandbox } from '../../core/types.js';
import { findVpc } from './network.js';
import {
  addTags,
  applyFilters,
  checkIdFormat,
  invalidValue,
  list,
  missingParameter,
  paginate,
  parseFilters,
  selectByIds,
  tagSet,
  tagsFromSpecifications,
} from './query-input.js';
import { ipPermissions } from './rule-spec.js';
import { ec2State, type SecurityGroup } from './state.js';

/** Characters EC2 allows in VPC security group names and descriptions. */
const GROUP_TEXT = /^[a-zA-Z0-9 ._\-:/()#,@[\]+=&;{}!$*]*$/;

function checkGroupText(value: unknown, parameter: string): string {
  if (value === undefined || value === '') throw missingParameter(parameter);
  const text = String(value);
  if (text.length > 255) throw invalidValue(text, parameter, 'Length exceeds maximum of 255.');
  if (!GROUP_TEXT.test(text))
    throw invalidValue(
      text,
      parameter,
      'Valid characters are a-z, A-Z, 0-9, spaces, and ._-:/()#,@[]+=&;{}!$*',
    );
  return text;
}

/** A new group with AWS's default rule: all traffic out to 0.0.0.0/0. */
export function newSecurityGroup(
  sb: Sandbox,
  spec: { groupId?: string; groupName: string; description: string; vpcId: string },
): SecurityGroup {
  const group: SecurityGroup = {
    groupId: spec.groupId ?? `sg-${sb.hex(17)}`,
    groupName: spec.groupName,
    description: spec.description,
    vpcId: spec.vpcId,
    ownerId: sb.accountId,
    ingress: [],
    egress: [{ ruleId: `sgr-${sb.hex(17)}`, ipProtocol: '-1', cidrIpv4: '0.0.0.0/0' }],
    tags: {},
  };
  ec2State(sb).securityGroups.push(group);
  return group;
}

/** A VPC's `default` group: every VPC has one, admitting traffic from its own members. */
export function newDefaultSecurityGroup(sb: Sandbox, vpcId: string, groupId?: string): SecurityGroup {
  const group = newSecurityGroup(sb, {
    groupId,
    groupName: 'default',
    description: 'default VPC security group',
    vpcId,
  });
  group.ingress.push({ ruleId: `sgr-${sb.hex(17)}`, ipProtocol: '-1', referencedGroupId: group.groupId });
  return group;
}

function defaultVpcId(sb: Sandbox): string {
  const vpc = ec2State(sb).vpcs.find((v) => v.isDefault);
  if (!vpc) throw new AwsError('VPCIdNotSpecified', 'No default VPC for this user');
  return vpc.vpcId;
}

/** The group a call names by `GroupId`, or by `GroupName` in the default VPC. */
export function groupForRequest(sb: Sandbox, input: any): SecurityGroup {
  const groups = ec2State(sb).securityGroups;
  if (input.GroupId !== undefined) {
    const id = String(input.GroupId);
    checkIdFormat(id, 'sg', 'InvalidGroupId.Malformed');
    const group = groups.find((g) => g.groupId === id);
    if (!group) throw new AwsError('InvalidGroup.NotFound', `The security group '${id}' does not exist`);
    return group;
  }
  if (input.GroupName === undefined) throw missingParameter('groupId');
  const name = String(input.GroupName);
  // Names alone address the default VPC; without one, EC2 reports the VPC as 'none'.
  const vpcId = ec2State(sb).vpcs.find((v) => v.isDefault)?.vpcId ?? 'none';
  const group = groups.find((g) => g.vpcId === vpcId && g.groupName === name);
  if (!group)
    throw new AwsError(
      'InvalidGroup.NotFound',
      `The security group '${name}' does not exist in default VPC '${vpcId}'`,
    );
  return group;
}

const createSecurityGroup: OperationHandler = (input, { sb }) => {
  const groupName = checkGroupText(input.GroupName, 'GroupName');
  const description = checkGroupText(input.GroupDescription ?? input.Description, 'GroupDescription');
  if (groupName.toLowerCase().startsWith('sg-'))
    throw new AwsError('InvalidParameterValue', 'Group names may not be in the format sg-*.');
  const vpcId = input.VpcId === undefined ? defaultVpcId(sb) : String(input.VpcId);
  if (!findVpc(sb, vpcId))
    throw new AwsError('InvalidVpcID.NotFound', `The vpc ID '${vpcId}' does not exist`);
  const tags = tagsFromSpecifications(input, 'security-group');
  const taken = ec2State(sb).securityGroups.some(
    (g) => g.vpcId === vpcId && g.groupName.toLowerCase() === groupName.toLowerCase(),
  );
  if (taken)
    throw new AwsError(
      'InvalidGroup.Duplicate',
      `The security group '${groupName}' already exists for VPC '${vpcId}'`,
    );
  const group = newSecurityGroup(sb, { groupName, description, vpcId });
  addTags(group.tags, tags);
  sb.markDirty();
  return { groupId: group.groupId, tagSet: tagSet(group.tags), securityGroupArn: groupArn(sb, group) };
};

function groupArn(sb: Sandbox, group: SecurityGroup): string {
  return `arn:aws:ec2:${sb.region}:${sb.accountId}:security-group/${group.groupId}`;
}

const describeSecurityGroups: OperationHandler = (input, { sb }) => {
  const filters = parseFilters(input, [
    'group-id',
    'group-name',
    'vpc-id',
    'description',
    'owner-id',
    'ip-permission.cidr',
    'ip-permission.group-id',
    'ip-permission.protocol',
    'ip-permission.from-port',
    'ip-permission.to-port',
    'egress.ip-permission.cidr',
    'egress.ip-permission.group-id',
  ]);
  let groups = selectByIds(ec2State(sb).securityGroups, list<string>(input.GroupId), (g) => g.groupId, {
    prefix: 'sg',
    malformed: 'InvalidGroupId.Malformed',
    notFound: 'InvalidGroup.NotFound',
    noun: 'security group',
  });
  const names = list<string>(input.GroupName).map(String);
  if (names.length) {
    const vpcId = ec2State(sb).vpcs.find((v) => v.isDefault)?.vpcId ?? 'none';
    for (const name of names)
      if (!groups.some((g) => g.vpcId === vpcId && g.groupName === name))
        throw new AwsError(
          'InvalidGroup.NotFound',
          `The security group '${name}' does not exist in default VPC '${vpcId}'`,
        );
    groups = groups.filter((g) => g.vpcId === vpcId && names.includes(g.groupName));
  }
  const matched = applyFilters(groups, filters, (g, name) => {
    switch (name) {
      case 'group-id':
        return g.groupId;
      case 'group-name':
        return g.groupName;
      case 'vpc-id':
        return g.vpcId;
      case 'description':
        return g.description;
      case 'owner-id':
        return g.ownerId;
      case 'ip-permission.cidr':
        return g.ingress.map((r) => r.cidrIpv4);
      case 'ip-permission.group-id':
        return g.ingress.map((r) => r.referencedGroupId);
      case 'ip-permission.protocol':
        return g.ingress.map((r) => r.ipProtocol);
      case 'ip-permission.from-port':
        return g.ingress.map((r) => r.fromPort);
      case 'ip-permission.to-port':
        return g.ingress.map((r) => r.toPort);
      case 'egress.ip-permission.cidr':
        return g.egress.map((r) => r.cidrIpv4);
      case 'egress.ip-permission.group-id':
        return g.egress.map((r) => r.referencedGroupId);
    }
  });
  const { page, nextToken } = paginate(matched, input, sb);
  return {
    securityGroupInfo: page.map((g) => ({
      groupId: g.groupId,
      groupName: g.groupName,
      groupDescription: g.description,
      vpcId: g.vpcId,
      ownerId: g.ownerId,
      securityGroupArn: groupArn(sb, g),
      ipPermissions: ipPermissions(sb, g.ingress),
      ipPermissionsEgress: ipPermissions(sb, g.egress),
      tagSet: tagSet(g.tags),
    })),
    nextToken,
  };
};

const deleteSecurityGroup: OperationHandler = (input, { sb }) => {
  const group = groupForRequest(sb, input);
  if (group.groupName === 'default')
    throw new AwsError(
      'CannotDelete',
      `the specified group: "${group.groupId}" name: "default" cannot be deleted by a user`,
    );
  const inUse =
    ec2State(sb).networkInterfaces.some((e) => e.groupIds.includes(group.groupId)) ||
    ec2State(sb).securityGroups.some(
      (g) =>
        g.groupId !== group.groupId &&
        [...g.ingress, ...g.egress].some((r) => r.referencedGroupId === group.groupId),
    );
  if (inUse) throw new AwsError('DependencyViolation', `resource ${group.groupId} has a dependent object`);
  ec2State(sb).securityGroups = ec2State(sb).securityGroups.filter((g) => g !== group);
  sb.markDirty();
  return { return: true, groupId: group.groupId };
};

export const securityGroupOperations: Record<string, OperationHandler> = {
  CreateSecurityGroup: createSecurityGroup,
  DescribeSecurityGroups: describeSecurityGroups,
  DeleteSecurityGroup: deleteSecurityGroup,
};
