/** EventBridge conformance: rules, schedules and targets through the real SDK over loopback. */
import {
  DeleteRuleCommand,
  DescribeRuleCommand,
  DisableRuleCommand,
  EnableRuleCommand,
  type EventBridgeClient,
  ListRulesCommand,
  ListTargetsByRuleCommand,
  PutRuleCommand,
  PutTargetsCommand,
  RemoveTargetsCommand,
} from '@aws-sdk/client-eventbridge';
import { beforeAll, describe, expect, it } from 'vitest';
import { sandboxPerFile, startTestSandbox } from '../helpers/sandbox.js';
import { rejection } from '../helpers/sdk.js';

const t = sandboxPerFile(() => startTestSandbox({ empty: true }));
let events: EventBridgeClient;
const fn = (name: string) => `arn:aws:lambda:us-east-1:123456789012:function:${name}`;

beforeAll(async () => {
  events = t.sdk.events;
});

describe('PutRule', () => {
  it('creates an ENABLED rule and returns its ARN', async () => {
    const out = await events.send(
      new PutRuleCommand({ Name: 'every-minute', ScheduleExpression: 'rate(1 minute)' }),
    );
    expect(out.RuleArn).toBe('arn:aws:events:us-east-1:123456789012:rule/every-minute');
    const rule = await events.send(new DescribeRuleCommand({ Name: 'every-minute' }));
    expect(rule).toMatchObject({
      Name: 'every-minute',
      State: 'ENABLED',
      ScheduleExpression: 'rate(1 minute)',
      EventBusName: 'default',
    });
  });

  it.each([
    'rate(1 minute)',
    'rate(5 minutes)',
    'rate(1 hour)',
    'rate(2 days)',
    'cron(0 12 * * ? *)',
    'cron(0/15 8-17 ? * MON-FRI *)',
  ])('accepts %s', async (expr) => {
    await expect(
      events.send(new PutRuleCommand({ Name: 'valid', ScheduleExpression: expr })),
    ).resolves.toBeDefined();
  });

  it.each([
    'rate(1 minutes)',
    'rate(5 minute)',
    'rate(0 minutes)',
    'rate(1 week)',
    'cron(0 12 * * *)',
    'cron(0 12 * * MON *)',
    'every minute',
  ])('refuses %s with ValidationException', async (expr) => {
    const err = await rejection(
      events.send(new PutRuleCommand({ Name: 'invalid', ScheduleExpression: expr })),
    );
    expect(err.name).toBe('ValidationException');
    expect(err.message).toBe('Parameter ScheduleExpression is not valid.');
  });

  it('refuses a bad name', async () => {
    const err = await rejection(
      events.send(new PutRuleCommand({ Name: 'bad name', ScheduleExpression: 'rate(1 minute)' })),
    );
    expect(err.name).toBe('ValidationException');
  });

  it('needs a schedule or an event pattern', async () => {
    const err = await rejection(events.send(new PutRuleCommand({ Name: 'empty' })));
    expect(err.name).toBe('ValidationException');
  });

  it('accepts an event pattern and refuses one that is not JSON', async () => {
    await events.send(
      new PutRuleCommand({ Name: 'pattern', EventPattern: JSON.stringify({ source: ['aws.ec2'] }) }),
    );
    const err = await rejection(
      events.send(new PutRuleCommand({ Name: 'pattern-bad', EventPattern: '{nope' })),
    );
    expect(err.name).toBe('InvalidEventPatternException');
  });

  it('replaces the whole rule on update: omitted fields are cleared', async () => {
    await events.send(
      new PutRuleCommand({
        Name: 'upsert',
        ScheduleExpression: 'rate(1 hour)',
        Description: 'first',
        State: 'DISABLED',
      }),
    );
    await events.send(new PutRuleCommand({ Name: 'upsert', ScheduleExpression: 'rate(2 hours)' }));
    const rule = await events.send(new DescribeRuleCommand({ Name: 'upsert' }));
    expect(rule.Description).toBeUndefined();
    expect(rule.State).toBe('ENABLED');
    expect(rule.ScheduleExpression).toBe('rate(2 hours)');
  });
});

