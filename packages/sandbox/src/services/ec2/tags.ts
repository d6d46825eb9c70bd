/** CreateTags / DeleteTags on the resources the sandbox models: VPCs, subnets, groups, rules, ENIs. */
import { AwsError } from '../../core/aws-error.js';
import type { OperationHandler, Sandbox } from '../../core/types.js';
import { addTags, checkIdFormat, checkTag, list, missingParameter } from './query-input.js';
import { allRules } from './security-group-rules.js';
import { ec2State } from './state.js';

interface TaggableKind {
  prefix: string;
  malformed: string;
  notFound: string;
  noun: string;
  find(sb: Sandbox, id: string): { tags?: Record<string, string> } | undefined;
}

const KINDS: TaggableKind[] = [
  {
    prefix: 'vpc',
    malformed: 'InvalidVpcID.Malformed',
    notFound: 'InvalidVpcID.NotFound',
    noun: 'vpc',
    find: (sb, id) => ec2State(sb).vpcs.find((v) => v.vpcId === id),
  },
  {
    prefix: 'subnet',
    malformed: 'InvalidSubnetID.Malformed',
    notFound: 'InvalidSubnetID.NotFound',
    noun: 'subnet',
    find: (sb, id) => ec2State(sb).subnets.find((s) => s.subnetId === id),
  },
  {
    prefix: 'sgr',
    malformed: 'InvalidSecurityGroupRuleId.Malformed',
    notFound: 'InvalidSecurityGroupRuleId.NotFound',
    noun: 'security group rule',
    find: (sb, id) => allRules(sb).find((r) => r.rule.ruleId === id)?.rule,
  },
  {
    prefix: 'sg',
    malformed: 'InvalidGroupId.Malformed',
    notFound: 'InvalidGroup.NotFound',
    noun: 'security group',
    find: (sb, id) => ec2State(sb).securityGroups.find((g) => g.groupId === id),
  },
  {
    prefix: 'eni',
    malformed: 'InvalidNetworkInterfaceID.Malformed',
    notFound: 'InvalidNetworkInterfaceID.NotFound',
    noun: 'networkInterface',
    find: (sb, id) => ec2State(sb).networkInterfaces.find((e) => e.networkInterfaceId === id),
  },
];

/** Resolves every `ResourceId.N` before anything changes, so a bad id leaves all resources as they were. */
function resources(sb: Sandbox, input: any): Array<{ tags?: Record<string, string> }> {
  const ids = list<string>(input.ResourceId).map(String);
  if (ids.length === 0) throw missingParameter('resourceIdSet');
  return ids.map((id) => {
    const kind = KINDS.find((k) => id.startsWith(`${k.prefix}-`));
    if (!kind) throw new AwsError('InvalidID', `The ID '${id}' is not valid`);
    checkIdFormat(id, kind.prefix, kind.malformed);
    const found = kind.find(sb, id);
    if (!found) throw new AwsError(kind.notFound, `The ${kind.noun} ID '${id}' does not exist`);
    return found;
  });
}

const createTags: OperationHandler = (input, { sb }) => {
  const targets = resources(sb, input);
  const tags = list<any>(input.Tag).map((t) => checkTag(t?.Key, t?.Value));
  if (tags.length === 0) throw missingParameter('tagSet');
  // Check every limit first: CreateTags is all or nothing.
  for (const target of targets) addTags({ ...(target.tags ?? {}) }, tags);
  for (const target of targets) {
    target.tags ??= {};
    addTags(target.tags, tags);
  }
  sb.markDirty();
  return { return: true };
};

const deleteTags: OperationHandler = (input, { sb }) => {
  const targets = resources(sb, input);
  const tags = list<any>(input.Tag);
  for (const target of targets) {
    if (!target.tags) continue;
    // No Tag.N removes every tag; a tag with a Value removes the key only when the value matches.
    if (tags.length === 0) target.tags = {};
    for (const tag of tags) {
      const key = String(tag?.Key ?? '');
      if (tag?.Value === undefined || target.tags[key] === String(tag.Value)) delete target.tags[key];
    }
  }
  sb.markDirty();
  return { return: true };
};

export const tagOperations: Record<string, OperationHandler> = {
  CreateTags: createTags,
  DeleteTags: deleteTags,
};
