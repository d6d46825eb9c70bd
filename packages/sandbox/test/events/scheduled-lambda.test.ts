/**
 * End to end inside the sandbox: a schedule fires a Lambda whose handler writes to S3 with the real
 * SDK; the object appears. A function whose policy does not allow the rule is not invoked, and the
 * delivery is recorded as failed.
 */

import { PutRuleCommand, PutTargetsCommand } from '@aws-sdk/client-eventbridge';
import {
  AddPermissionCommand,
  CreateFunctionCommand,
  GetFunctionConfigurationCommand,
} from '@aws-sdk/client-lambda';
import { CreateBucketCommand, GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';
import { lambdaRole, settled, zipOf } from '../lambda/fixtures.js';

let t: TestSandbox;
let role: string;

const HANDLER = `
const { S3Client, PutObjectCommand } = require('@aws-sdk/client-s3');
const s3 = new S3Client({});
exports.handler = async (event) => {
  await s3.send(new PutObjectCommand({
    Bucket: process.env.BUCKET,
    Key: 'ticks/' + event.time + '-' + event.id,
    Body: JSON.stringify(event),
  }));
  return { ok: true };
};`;

async function deploy(name: string): Promise<string> {
  const out = await t.sdk.lambda.send(
    new CreateFunctionCommand({
      FunctionName: name,
      Runtime: 'nodejs22.x',
      Handler: 'index.handler',
      Role: role,
      Code: { ZipFile: zipOf({ 'index.js': HANDLER }) },
      Environment: { Variables: { BUCKET: 'schedule-out' } },
      Timeout: 10,
    }),
  );
  await settled(() => t.sdk.lambda.send(new GetFunctionConfigurationCommand({ FunctionName: name })));
  return out.FunctionArn!;
}

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, ms = 30_000): Promise<T> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    const v = await probe();
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

beforeAll(async () => {
  // 60 sandbox seconds per real second: rate(1 minute) fires every second.
  t = await startTestSandbox({
    empty: true,
    settings: { timeScale: 60, rolePropagationMs: 50, lambdaUpdateMs: 50 },
  });
  role = await lambdaRole(t.sdk.iam, 'schedule-role', 50);
  await t.sdk.s3.send(new CreateBucketCommand({ Bucket: 'schedule-out' }));
});
afterAll(() => t.stop());

describe('scheduled Lambda', () => {
  it('fires on schedule and its S3 write is visible', async () => {
    const fnArn = await deploy('ticker');
    const { RuleArn } = await t.sdk.events.send(
      new PutRuleCommand({ Name: 'tick', ScheduleExpression: 'rate(1 minute)' }),
    );
    await t.sdk.lambda.send(
      new AddPermissionCommand({
        FunctionName: 'ticker',
        StatementId: 'tick',
        Action: 'lambda:InvokeFunction',
        Principal: 'events.amazonaws.com',
        SourceArn: RuleArn,
      }),
    );
    await t.sdk.events.send(new PutTargetsCommand({ Rule: 'tick', Targets: [{ Id: 'fn', Arn: fnArn }] }));

    const keys = await waitFor('two scheduled writes', async () => {
      const out = await t.sdk.s3.send(new ListObjectsV2Command({ Bucket: 'schedule-out', Prefix: 'ticks/' }));
      const found = (out.Contents ?? []).map((c) => c.Key!);
      return found.length >= 2 ? found : undefined;
    });
    const obj = await t.sdk.s3.send(new GetObjectCommand({ Bucket: 'schedule-out', Key: keys[0] }));
    const event = JSON.parse(await obj.Body!.transformToString());
    expect(event).toMatchObject({
      version: '0',
      'detail-type': 'Scheduled Event',
      source: 'aws.events',
      account: '123456789012',
      region: 'us-east-1',
      resources: [RuleArn],
      detail: {},
    });
    expect(event.time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    const { invocations } = await t.control.control<{ invocations: any[] }>('events', 'invocations', {
      rule: 'tick',
    });
    expect(invocations.filter((i) => i.status === 'invoked').length).toBeGreaterThanOrEqual(2);
  });

  it('skips a function whose policy does not allow the rule, recording a failed invocation', async () => {
    const fnArn = await deploy('unpermitted');
    await t.sdk.events.send(new PutRuleCommand({ Name: 'denied', ScheduleExpression: 'rate(1 minute)' }));
    await t.sdk.events.send(new PutTargetsCommand({ Rule: 'denied', Targets: [{ Id: 'fn', Arn: fnArn }] }));
    const failed = await waitFor('a failed delivery', async () => {
      const { invocations } = await t.control.control<{ invocations: any[] }>('events', 'invocations', {
        rule: 'denied',
      });
      return invocations.find((i) => i.status === 'failed');
    });
    expect(failed.reason).toMatch(/^AccessDeniedException/);
    const { lines } = await t.control.control<{ lines: string[] }>('lambda', 'logs', {
      function: 'unpermitted',
    });
    expect(lines).toEqual([]);
  });
});
