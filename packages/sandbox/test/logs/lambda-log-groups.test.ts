/**
 * Lambda writes its function logs to `/aws/lambda/<name>` through the logs service: the SDK reads
 * them (DescribeLogGroups/Streams, GetLogEvents, FilterLogEvents) and the control verb `lambda logs`
 * gives the same lines. A state file from before keeps its lines (moved into the log group).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DescribeLogGroupsCommand,
  DescribeLogStreamsCommand,
  FilterLogEventsCommand,
  GetLogEventsCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import {
  CreateFunctionCommand,
  GetFunctionConfigurationCommand,
  InvokeCommand,
} from '@aws-sdk/client-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';
import { lambdaRole, settled, zipOf } from '../lambda/fixtures.js';

let t: TestSandbox;

beforeAll(async () => {
  t = await startTestSandbox({ empty: true, settings: { rolePropagationMs: 50, lambdaUpdateMs: 50 } });
  const role = await lambdaRole(t.sdk.iam, 'logs-role', 50);
  await t.sdk.lambda.send(
    new CreateFunctionCommand({
      FunctionName: 'chatty',
      Runtime: 'nodejs22.x',
      Handler: 'index.handler',
      Role: role,
      Code: {
        ZipFile: zipOf({
          'index.js':
            'exports.handler = async (e) => { console.log("line one\\n\\nline three", e.n); return 1; };',
        }),
      },
    }),
  );
  await settled(() => t.sdk.lambda.send(new GetFunctionConfigurationCommand({ FunctionName: 'chatty' })));
});
afterAll(() => t?.stop());

const send = (cmd: unknown): Promise<any> => t.sdk.logs.send(cmd as any);

describe('Lambda function logs in CloudWatch Logs', () => {
  it('an invocation creates /aws/lambda/<name> with a Lambda-named stream, readable by the SDK and the verb alike', async () => {
    const before = await send(new DescribeLogGroupsCommand({ logGroupNamePrefix: '/aws/lambda/chatty' }));
    expect(before.logGroups).toEqual([]);
    const out = await t.sdk.lambda.send(
      new InvokeCommand({ FunctionName: 'chatty', Payload: Buffer.from(JSON.stringify({ n: 7 })) }),
    );
    const { logGroups } = await send(new DescribeLogGroupsCommand({ logGroupNamePrefix: '/aws/lambda/' }));
    expect(logGroups.map((g: any) => g.logGroupName)).toEqual(['/aws/lambda/chatty']);
    const { logStreams } = await send(new DescribeLogStreamsCommand({ logGroupName: '/aws/lambda/chatty' }));
    expect(logStreams).toHaveLength(1);
    expect(logStreams[0].logStreamName).toMatch(/^\d{4}\/\d\d\/\d\d\/\[\$LATEST\][0-9a-f]{32}$/);
    const got = await send(
      new GetLogEventsCommand({
        logGroupName: '/aws/lambda/chatty',
        logStreamName: logStreams[0].logStreamName,
        startFromHead: true,
      }),
    );
    const messages: string[] = got.events.map((e: any) => e.message);
    expect(messages[0]).toBe(`START RequestId: ${out.$metadata.requestId} Version: $LATEST`);
    expect(messages.at(-2)).toBe(`END RequestId: ${out.$metadata.requestId}`);
    expect(messages.at(-1)).toMatch(/^REPORT RequestId: /);
    const { lines } = await t.control.control<{ lines: string[] }>('lambda', 'logs', { function: 'chatty' });
    expect(lines).toEqual(messages.flatMap((m) => m.split('\n')));
    // The blank line of the message is kept, as the verb gave it before.
    expect(lines.some((l) => l === '')).toBe(true);
    const found = await send(
      new FilterLogEventsCommand({ logGroupName: '/aws/lambda/chatty', filterPattern: '"line one"' }),
    );
    expect(found.events).toHaveLength(1);
    // One event per line; a blank line stays with the event before it, so no event is empty.
    expect(found.events[0].message).toMatch(/INFO\tline one\n$/);
    expect(messages).toContain('line three 7');
  });

  it('moves the lines of an older state file into the log group', async () => {
    const stateFile = join(mkdtempSync(join(tmpdir(), 'rails-logs-legacy-')), 'sandbox.json');
    const old = await startTestSandbox({ empty: true, stateFile });
    await old.stop();
    const saved = JSON.parse((await import('node:fs')).readFileSync(stateFile, 'utf8'));
    saved.state.lambda = {
      functions: {},
      logGroups: { gone: ['START RequestId: r1 Version: $LATEST', 'hello', '', 'END RequestId: r1'] },
    };
    delete saved.state.logs;
    writeFileSync(stateFile, JSON.stringify(saved));
    const sb = await startTestSandbox({ empty: true, stateFile });
    try {
      const { lines } = await sb.control.control<{ lines: string[] }>('lambda', 'logs', { function: 'gone' });
      expect(lines).toEqual(['START RequestId: r1 Version: $LATEST', 'hello', '', 'END RequestId: r1']);
      const { logGroups } = await sb.sdk.logs.send(
        new DescribeLogGroupsCommand({ logGroupNamePrefix: '/aws/lambda/gone' }),
      );
      expect(logGroups!.map((g) => g.logGroupName)).toEqual(['/aws/lambda/gone']);
    } finally {
      await sb.stop();
    }
  });
});
