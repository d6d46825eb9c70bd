/**
 * Tags on load balancers, target groups, listeners and rules: AddTags upserts by key (at most 50
 * per resource), RemoveTags, DescribeTags (at most 20 ARNs).
 */
import { AwsError, validationError } from '../../core/aws-error.js';
import type { OperationHandler, Sandbox } from '../../core/types.js';
import { keyValues, list } from './input.js';
import {
  findListener,
  findLoadBalancer,
  findRule,
  findTargetGroup,
  listenerNotFound,
  loadBalancerNotFound,
  ruleNotFound,
  targetGroupNotFound,
} from './lookup.js';
import { elbv2State } from './state.js';

const MAX_TAGS = 50;

/** The tag map of the resource an ARN names, or the *NotFound error for its kind. */
function tagsOf(sb: Sandbox, arn: string): Record<string, string> {
  if (arn.includes(':loadbalancer/')) {
    const lb = findLoadBalancer(sb, arn);
    if (!lb) throw loadBalancerNotFound();
    return lb.tags;
  }
  if (arn.includes(':targetgroup/')) {
    const tg = findTargetGroup(sb, arn);
    if (!tg) throw targetGroupNotFound();
    return tg.tags;
  }
  if (arn.includes(':listener-rule/')) {
    const rule = findRule(sb, arn);
    if (rule) return rule.tags;
    const l = elbv2State(sb).listeners.find((x) => x.defaultRuleArn === arn);
    if (!l) throw ruleNotFound();
    l.defaultRuleTags ??= {};
    return l.defaultRuleTags;
  }
  if (arn.includes(':listener/')) {
    const l = findListener(sb, arn);
    if (!l) throw listenerNotFound();
    return l.tags;
  }
  throw validationError(`The ARN '${arn}' is not a valid Elastic Load Balancing resource ARN`);
}

/** Validates a Tags list (keys 1-128, values <=256, no duplicate keys) and returns it as a map. */
export function parseTags(input: unknown): Record<string, string> {
  const tags: Record<string, string> = {};
  for (const { Key, Value = '' } of keyValues(input)) {
    if (!Key || Key.length > 128) throw validationError(`Tag key '${Key}' must be 1-128 characters`);
    if (Value.length > 256)
      throw validationError(`Tag value for key '${Key}' must be at most 256 characters`);
    if (Key.startsWith('aws:')) throw validationError(`Tag keys starting with 'aws:' are reserved`);
    if (Key in tags) throw new AwsError('DuplicateTagKeys', `Tag key '${Key}' is duplicated`);
    tags[Key] = Value;
  }
  if (Object.keys(tags).length > MAX_TAGS) throw tooManyTags();
  return tags;
}

function tooManyTags(): AwsError {
  return new AwsError('TooManyTags', `You have reached the limit of ${MAX_TAGS} tags for this resource`);
}

/** Tags in the wire shape [{Key, Value}]. */
export function tagList(tags: Record<string, string>): { Key: string; Value: string }[] {
  return Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));
}

/** AddTags, RemoveTags, DescribeTags. */
export const tagHandlers: Record<string, OperationHandler> = {
  AddTags(input, { sb }) {
    const arns = list<string>(input.ResourceArns) ?? [];
    if (arns.length === 0) throw validationError('ResourceArns must be specified');
    const tags = parseTags(input.Tags);
    if (Object.keys(tags).length === 0) throw validationError('Tags must be specified');
    const targets = arns.map((arn) => tagsOf(sb, arn));
    for (const existing of targets) {
      if (Object.keys({ ...existing, ...tags }).length > MAX_TAGS) throw tooManyTags();
    }
    for (const existing of targets) Object.assign(existing, tags);
    sb.markDirty();
    return {};
  },
  RemoveTags(input, { sb }) {
    const arns = list<string>(input.ResourceArns) ?? [];
    const keys = list<string>(input.TagKeys) ?? [];
    if (arns.length === 0) throw validationError('ResourceArns must be specified');
    const targets = arns.map((arn) => tagsOf(sb, arn));
    for (const existing of targets) for (const k of keys) delete existing[k];
    sb.markDirty();
    return {};
  },
  DescribeTags(input, { sb }) {
    const arns = list<string>(input.ResourceArns) ?? [];
    if (arns.length === 0) throw validationError('ResourceArns must be specified');
    if (arns.length > 20) {
      throw validationError(
        `1 validation error detected: Value at 'resourceArns' failed to satisfy constraint: Member must have length less than or equal to 20`,
      );
    }
    return {
      TagDescriptions: arns.map((arn) => ({ ResourceArn: arn, Tags: tagList(tagsOf(sb, arn)) })),
    };
  },
};
