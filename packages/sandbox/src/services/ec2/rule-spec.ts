/**
 * Security group rules as EC2 reads and writes them: `IpPermissions.N` parsed into one rule per
 * source (CIDR canonicalised, protocol numbers named), rule identity for duplicates, and the
 * output shapes (grouped `ipPermissions`, flat `securityGroupRuleSet`).
 */
import { AwsError } from '../../core/aws-error.js';
import type { Sandbox } from '../../core/types.js';
import { intToIp, ipToInt } from './network.js';
import { checkIdFormat, invalidValue, list, tagSet } from './query-input.js';
import { ec2State, type SecurityGroup, type SecurityGroupRule } from './state.js';

/** A rule before it has an id. */
export type RuleSpec = Omit<SecurityGroupRule, 'ruleId'>;

const PROTOCOL_NAMES: Record<string, string> = { '6': 'tcp', '17': 'udp', '1': 'icmp', '58': 'icmpv6' };

/** tcp/udp/icmp/icmpv6 by name, -1 for all; other protocol numbers 0–255 stay numbers. */
export function canonicalProtocol(value: unknown): string {
  const raw = String(value ?? '').toLowerCase();
  if (raw === '-1' || raw === 'all') return '-1';
  if (['tcp', 'udp', 'icmp', 'icmpv6'].includes(raw)) return raw;
  if (/^\d+$/.test(raw) && Number(raw) <= 255) return PROTOCOL_NAMES[raw] ?? String(Number(raw));
  throw new AwsError(
    'InvalidParameterValue',
    `Invalid value '${String(value ?? '')}' for IP protocol. Unknown protocol.`,
  );
}

/** `10.0.0.18/16` -> `10.0.0.0/16`, as EC2 stores it; malformed blocks are refused. */
export function canonicalCidr(value: unknown): string {
  const text = String(value ?? '');
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(text);
  if (!m || m.slice(1, 5).some((o) => Number(o) > 255) || Number(m[5]) > 32)
    throw new AwsError('InvalidParameterValue', `CIDR block ${text} is malformed`);
  const bits = Number(m[5]);
  const size = 2 ** (32 - bits);
  const base = Math.floor(ipToInt(m.slice(1, 5).join('.')) / size) * size;
  return `${intToIp(base)}/${bits}`;
}

function port(value: unknown, min: number, max: number, what: string): number {
  const n = Number(value);
  if (value === undefined || !Number.isInteger(n) || n < min || n > max)
    throw new AwsError('InvalidParameterValue', `Invalid value '${String(value)}' for ${what}.`);
  return n;
}

/** Port range of a permission: required for tcp/udp, type/code for ICMP, none for the rest. */
function portRange(protocol: string, from: unknown, to: unknown): { fromPort?: number; toPort?: number } {
  if (protocol === 'tcp' || protocol === 'udp') {
    if (from === undefined || to === undefined)
      throw new AwsError(
        'InvalidParameterValue',
        "Invalid value 'null' for portRange. Must specify both from and to ports with TCP/UDP.",
      );
    const fromPort = port(from, 0, 65535, 'fromPort');
    const toPort = port(to, 0, 65535, 'toPort');
    if (fromPort > toPort)
      throw new AwsError(
        'InvalidParameterValue',
        `Invalid value for portRange. The from port ${fromPort} must not be greater than the to port ${toPort}.`,
      );
    return { fromPort, toPort };
  }
  if (protocol === 'icmp' || protocol === 'icmpv6')
    return { fromPort: port(from ?? -1, -1, 255, 'icmp type'), toPort: port(to ?? -1, -1, 255, 'icmp code') };
  return {};
}

function description(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  const text = String(value);
  if (text.length > 255) throw invalidValue(text, 'Description', 'Length exceeds maximum of 255.');
  return text;
}

/** Finds a referenced group for a rule; it must live in the same VPC. */
function peerGroup(sb: Sandbox, owner: SecurityGroup, pair: any): string {
  const groups = ec2State(sb).securityGroups;
  let peer: SecurityGroup | undefined;
  if (pair?.GroupId !== undefined) {
    checkIdFormat(String(pair.GroupId), 'sg', 'InvalidGroupId.Malformed');
    peer = groups.find((g) => g.groupId === pair.GroupId);
  } else if (pair?.GroupName !== undefined)
    peer = groups.find(
      (g) => g.vpcId === owner.vpcId && g.groupName.toLowerCase() === String(pair.GroupName).toLowerCase(),
    );
  else throw new AwsError('MissingParameter', 'The request must contain the parameter groupId');
  if (!peer)
    throw new AwsError(
      'InvalidGroup.NotFound',
      `The security group '${pair.GroupId ?? pair.GroupName}' does not exist`,
    );
  if (peer.vpcId !== owner.vpcId)
    throw new AwsError(
      'InvalidGroup.NotFound',
      'You have specified two resources that belong to different networks.',
    );
  return peer.groupId;
}

