/**
 * Log groups: create, delete, describe (prefix or pattern, paged), retention and tags. Groups are not
 * region-scoped in the sandbox state; each remembers the region it was created in for its ARN.
 */
import { AwsError } from '../../core/aws-error.js';
import type { OperationHandler, Sandbox } from '../../core/types.js';
import {
  checkLimit,
  constraint,
  decodeToken,
  encodeToken,
  findGroup,
  groupNotFound,
  invalidParameter,
  requiredName,
} from './errors.js';
import { groupArn, type LogGroup, logsState } from './state.js';

/** The only retention periods PutRetentionPolicy accepts (API reference, PutRetentionPolicy). */
export const RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
];
const NAME_PATTERN = /^[.\-_/#A-Za-z0-9]+$/;

export function checkGroupName(value: unknown, field = 'logGroupName'): string {
  const name = requiredName(value, field);
  if (!NAME_PATTERN.test(name))
    throw constraint(name, field, 'Member must satisfy regular expression pattern: [\\.\\-_/#A-Za-z0-9]+');
  return name;
}

function checkTags(tags: unknown): Record<string, string> {
  if (tags === undefined) return {};
  const entries = Object.entries(tags as Record<string, unknown>);
  if (entries.length > 50) throw invalidParameter('Too many tags: a resource can have at most 50 tags.');
  for (const [k, v] of entries) {
    if (k.length < 1 || k.length > 128 || k.startsWith('aws:'))
      throw constraint(k, 'tags', 'Tag keys are 1-128 characters and cannot start with aws:');
    if (String(v).length > 256) throw constraint(v, 'tags', 'Tag values are 0-256 characters');
  }
  return Object.fromEntries(entries.map(([k, v]) => [k, String(v)]));
}

/** Creates a group; shared with `appendLogEvents`, which creates Lambda's groups as Lambda does. */
export function createGroup(
  sb: Sandbox,
  name: string,
  region: string,
  tags: Record<string, string> = {},
): LogGroup {
  const groups = logsState(sb).groups;
  if (groups[name])
    throw new AwsError('ResourceAlreadyExistsException', 'The specified log group already exists');
  groups[name] = { name, region, createdAt: sb.clock.now(), tags, streams: {} };
  sb.markDirty();
  return groups[name];
}

function describe(group: LogGroup, accountId: string) {
  const arn = groupArn(group, accountId);
  const storedBytes = Object.values(group.streams).reduce(
    (a, s) => a + s.events.reduce((b, e) => b + Buffer.byteLength(e[3]), 0),
    0,
  );
  return {
    logGroupName: group.name,
    creationTime: group.createdAt,
    ...(group.retentionInDays === undefined ? {} : { retentionInDays: group.retentionInDays }),
    metricFilterCount: 0,
    arn: `${arn}:*`,
    logGroupArn: arn,
    storedBytes,
    logGroupClass: 'STANDARD',
    deletionProtectionEnabled: false,
  };
}

const describeLogGroups: OperationHandler = (input, { sb, accountId }) => {
  if (input.logGroupNamePrefix !== undefined && input.logGroupNamePattern !== undefined)
    throw invalidParameter(
      'LogGroup name prefix and LogGroup name pattern are mutually exclusive parameters.',
    );
  const prefix =
    input.logGroupNamePrefix === undefined
      ? undefined
      : checkGroupName(input.logGroupNamePrefix, 'logGroupNamePrefix');
  const pattern = input.logGroupNamePattern === undefined ? undefined : String(input.logGroupNamePattern);
  const limit = checkLimit(input.limit, 50, Math.min(50, sb.settings.maxPageSize ?? 50));
  const after =
    input.nextToken === undefined
      ? undefined
      : decodeToken<string>(input.nextToken, (v) => typeof v === 'string');
  const names = Object.keys(logsState(sb).groups)
    .filter(
      (n) => (prefix === undefined || n.startsWith(prefix)) && (pattern === undefined || n.includes(pattern)),
    )
    .sort()
    .filter((n) => after === undefined || n > after);
  const page = names.slice(0, limit);
  return {
    logGroups: page.map((n) => describe(logsState(sb).groups[n]!, accountId)),
    ...(names.length > limit ? { nextToken: encodeToken(page.at(-1)) } : {}),
  };
};

/** Resource ARNs of the tagging API: the group's ARN without the trailing `:*`. */
function groupByArn(sb: Sandbox, value: unknown) {
  const arn = requiredName(value, 'resourceArn', 1011);
  const m = /^arn:aws[\w-]*:logs:[^:]*:\d{12}:log-group:([^:*]+)$/.exec(arn);
  if (!m) throw invalidParameter(`Invalid resource ARN: ${arn}`);
  const group = logsState(sb).groups[m[1]!];
  if (!group) throw groupNotFound();
  return group;
}

export const groupOperations: Record<string, OperationHandler> = {
  CreateLogGroup: (input, { sb, region }) => {
    const name = checkGroupName(input.logGroupName);
    // "Log group names can't start with the string aws/" (CreateLogGroup API reference).
    if (name.startsWith('aws/')) throw invalidParameter("Log group names can't start with the string aws/.");
    createGroup(sb, name, region, checkTags(input.tags));
    return {};
  },
  DeleteLogGroup: (input, { sb }) => {
    const name = checkGroupName(input.logGroupName);
    const groups = logsState(sb).groups;
    if (!groups[name])
      throw new AwsError('ResourceNotFoundException', 'The specified log group does not exist.');
    delete groups[name];
    sb.markDirty();
    return {};
  },
  DescribeLogGroups: describeLogGroups,
  PutRetentionPolicy: (input, { sb }) => {
    const group = findGroup(sb, { logGroupName: checkGroupName(input.logGroupName) });
    const days = Number(input.retentionInDays);
    if (input.retentionInDays === undefined)
      throw constraint('null', 'retentionInDays', 'Member must not be null');
    if (!RETENTION_DAYS.includes(days))
      throw constraint(
        input.retentionInDays,
        'retentionInDays',
        `Member must satisfy enum value set: [${RETENTION_DAYS.join(', ')}]`,
      );
    group.retentionInDays = days;
    sb.markDirty();
    return {};
  },
  DeleteRetentionPolicy: (input, { sb }) => {
    const group = findGroup(sb, { logGroupName: checkGroupName(input.logGroupName) });
    delete group.retentionInDays;
    sb.markDirty();
    return {};
  },
  ListTagsForResource: (input, { sb }) => ({ tags: { ...groupByArn(sb, input.resourceArn).tags } }),
  TagResource: (input, { sb }) => {
    const group = groupByArn(sb, input.resourceArn);
    const tags = checkTags(input.tags);
    if (Object.keys(tags).length === 0)
      throw constraint('{}', 'tags', 'Member must have length greater than or equal to 1');
    const merged = { ...group.tags, ...tags };
    checkTags(merged);
    group.tags = merged;
    sb.markDirty();
    return {};
  },
  UntagResource: (input, { sb }) => {
    const group = groupByArn(sb, input.resourceArn);
    for (const key of [input.tagKeys ?? []].flat()) delete group.tags[String(key)];
    sb.markDirty();
    return {};
  },
};
