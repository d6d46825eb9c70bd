/**
 * Schedules fire. A ticker compares each enabled schedule's next firing with sandbox time (which runs
 * `timeScale` times faster than real time) and delivers a Scheduled Event to every target. Lambda
 * targets are invoked as `events.amazonaws.com` on behalf of the rule, so the function's resource
 * policy must allow it; a refused or impossible delivery is recorded as a failed invocation (what
 * AWS counts in the FailedInvocations metric). Missed periods are not replayed, as on AWS.
 */
import type { AwsError } from '../../core/aws-error.js';
import type { Sandbox } from '../../core/types.js';
import { invokeFunctionInternal } from '../lambda/invoke.js';
import { nextFire, parseSchedule } from './schedule.js';
import { eventsState, type FiredInvocation, type Rule, type Target } from './state.js';

const MAX_RECORDS = 1000;

/** The event AWS sends for a schedule: `detail-type` "Scheduled Event", `source` aws.events. */
export function scheduledEvent(sb: Sandbox, rule: Rule, at: number): Record<string, unknown> {
  return {
    version: '0',
    id: sb.uuid(),
    'detail-type': 'Scheduled Event',
    source: 'aws.events',
    account: sb.accountId,
    time: new Date(at).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    region: sb.region,
    resources: [rule.arn],
    detail: {},
  };
}

/** What the target receives: constant Input, a JSONPath-selected part (`$`, `$.detail`), or the event. */
function targetInput(target: Target, event: Record<string, unknown>): unknown {
  if (target.Input !== undefined) return JSON.parse(target.Input);
  if (target.InputPath) {
    return target.InputPath.replace(/^\$\.?/, '')
      .split('.')
      .filter(Boolean)
      .reduce<any>((v, k) => v?.[k], event);
  }
  return event;
}

function record(sb: Sandbox, entry: FiredInvocation): FiredInvocation {
  const list = eventsState(sb).invocations;
  list.push(entry);
  if (list.length > MAX_RECORDS) list.splice(0, list.length - MAX_RECORDS);
  sb.markDirty();
  return entry;
}

/** Delivers one scheduled event to one target, without holding up the ticker. */
function deliver(sb: Sandbox, rule: Rule, target: Target, at: number): void {
  const event = scheduledEvent(sb, rule, at);
  const entry = record(sb, {
    at: event.time as string,
    rule: rule.name,
    ruleArn: rule.arn,
    targetId: target.Id,
    targetArn: target.Arn,
    status: 'pending',
  });
  if (!/^arn:aws:lambda:[^:]+:\d{12}:function:[^:]+(:[$\w-]+)?$/.test(target.Arn)) {
    entry.status = 'failed';
    entry.reason = 'The sandbox delivers scheduled events to Lambda functions only.';
    return;
  }
  invokeFunctionInternal(sb, target.Arn, targetInput(target, event), {
    principal: 'events.amazonaws.com',
    sourceArn: rule.arn,
    sourceAccount: sb.accountId,
  }).then(
    (result) => {
      entry.status = 'invoked';
      entry.requestId = result.requestId;
      if (result.functionError) entry.functionError = result.functionError;
      sb.markDirty();
    },
    (err: AwsError) => {
      entry.status = 'failed';
      entry.reason = `${err.code ?? err.name}: ${err.message}`;
      sb.markDirty();
    },
  );
}

/** The ticker: fires every enabled schedule that is due. */
export function fireDueSchedules(sb: Sandbox): void {
  const now = sb.clock.now();
  for (const rule of Object.values(eventsState(sb).rules)) {
    if (rule.state === 'DISABLED' || !rule.scheduleExpression || rule.nextFireAt === undefined) continue;
    if (rule.nextFireAt > now) continue;
    const firedAt = rule.nextFireAt;
    for (const target of rule.targets) deliver(sb, rule, target, firedAt);
    rule.nextFireAt = nextFire(parseSchedule(rule.scheduleExpression), firedAt, now);
    sb.markDirty();
  }
}
