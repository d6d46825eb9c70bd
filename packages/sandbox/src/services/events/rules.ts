/**
 * Rules on the default event bus: PutRule (an upsert replacing the whole rule), DescribeRule,
 * DeleteRule (refused while targets remain), Enable/DisableRule, ListRules, and tags.
 */
import { AwsError } from '../../core/aws-error.js';
import type { OperationHandler, RequestContext, Sandbox } from '../../core/types.js';
import { nextFire, parseSchedule } from './schedule.js';
import { eventsState, type Rule } from './state.js';

const NAME = /^[.\-_A-Za-z0-9]{1,64}$/;
const STATES = ['ENABLED', 'DISABLED', 'ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS'];

export const validation = (message: string) => new AwsError('ValidationException', message, 400);

const constraint = (field: string, value: unknown, rule: string) =>
  validation(
    `1 validation error detected: Value '${String(value)}' at '${field}' failed to satisfy constraint: ${rule}`,
  );

/** Only the default bus exists in the sandbox. */
function assertBus(bus: unknown): void {
  if (bus !== undefined && bus !== 'default' && !String(bus).endsWith(':event-bus/default')) {
    throw new AwsError('ResourceNotFoundException', `Event bus ${String(bus)} does not exist.`, 400);
  }
}

export function assertRuleName(name: unknown, field = 'name'): asserts name is string {
  if (typeof name !== 'string' || !NAME.test(name)) {
    throw constraint(field, name, 'Member must satisfy regular expression pattern: [\\.\\-_A-Za-z0-9]+');
  }
}

/** The rule, or ResourceNotFoundException as EventBridge words it. */
export function getRule(sb: Sandbox, name: unknown, bus?: unknown): Rule {
  assertBus(bus);
  assertRuleName(name);
  const rule = eventsState(sb).rules[name];
  if (!rule)
    throw new AwsError('ResourceNotFoundException', `Rule ${name} does not exist on EventBus default.`, 400);
  return rule;
}

function assertEventPattern(pattern: string): void {
  if (pattern.length > 4096)
    throw constraint('eventPattern', '...', 'Member must have length less than or equal to 4096');
  let parsed: unknown;
  try {
    parsed = JSON.parse(pattern);
  } catch (err) {
    throw new AwsError(
      'InvalidEventPatternException',
      `Event pattern is not valid. Reason: ${(err as Error).message}`,
      400,
    );
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new AwsError(
      'InvalidEventPatternException',
      'Event pattern is not valid. Reason: Filter is not an object',
      400,
    );
  }
}

/** (Re)arms a rule's schedule from `now`: the first firing is one period (or cron slot) away. */
export function armSchedule(sb: Sandbox, rule: Rule): void {
  if (!rule.scheduleExpression || rule.state === 'DISABLED') {
    delete rule.nextFireAt;
    return;
  }
  const now = sb.clock.now();
  rule.nextFireAt = nextFire(parseSchedule(rule.scheduleExpression), now, now);
}

const putRule: OperationHandler = (input, ctx) => {
  const sb = ctx.sb;
  assertRuleName(input.Name);
  assertBus(input.EventBusName);
  const schedule: string | undefined = input.ScheduleExpression || undefined;
  const pattern: string | undefined = input.EventPattern || undefined;
  if (!schedule && !pattern)
    throw validation('Parameter(s) EventPattern or ScheduleExpression must be specified.');
  if (schedule !== undefined) {
    if (schedule.length > 256)
      throw constraint('scheduleExpression', schedule, 'Member must have length less than or equal to 256');
    parseSchedule(schedule);
  }
  if (pattern !== undefined) assertEventPattern(pattern);
  const state = input.State ?? 'ENABLED';
  if (!STATES.includes(state)) {
    throw constraint('state', state, `Member must satisfy enum value set: [${STATES.join(', ')}]`);
  }
  if (input.Description !== undefined && String(input.Description).length > 512) {
    throw constraint('description', input.Description, 'Member must have length less than or equal to 512');
  }
  const rules = eventsState(sb).rules;
  const existing = rules[input.Name];
  const rule: Rule = {
    name: input.Name,
    arn: `arn:aws:events:${ctx.region}:${ctx.accountId}:rule/${input.Name}`,
    eventBusName: 'default',
    ...(schedule ? { scheduleExpression: schedule } : {}),
    ...(pattern ? { eventPattern: pattern } : {}),
    state,
    ...(input.Description !== undefined ? { description: input.Description } : {}),
    ...(input.RoleArn !== undefined ? { roleArn: input.RoleArn } : {}),
    // Targets survive the upsert; tags given on an update are ignored, as on AWS.
    targets: existing?.targets ?? [],
    tags: existing ? existing.tags : Object.fromEntries((input.Tags ?? []).map((t: any) => [t.Key, t.Value])),
  };
  const unchangedSchedule =
    existing?.scheduleExpression === rule.scheduleExpression &&
    existing?.state === rule.state &&
    existing?.nextFireAt;
  if (unchangedSchedule) rule.nextFireAt = existing!.nextFireAt;
  else armSchedule(sb, rule);
  rules[rule.name] = rule;
  sb.markDirty();
  return { RuleArn: rule.arn };
};

