/**
 * Authorize/RevokeSecurityGroupIngress/Egress and DescribeSecurityGroupRules. A call is all or
 * nothing: one duplicate (Authorize) or one missing rule (Revoke) fails it and changes nothing.
 */
import { AwsError } from '../../core/aws-error.js';
import type { OperationHandler, Sandbox } from '../../core/types.js';
import {
  addTags,
  applyFilters,
  checkIdFormat,
  list,
  missingParameter,
  paginate,
  parseFilters,
  tagsFromSpecifications,
} from './query-input.js';
import { describeRule, parsePermissions, type RuleSpec, ruleKey, ruleOutput } from './rule-spec.js';
import { groupForRequest } from './security-groups.js';
import { ec2State, type SecurityGroup, type SecurityGroupRule } from './state.js';

/** AWS's default quota of inbound (and, separately, outbound) rules per security group. */
const RULES_PER_DIRECTION = 60;

type Direction = 'ingress' | 'egress';

function authorize(direction: Direction): OperationHandler {
  return (input, { sb }) => {
    const group = groupForRequest(sb, input);
    const specs = parsePermissions(sb, group, input);
    if (specs.length === 0) throw missingParameter('ipPermissions');
    const tags = tagsFromSpecifications(input, 'security-group-rule');
    const existing = new Set(group[direction].map(ruleKey));
    for (const spec of specs) {
      const key = ruleKey(spec);
      if (existing.has(key))
        throw new AwsError(
          'InvalidPermission.Duplicate',
          `the specified rule "${describeRule(spec)}" already exists`,
        );
      existing.add(key);
    }
    if (group[direction].length + specs.length > RULES_PER_DIRECTION)
      throw new AwsError(
        'RulesPerSecurityGroupLimitExceeded',
        'The maximum number of rules per security group has been reached.',
      );
    const created: SecurityGroupRule[] = specs.map((spec) => ({ ruleId: `sgr-${sb.hex(17)}`, ...spec }));
    for (const rule of created) {
      if (!tags.length) continue;
      rule.tags = {};
      addTags(rule.tags, tags);
    }
    group[direction].push(...created);
    sb.markDirty();
    return {
      return: true,
      securityGroupRuleSet: created.map((r) => ruleOutput(sb, group, r, direction === 'egress')),
    };
  };
}

/** The rules a Revoke names, by `SecurityGroupRuleId.N` or by `IpPermissions.N`. */
function rulesToRevoke(
  sb: Sandbox,
  group: SecurityGroup,
  direction: Direction,
  input: any,
): SecurityGroupRule[] {
  const ids = list<string>(input.SecurityGroupRuleId).map(String);
  if (ids.length) {
    return ids.map((id) => {
      checkIdFormat(id, 'sgr', 'InvalidSecurityGroupRuleId.Malformed');
      const rule = group[direction].find((r) => r.ruleId === id);
      if (!rule)
        throw new AwsError(
          'InvalidSecurityGroupRuleId.NotFound',
          `The security group rule ID '${id}' does not exist`,
        );
      return rule;
    });
  }
  const specs: RuleSpec[] = parsePermissions(sb, group, input);
  if (specs.length === 0) throw missingParameter('ipPermissions');
  return specs.map((spec) => {
    const rule = group[direction].find((r) => ruleKey(r) === ruleKey(spec));
    if (!rule)
      throw new AwsError(
        'InvalidPermission.NotFound',
        'The specified rule does not exist in this security group.',
      );
    return rule;
  });
}

function revoke(direction: Direction): OperationHandler {
  return (input, { sb }) => {
    const group = groupForRequest(sb, input);
    const revoked = rulesToRevoke(sb, group, direction, input);
    group[direction] = group[direction].filter((r) => !revoked.includes(r));
    sb.markDirty();
    return {
      return: true,
      revokedSecurityGroupRuleSet: revoked.map((r) => ({
        securityGroupRuleId: r.ruleId,
        groupId: group.groupId,
        isEgress: direction === 'egress',
        ipProtocol: r.ipProtocol,
        fromPort: r.fromPort ?? -1,
        toPort: r.toPort ?? -1,
        cidrIpv4: r.cidrIpv4,
        cidrIpv6: r.cidrIpv6,
        referencedGroupId: r.referencedGroupId,
        description: r.description,
      })),
    };
  };
}

interface RuleRow {
  group: SecurityGroup;
  rule: SecurityGroupRule;
  isEgress: boolean;
  tags?: Record<string, string>;
}

/** Every rule of every group, with its group, for DescribeSecurityGroupRules and tagging. */
export function allRules(sb: Sandbox): RuleRow[] {
  return ec2State(sb).securityGroups.flatMap((group) => [
    ...group.ingress.map((rule) => ({ group, rule, isEgress: false, tags: rule.tags })),
    ...group.egress.map((rule) => ({ group, rule, isEgress: true, tags: rule.tags })),
  ]);
}

const describeSecurityGroupRules: OperationHandler = (input, { sb }) => {
  const filters = parseFilters(input, ['group-id', 'security-group-rule-id']);
  let rows = allRules(sb);
  const ids = list<string>(input.SecurityGroupRuleId).map(String);
  if (ids.length) {
    for (const id of ids) {
      checkIdFormat(id, 'sgr', 'InvalidSecurityGroupRuleId.Malformed');
      if (!rows.some((r) => r.rule.ruleId === id))
        throw new AwsError(
          'InvalidSecurityGroupRuleId.NotFound',
          `The security group rule ID '${id}' does not exist`,
        );
    }
    rows = rows.filter((r) => ids.includes(r.rule.ruleId));
  }
  const matched = applyFilters(rows, filters, (row, name) =>
    name === 'group-id' ? row.group.groupId : row.rule.ruleId,
  );
  const { page, nextToken } = paginate(matched, input, sb);
  return {
    securityGroupRuleSet: page.map((row) => ruleOutput(sb, row.group, row.rule, row.isEgress)),
    nextToken,
  };
};

export const securityGroupRuleOperations: Record<string, OperationHandler> = {
  AuthorizeSecurityGroupIngress: authorize('ingress'),
  AuthorizeSecurityGroupEgress: authorize('egress'),
  RevokeSecurityGroupIngress: revoke('ingress'),
  RevokeSecurityGroupEgress: revoke('egress'),
  DescribeSecurityGroupRules: describeSecurityGroupRules,
};
