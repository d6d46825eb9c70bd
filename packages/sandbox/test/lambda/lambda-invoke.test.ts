/** Lambda Invoke runs the handler for real: results, errors, timeouts, environment, logs, warm reuse. */

import {
  AddPermissionCommand,
  CreateFunctionCommand,
  InvokeCommand,
  type LambdaClient,
} from '@aws-sdk/client-lambda';
import { CreateBucketCommand, GetObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invokeFunctionInternal } from '../../src/services/lambda/invoke.js';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';
import { lambdaRole, settled, zipOf } from './fixtures.js';

let t: TestSandbox;
let lambda: LambdaClient;
let role: string;
const errorOf = (p: Promise<unknown>) =>
  p.then(
    () => undefined,
    (e: any) => e,
  );
const text = (b: Uint8Array | undefined) => Buffer.from(b ?? []).toString('utf8');

async function deploy(name: string, files: Record<string, string>, extra: Record<string, unknown> = {}) {
  await lambda.send(
    new CreateFunctionCommand({
      FunctionName: name,
      Runtime: 'nodejs22.x',
      Handler: 'index.handler',
      Role: role,
      Code: { ZipFile: zipOf(files) },
      ...extra,
    }),
  );
  const { GetFunctionConfigurationCommand } = await import('@aws-sdk/client-lambda');
  await settled(() => lambda.send(new GetFunctionConfigurationCommand({ FunctionName: name })));
}

const invoke = (name: string, payload: unknown = {}, extra: Record<string, unknown> = {}) =>
  lambda.send(
    new InvokeCommand({ FunctionName: name, Payload: Buffer.from(JSON.stringify(payload)), ...extra }),
  );

beforeAll(async () => {
  t = await startTestSandbox({ empty: true, settings: { rolePropagationMs: 50, lambdaUpdateMs: 50 } });
  lambda = t.sdk.lambda;
  role = await lambdaRole(t.sdk.iam, 'invoke-role', 50);
});
afterAll(() => t.stop());