function describe(rule: Rule, ctx: RequestContext) {
  return {
    Name: rule.name,
    Arn: rule.arn,
    ...(rule.eventPattern ? { EventPattern: rule.eventPattern } : {}),
    ...(rule.scheduleExpression ? { ScheduleExpression: rule.scheduleExpression } : {}),
    State: rule.state,
    ...(rule.description !== undefined ? { Description: rule.description } : {}),
    ...(rule.roleArn ? { RoleArn: rule.roleArn } : {}),
    EventBusName: rule.eventBusName,
    CreatedBy: ctx.accountId,
  };
}

const describeRule: OperationHandler = (input, ctx) =>
  describe(getRule(ctx.sb, input.Name, input.EventBusName), ctx);

const deleteRule: OperationHandler = (input, ctx) => {
  assertRuleName(input.Name);
  assertBus(input.EventBusName);
  const rules = eventsState(ctx.sb).rules;
  const rule = rules[input.Name];
  if (!rule) return {}; // deleting a missing rule succeeds
  if (rule.targets.length > 0) throw validation("Rule can't be deleted since it has targets.");
  delete rules[input.Name];
  ctx.sb.markDirty();
  return {};
};

const setState =
  (state: Rule['state']): OperationHandler =>
  (input, ctx) => {
    const rule = getRule(ctx.sb, input.Name, input.EventBusName);
    if (rule.state !== state) {
      rule.state = state;
      armSchedule(ctx.sb, rule);
      ctx.sb.markDirty();
    }
    return {};
  };

const listRules: OperationHandler = (input, ctx) => {
  assertBus(input.EventBusName);
  const prefix: string = input.NamePrefix ?? '';
  const all = Object.values(eventsState(ctx.sb).rules)
    .filter((r) => r.name.startsWith(prefix))
    .sort((a, b) => a.name.localeCompare(b.name));
  const limit = Math.min(Number(input.Limit ?? 100) || 100, ctx.sb.settings.maxPageSize ?? 100);
  const start = input.NextToken ? Number(Buffer.from(input.NextToken, 'base64').toString()) || 0 : 0;
  const next = start + limit < all.length ? Buffer.from(String(start + limit)).toString('base64') : undefined;
  return {
    Rules: all.slice(start, start + limit).map((r) => describe(r, ctx)),
    ...(next ? { NextToken: next } : {}),
  };
};

function ruleByArn(sb: Sandbox, arn: unknown): Rule {
  const name = /^arn:aws:events:[^:]+:\d{12}:rule\/([.\-_A-Za-z0-9]+)$/.exec(String(arn))?.[1];
  const rule = name ? eventsState(sb).rules[name] : undefined;
  if (!rule)
    throw new AwsError(
      'ResourceNotFoundException',
      `Rule ${name ?? String(arn)} does not exist on EventBus default.`,
      400,
    );
  return rule;
}

export const ruleOperations: Record<string, OperationHandler> = {
  PutRule: putRule,
  DescribeRule: describeRule,
  DeleteRule: deleteRule,
  EnableRule: setState('ENABLED'),
  DisableRule: setState('DISABLED'),
  ListRules: listRules,
  TagResource: (input, ctx) => {
    const rule = ruleByArn(ctx.sb, input.ResourceARN);
    for (const t of input.Tags ?? []) rule.tags[t.Key] = t.Value;
    ctx.sb.markDirty();
    return {};
  },
  UntagResource: (input, ctx) => {
    const rule = ruleByArn(ctx.sb, input.ResourceARN);
    for (const k of input.TagKeys ?? []) delete rule.tags[k];
    ctx.sb.markDirty();
    return {};
  },
  ListTagsForResource: (input, ctx) => ({
    Tags: Object.entries(ruleByArn(ctx.sb, input.ResourceARN).tags).map(([Key, Value]) => ({ Key, Value })),
  }),
};