describe('rule lifecycle', () => {
  it('DescribeRule on a missing rule is ResourceNotFoundException', async () => {
    const err = await rejection(events.send(new DescribeRuleCommand({ Name: 'missing' })));
    expect(err.name).toBe('ResourceNotFoundException');
  });

  it('disables and enables a rule', async () => {
    await events.send(new PutRuleCommand({ Name: 'toggle', ScheduleExpression: 'rate(1 day)' }));
    await events.send(new DisableRuleCommand({ Name: 'toggle' }));
    expect((await events.send(new DescribeRuleCommand({ Name: 'toggle' }))).State).toBe('DISABLED');
    await events.send(new EnableRuleCommand({ Name: 'toggle' }));
    expect((await events.send(new DescribeRuleCommand({ Name: 'toggle' }))).State).toBe('ENABLED');
  });

  it('refuses to delete a rule that has targets, then deletes it once they are removed', async () => {
    await events.send(new PutRuleCommand({ Name: 'doomed', ScheduleExpression: 'rate(1 day)' }));
    await events.send(new PutTargetsCommand({ Rule: 'doomed', Targets: [{ Id: 't1', Arn: fn('x') }] }));
    const err = await rejection(events.send(new DeleteRuleCommand({ Name: 'doomed' })));
    expect(err.name).toBe('ValidationException');
    expect(err.message).toBe("Rule can't be deleted since it has targets.");
    await events.send(new RemoveTargetsCommand({ Rule: 'doomed', Ids: ['t1'] }));
    await events.send(new DeleteRuleCommand({ Name: 'doomed' }));
    expect((await rejection(events.send(new DescribeRuleCommand({ Name: 'doomed' })))).name).toBe(
      'ResourceNotFoundException',
    );
  });

  it('lists rules by prefix', async () => {
    await events.send(new PutRuleCommand({ Name: 'list-a', ScheduleExpression: 'rate(1 day)' }));
    await events.send(new PutRuleCommand({ Name: 'list-b', ScheduleExpression: 'rate(1 day)' }));
    const out = await events.send(new ListRulesCommand({ NamePrefix: 'list-' }));
    expect(out.Rules?.map((r) => r.Name)).toEqual(['list-a', 'list-b']);
  });
});

describe('targets', () => {
  beforeAll(async () => {
    await events.send(new PutRuleCommand({ Name: 'targets', ScheduleExpression: 'rate(1 day)' }));
  });

  it('upserts targets by Id', async () => {
    await events.send(new PutTargetsCommand({ Rule: 'targets', Targets: [{ Id: 'a', Arn: fn('one') }] }));
    const out = await events.send(
      new PutTargetsCommand({ Rule: 'targets', Targets: [{ Id: 'a', Arn: fn('two'), Input: '{"k":1}' }] }),
    );
    expect(out.FailedEntryCount).toBe(0);
    const listed = await events.send(new ListTargetsByRuleCommand({ Rule: 'targets' }));
    expect(listed.Targets).toEqual([{ Id: 'a', Arn: fn('two'), Input: '{"k":1}' }]);
  });

  it('reports entries beyond 5 targets per rule in FailedEntries of a 200', async () => {
    const targets = ['b', 'c', 'd', 'e', 'f'].map((Id) => ({ Id, Arn: fn(Id) }));
    const out = await events.send(new PutTargetsCommand({ Rule: 'targets', Targets: targets }));
    expect(out.$metadata.httpStatusCode).toBe(200);
    expect(out.FailedEntryCount).toBe(1);
    expect(out.FailedEntries?.[0]).toMatchObject({ TargetId: 'f', ErrorCode: 'LimitExceededException' });
    expect((await events.send(new ListTargetsByRuleCommand({ Rule: 'targets' }))).Targets).toHaveLength(5);
  });

  it('reports a target with input that is not JSON in FailedEntries', async () => {
    await events.send(new PutRuleCommand({ Name: 'bad-input', ScheduleExpression: 'rate(1 day)' }));
    const out = await events.send(
      new PutTargetsCommand({ Rule: 'bad-input', Targets: [{ Id: 'x', Arn: fn('x'), Input: '{nope' }] }),
    );
    expect(out.FailedEntryCount).toBe(1);
    expect(out.FailedEntries?.[0]?.TargetId).toBe('x');
  });

  it('PutTargets on a missing rule is ResourceNotFoundException', async () => {
    const err = await rejection(
      events.send(new PutTargetsCommand({ Rule: 'ghost', Targets: [{ Id: 'a', Arn: fn('a') }] })),
    );
    expect(err.name).toBe('ResourceNotFoundException');
  });
});