describe('Invoke', () => {
  it('returns the handler result and the log tail', async () => {
    await deploy('echo', {
      'index.js':
        'exports.handler = async (event, context) => { console.log("hello", event.n); return { twice: event.n * 2, name: context.functionName }; };',
    });
    const out = await invoke('echo', { n: 21 }, { LogType: 'Tail' });
    expect(out.StatusCode).toBe(200);
    expect(out.FunctionError).toBeUndefined();
    expect(JSON.parse(text(out.Payload))).toEqual({ twice: 42, name: 'echo' });
    const tail = Buffer.from(out.LogResult!, 'base64').toString();
    expect(tail).toMatch(/^START RequestId: [0-9a-f-]+ Version: \$LATEST/);
    expect(tail).toMatch(/\tINFO\thello 21\n/);
    expect(tail).toContain('REPORT RequestId:');
    const logs = await t.control.control<{ lines: string[] }>('lambda', 'logs', { function: 'echo' });
    expect(logs.lines.some((l) => l.endsWith('INFO\thello 21'))).toBe(true);
  });

  it('reports a thrown error as FunctionError Unhandled with errorType, errorMessage and trace', async () => {
    await deploy('thrower', {
      'index.js': 'exports.handler = async () => { throw new TypeError("bad input"); };',
    });
    const out = await invoke('thrower');
    expect(out.StatusCode).toBe(200);
    expect(out.FunctionError).toBe('Unhandled');
    const payload = JSON.parse(text(out.Payload));
    expect(payload).toMatchObject({ errorType: 'TypeError', errorMessage: 'bad input' });
    expect(payload.trace[0]).toBe('TypeError: bad input');
  });

  it('enforces the timeout by stopping the handler', async () => {
    await deploy(
      'sleeper',
      { 'index.js': 'exports.handler = () => new Promise((r) => setTimeout(r, 10000));' },
      { Timeout: 1 },
    );
    const started = Date.now();
    const out = await invoke('sleeper');
    expect(Date.now() - started).toBeLessThan(3000);
    expect(out.FunctionError).toBe('Unhandled');
    expect(JSON.parse(text(out.Payload)).errorMessage).toMatch(/Task timed out after 1\.00 seconds/);
  });

  it('runs with the function environment, the sandbox endpoint and role credentials', async () => {
    await deploy(
      'env',
      {
        'index.js': `exports.handler = async () => {
          const e = process.env;
          return { endpoint: e.AWS_ENDPOINT_URL, region: e.AWS_REGION, name: e.AWS_LAMBDA_FUNCTION_NAME,
            key: e.AWS_ACCESS_KEY_ID, token: !!e.AWS_SESSION_TOKEN, stage: e.STAGE };
        };`,
      },
      { Environment: { Variables: { STAGE: 'test' } } },
    );
    const env = JSON.parse(text((await invoke('env')).Payload));
    expect(env).toMatchObject({
      endpoint: t.endpoint,
      region: 'us-east-1',
      name: 'env',
      token: true,
      stage: 'test',
    });
    expect(env.key).toMatch(/^ASIA[0-9A-F]{16}$/);
  });

  it('keeps the execution environment warm between invocations', async () => {
    await deploy('counter', { 'index.js': 'let n = 0; exports.handler = async () => ++n;' });
    const counts = [];
    for (let i = 0; i < 3; i++) counts.push(JSON.parse(text((await invoke('counter')).Payload)));
    expect(counts).toEqual([1, 2, 3]);
  });

  it('runs an ES module handler that calls S3 with the real SDK', async () => {
    await t.sdk.s3.send(new CreateBucketCommand({ Bucket: 'lambda-out' }));
    await deploy('writer', {
      'index.mjs': `import { S3Client, PutObjectCommand } from '@aws-sdk/client-s3';
        const s3 = new S3Client({});
        export const handler = async (event) => {
          await s3.send(new PutObjectCommand({ Bucket: 'lambda-out', Key: event.key, Body: 'from lambda' }));
          return 'written';
        };`,
    });
    const out = await invoke('writer', { key: 'hello.txt' });
    expect(text(out.Payload)).toBe('"written"');
    const obj = await t.sdk.s3.send(new GetObjectCommand({ Bucket: 'lambda-out', Key: 'hello.txt' }));
    expect(await obj.Body!.transformToString()).toBe('from lambda');
  });

  it('reports a missing handler module as Runtime.ImportModuleError', async () => {
    await deploy('nomodule', { 'other.js': 'exports.handler = async () => 1;' });
    const out = await invoke('nomodule');
    expect(out.FunctionError).toBe('Unhandled');
    expect(JSON.parse(text(out.Payload)).errorType).toBe('Runtime.ImportModuleError');
  });

  it('accepts an Event invocation with 202 and runs it in the background', async () => {
    await deploy('async', { 'index.js': 'exports.handler = async (e) => { console.log("async", e.id); };' });
    const out = await invoke('async', { id: 'x1' }, { InvocationType: 'Event' });
    expect(out.StatusCode).toBe(202);
    for (let i = 0; i < 100; i++) {
      const { lines } = await t.control.control<{ lines: string[] }>('lambda', 'logs', { function: 'async' });
      if (lines.some((l) => l.endsWith('INFO\tasync x1'))) return;
      await new Promise((r) => setTimeout(r, 30));
    }
    throw new Error('the event invocation never ran');
  });

  it('refuses to invoke a Pending function with 409', async () => {
    await t.control.settings({ lambdaUpdateMs: 5000 });
    await lambda.send(
      new CreateFunctionCommand({
        FunctionName: 'pending',
        Runtime: 'nodejs22.x',
        Handler: 'index.handler',
        Role: role,
        Code: { ZipFile: zipOf({ 'index.js': '' }) },
      }),
    );
    await t.control.settings({ lambdaUpdateMs: 50 });
    const err = await errorOf(invoke('pending'));
    expect(err.name).toBe('ResourceConflictException');
  });

  it('lets a service principal invoke only when the resource policy allows it for that source', async () => {
    await deploy('guarded', { 'index.js': 'exports.handler = async () => "in";' });
    const rule = 'arn:aws:events:us-east-1:123456789012:rule/tick';
    const invoker = { principal: 'events.amazonaws.com', sourceArn: rule };
    const denied = await errorOf(invokeFunctionInternal(t.sandbox, 'guarded', {}, invoker));
    expect(denied.code).toBe('AccessDeniedException');
    await lambda.send(
      new AddPermissionCommand({
        FunctionName: 'guarded',
        StatementId: 'tick',
        Action: 'lambda:InvokeFunction',
        Principal: 'events.amazonaws.com',
        SourceArn: rule,
      }),
    );
    const other = await errorOf(
      invokeFunctionInternal(t.sandbox, 'guarded', {}, { ...invoker, sourceArn: `${rule}-other` }),
    );
    expect(other.code).toBe('AccessDeniedException');
    const ok = await invokeFunctionInternal(t.sandbox, 'guarded', {}, invoker);
    expect(ok.payload).toBe('"in"');
  });
});