/**
 * The rules an Authorize/Revoke call names: `IpPermissions.N`, or the older flat form (`IpProtocol`,
 * `CidrIp`, `FromPort`, `ToPort`). One rule per CIDR or referenced group, as EC2 counts them.
 */
export function parsePermissions(sb: Sandbox, group: SecurityGroup, input: any): RuleSpec[] {
  const permissions = list<any>(input.IpPermissions);
  if (permissions.length === 0 && input.IpProtocol !== undefined)
    permissions.push({
      IpProtocol: input.IpProtocol,
      FromPort: input.FromPort,
      ToPort: input.ToPort,
      IpRanges: input.CidrIp === undefined ? [] : [{ CidrIp: input.CidrIp }],
    });
  const rules: RuleSpec[] = [];
  for (const p of permissions) {
    const ipProtocol = canonicalProtocol(p?.IpProtocol);
    const ports = portRange(ipProtocol, p.FromPort, p.ToPort);
    for (const range of list<any>(p.IpRanges))
      rules.push({
        ipProtocol,
        ...ports,
        cidrIpv4: canonicalCidr(range?.CidrIp),
        description: description(range?.Description),
      });
    for (const range of list<any>(p.Ipv6Ranges))
      rules.push({
        ipProtocol,
        ...ports,
        cidrIpv6: String(range?.CidrIpv6 ?? '').toLowerCase(),
        description: description(range?.Description),
      });
    for (const pair of list<any>(p.Groups ?? p.UserIdGroupPairs))
      rules.push({
        ipProtocol,
        ...ports,
        referencedGroupId: peerGroup(sb, group, pair),
        description: description(pair?.Description),
      });
    for (const prefix of list<any>(p.PrefixListIds))
      throw new AwsError(
        'InvalidPrefixListID.NotFound',
        `The prefix list ID '${prefix?.PrefixListId}' does not exist`,
      );
  }
  return rules;
}

/** Rule identity: what makes two rules duplicates (the description does not). */
export function ruleKey(rule: RuleSpec): string {
  return [
    rule.ipProtocol,
    rule.fromPort,
    rule.toPort,
    rule.cidrIpv4 ?? rule.cidrIpv6 ?? rule.referencedGroupId,
  ].join('|');
}

/** How EC2 names a rule in InvalidPermission.Duplicate. */
export function describeRule(rule: RuleSpec): string {
  const peer = rule.cidrIpv4 ?? rule.cidrIpv6 ?? rule.referencedGroupId;
  if (rule.fromPort === undefined)
    return `peer: ${peer}, ${rule.ipProtocol === '-1' ? 'ALL' : rule.ipProtocol}, ALLOW`;
  return `peer: ${peer}, ${rule.ipProtocol.toUpperCase()}, from port: ${rule.fromPort}, to port: ${rule.toPort}, ALLOW`;
}

/** The grouped `ipPermissions` form of DescribeSecurityGroups: one entry per protocol and port range. */
export function ipPermissions(sb: Sandbox, rules: SecurityGroupRule[]) {
  const byRange = new Map<string, SecurityGroupRule[]>();
  for (const rule of rules) {
    const key = [rule.ipProtocol, rule.fromPort, rule.toPort].join('|');
    byRange.set(key, [...(byRange.get(key) ?? []), rule]);
  }
  return [...byRange.values()].map((group) => ({
    ipProtocol: group[0]!.ipProtocol,
    fromPort: group[0]!.fromPort,
    toPort: group[0]!.toPort,
    groups: group
      .filter((r) => r.referencedGroupId)
      .map((r) => ({ userId: sb.accountId, groupId: r.referencedGroupId, description: r.description })),
    ipRanges: group
      .filter((r) => r.cidrIpv4)
      .map((r) => ({ cidrIp: r.cidrIpv4, description: r.description })),
    ipv6Ranges: group
      .filter((r) => r.cidrIpv6)
      .map((r) => ({ cidrIpv6: r.cidrIpv6, description: r.description })),
    prefixListIds: [],
  }));
}

/** A `securityGroupRuleSet` item. All-protocol rules report ports -1, as EC2 does. */
export function ruleOutput(sb: Sandbox, group: SecurityGroup, rule: SecurityGroupRule, isEgress: boolean) {
  return {
    securityGroupRuleId: rule.ruleId,
    groupId: group.groupId,
    groupOwnerId: sb.accountId,
    isEgress,
    ipProtocol: rule.ipProtocol,
    fromPort: rule.fromPort ?? -1,
    toPort: rule.toPort ?? -1,
    cidrIpv4: rule.cidrIpv4,
    cidrIpv6: rule.cidrIpv6,
    referencedGroupInfo: rule.referencedGroupId
      ? { groupId: rule.referencedGroupId, userId: sb.accountId }
      : undefined,
    description: rule.description,
    tagSet: tagSet(rule.tags),
    securityGroupRuleArn: `arn:aws:ec2:${sb.region}:${sb.accountId}:security-group-rule/${rule.ruleId}`,
  };
}
