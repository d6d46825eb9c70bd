/** Lambda conformance: functions, lifecycle and permissions through the real SDK over loopback. */

import { createHash } from 'node:crypto';
import { CreateRoleCommand } from '@aws-sdk/client-iam';
import {
  AddPermissionCommand,
  CreateFunctionCommand,
  DeleteFunctionCommand,
  GetFunctionCommand,
  GetFunctionConfigurationCommand,
  GetPolicyCommand,
  type LambdaClient,
  RemovePermissionCommand,
  UpdateFunctionCodeCommand,
  UpdateFunctionConfigurationCommand,
} from '@aws-sdk/client-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';
import { LAMBDA_TRUST, lambdaRole, settled, zipOf } from './fixtures.js';

const PROPAGATION_MS = 150;
const UPDATE_MS = 150;
let t: TestSandbox;
let lambda: LambdaClient;
let role: string;
const code = zipOf({ 'index.js': 'exports.handler = async () => "ok";' });
const errorOf = (p: Promise<unknown>) =>
  p.then(
    () => undefined,
    (e: any) => e,
  );
const create = (name: string, extra: Record<string, unknown> = {}) =>
  lambda.send(
    new CreateFunctionCommand({
      FunctionName: name,
      Runtime: 'nodejs22.x',
      Handler: 'index.handler',
      Role: role,
      Code: { ZipFile: code },
      ...extra,
    }),
  );
const config = (name: string) => () =>
  lambda.send(new GetFunctionConfigurationCommand({ FunctionName: name }));

beforeAll(async () => {
  t = await startTestSandbox({
    empty: true,
    settings: { rolePropagationMs: PROPAGATION_MS, lambdaUpdateMs: UPDATE_MS },
  });
  lambda = t.sdk.lambda;
  role = await lambdaRole(t.sdk.iam, 'fn-role', PROPAGATION_MS);
});
afterAll(() => t.stop());

describe('CreateFunction', () => {
  it('creates a Pending function that becomes Active, with defaults and a base64 SHA-256', async () => {
    const out = await create('fn-create');
    expect(out.$metadata.httpStatusCode).toBe(201);
    expect(out.State).toBe('Pending');
    expect(out.Timeout).toBe(3);
    expect(out.MemorySize).toBe(128);
    expect(out.FunctionArn).toBe('arn:aws:lambda:us-east-1:123456789012:function:fn-create');
    expect(out.CodeSha256).toBe(createHash('sha256').update(code).digest('base64'));
    expect(out.LastModified).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+0000$/);
    const active = await settled(config('fn-create'));
    expect(active.LastUpdateStatus).toBe('Successful');
  });

  it('is not idempotent: 409 ResourceConflictException', async () => {
    await create('fn-twice');
    const err = await errorOf(create('fn-twice'));
    expect(err.name).toBe('ResourceConflictException');
    expect(err.message).toBe('Function already exist: fn-twice');
    expect(err.$metadata.httpStatusCode).toBe(409);
  });

  it.each(['nodejs20.x', 'nodejs18.x', 'python2.7', 'nodejs16.x'])(
    'refuses the deprecated runtime %s',
    async (runtime) => {
      const err = await errorOf(create(`fn-old-${runtime.replace(/\W/g, '')}`, { Runtime: runtime }));
      expect(err.name).toBe('InvalidParameterValueException');
    },
  );

  it.each(['nodejs24.x', 'python3.13', 'java21'])('accepts the current runtime %s', async (runtime) => {
    await expect(create(`fn-rt-${runtime.replace(/\W/g, '')}`, { Runtime: runtime })).resolves.toBeDefined();
  });

  it.each([
    ['a timeout of 0', { Timeout: 0 }],
    ['a timeout of 901', { Timeout: 901 }],
    ['64 MB of memory', { MemorySize: 64 }],
  ])('refuses %s with ValidationException', async (_label, extra) => {
    const err = await errorOf(create('fn-limits', extra));
    expect(err.name).toBe('ValidationException');
  });

  it('refuses a bad name with ValidationException', async () => {
    expect((await errorOf(create('bad name!'))).name).toBe('ValidationException');
  });

  it('needs Runtime and Handler for a zip package', async () => {
    const err = await errorOf(create('fn-nohandler', { Handler: undefined }));
    expect(err.name).toBe('InvalidParameterValueException');
  });

  it('refuses a role that has not propagated yet, then accepts it', async () => {
    const young = await t.sdk.iam.send(
      new CreateRoleCommand({ RoleName: 'young', AssumeRolePolicyDocument: LAMBDA_TRUST }),
    );
    const err = await errorOf(create('fn-young', { Role: young.Role!.Arn }));
    expect(err.name).toBe('InvalidParameterValueException');
    expect(err.message).toBe('The role defined for the function cannot be assumed by Lambda.');
    await new Promise((r) => setTimeout(r, PROPAGATION_MS + 20));
    await expect(create('fn-young', { Role: young.Role!.Arn })).resolves.toBeDefined();
  });

  it('refuses a role that does not exist', async () => {
    const err = await errorOf(create('fn-norole', { Role: 'arn:aws:iam::123456789012:role/none' }));
    expect(err.name).toBe('InvalidParameterValueException');
  });

  it('refuses a package that is not a zip', async () => {
    const err = await errorOf(create('fn-notzip', { Code: { ZipFile: Buffer.from('not a zip') } }));
    expect(err.name).toBe('InvalidParameterValueException');
  });
});

describe('GetFunction / DeleteFunction', () => {
  it('returns the configuration and a code location', async () => {
    await create('fn-get');
    const out = await lambda.send(new GetFunctionCommand({ FunctionName: 'fn-get' }));
    expect(out.Configuration?.FunctionName).toBe('fn-get');
    expect(out.Code?.RepositoryType).toBe('S3');
    expect(out.Code?.Location).toMatch(/^https:\/\//);
  });

  it('answers 404 ResourceNotFoundException with the ARN for an unknown function', async () => {
    const err = await errorOf(lambda.send(new GetFunctionCommand({ FunctionName: 'nope' })));
    expect(err.name).toBe('ResourceNotFoundException');
    expect(err.message).toBe('Function not found: arn:aws:lambda:us-east-1:123456789012:function:nope');
    expect(err.$metadata.httpStatusCode).toBe(404);
  });

  it('deletes a function', async () => {
    await create('fn-delete');
    await lambda.send(new DeleteFunctionCommand({ FunctionName: 'fn-delete' }));
    const err = await errorOf(lambda.send(new GetFunctionCommand({ FunctionName: 'fn-delete' })));
    expect(err.name).toBe('ResourceNotFoundException');
  });
});

describe('updates', () => {
  it('goes InProgress then Successful, with 409 for a second update meanwhile', async () => {
    await create('fn-update');
    await settled(config('fn-update'));
    const out = await lambda.send(
      new UpdateFunctionConfigurationCommand({ FunctionName: 'fn-update', Timeout: 30 }),
    );
    expect(out.LastUpdateStatus).toBe('InProgress');
    const err = await errorOf(
      lambda.send(new UpdateFunctionConfigurationCommand({ FunctionName: 'fn-update', Timeout: 31 })),
    );
    expect(err.name).toBe('ResourceConflictException');
    expect(err.message).toContain(
      'An update is in progress for resource: arn:aws:lambda:us-east-1:123456789012:function:fn-update',
    );
    const done = await settled(config('fn-update'));
    expect(done.LastUpdateStatus).toBe('Successful');
    expect(done.Timeout).toBe(30);
  });

  it('refuses an update while the function is still Pending', async () => {
    await create('fn-pending');
    const err = await errorOf(
      lambda.send(new UpdateFunctionConfigurationCommand({ FunctionName: 'fn-pending', Timeout: 5 })),
    );
    expect(err.name).toBe('ResourceConflictException');
  });

  it('answers 412 PreconditionFailedException for a stale RevisionId', async () => {
    await create('fn-rev');
    const first = await settled(config('fn-rev'));
    await lambda.send(
      new UpdateFunctionConfigurationCommand({
        FunctionName: 'fn-rev',
        Description: 'x',
        RevisionId: first.RevisionId,
      }),
    );
    await settled(config('fn-rev'));
    const err = await errorOf(
      lambda.send(
        new UpdateFunctionConfigurationCommand({
          FunctionName: 'fn-rev',
          Description: 'y',
          RevisionId: first.RevisionId,
        }),
      ),
    );
    expect(err.name).toBe('PreconditionFailedException');
    expect(err.$metadata.httpStatusCode).toBe(412);
  });

  it('UpdateFunctionCode changes CodeSha256', async () => {
    await create('fn-code');
    await settled(config('fn-code'));
    const next = zipOf({ 'index.js': 'exports.handler = async () => "v2";' });
    const out = await lambda.send(new UpdateFunctionCodeCommand({ FunctionName: 'fn-code', ZipFile: next }));
    expect(out.CodeSha256).toBe(createHash('sha256').update(next).digest('base64'));
    expect(out.LastUpdateStatus).toBe('InProgress');
  });
});

describe('permissions', () => {
  const rule = 'arn:aws:events:us-east-1:123456789012:rule/every-minute';

  it('adds a statement (201) that GetPolicy returns with its SourceArn condition', async () => {
    await create('fn-perm');
    const out = await lambda.send(
      new AddPermissionCommand({
        FunctionName: 'fn-perm',
        StatementId: 'events',
        Action: 'lambda:InvokeFunction',
        Principal: 'events.amazonaws.com',
        SourceArn: rule,
      }),
    );
    expect(out.$metadata.httpStatusCode).toBe(201);
    expect(JSON.parse(out.Statement!).Sid).toBe('events');
    const policy = JSON.parse((await lambda.send(new GetPolicyCommand({ FunctionName: 'fn-perm' }))).Policy!);
    expect(policy.Statement).toEqual([
      {
        Sid: 'events',
        Effect: 'Allow',
        Principal: { Service: 'events.amazonaws.com' },
        Action: 'lambda:InvokeFunction',
        Resource: 'arn:aws:lambda:us-east-1:123456789012:function:fn-perm',
        Condition: { ArnLike: { 'AWS:SourceArn': rule } },
      },
    ]);
  });

  it('refuses a duplicate statement id with 409', async () => {
    await create('fn-dup');
    const add = () =>
      lambda.send(
        new AddPermissionCommand({
          FunctionName: 'fn-dup',
          StatementId: 's1',
          Action: 'lambda:InvokeFunction',
          Principal: 'events.amazonaws.com',
        }),
      );
    await add();
    const err = await errorOf(add());
    expect(err.name).toBe('ResourceConflictException');
    expect(err.message).toBe(
      'The statement id (s1) provided already exists. Please choose another statement id.',
    );
  });

  it('removes a statement; GetPolicy on an empty policy is ResourceNotFoundException', async () => {
    await create('fn-rm');
    await lambda.send(
      new AddPermissionCommand({
        FunctionName: 'fn-rm',
        StatementId: 's1',
        Action: 'lambda:InvokeFunction',
        Principal: 'events.amazonaws.com',
      }),
    );
    await lambda.send(new RemovePermissionCommand({ FunctionName: 'fn-rm', StatementId: 's1' }));
    expect((await errorOf(lambda.send(new GetPolicyCommand({ FunctionName: 'fn-rm' })))).name).toBe(
      'ResourceNotFoundException',
    );
    const again = await errorOf(
      lambda.send(new RemovePermissionCommand({ FunctionName: 'fn-rm', StatementId: 's1' })),
    );
    expect(again.name).toBe('ResourceNotFoundException');
  });

  it('refuses a statement id with bad characters', async () => {
    await create('fn-badsid');
    const err = await errorOf(
      lambda.send(
        new AddPermissionCommand({
          FunctionName: 'fn-badsid',
          StatementId: 'a b',
          Action: 'lambda:InvokeFunction',
          Principal: 'events.amazonaws.com',
        }),
      ),
    );
    expect(err.name).toBe('ValidationException');
  });
});

describe('qualifiers', () => {
  it('finds $LATEST by name, ARN and partial ARN, and nothing under other qualifiers', async () => {
    await create('fn-qual');
    for (const name of [
      'fn-qual',
      'fn-qual:$LATEST',
      '123456789012:function:fn-qual',
      'arn:aws:lambda:us-east-1:123456789012:function:fn-qual',
    ]) {
      expect(
        (await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: name }))).FunctionName,
      ).toBe('fn-qual');
    }
    const err = await errorOf(
      lambda.send(new GetFunctionConfigurationCommand({ FunctionName: 'fn-qual', Qualifier: 'prod' })),
    );
    expect(err.name).toBe('ResourceNotFoundException');
    expect(err.message).toBe(
      'Function not found: arn:aws:lambda:us-east-1:123456789012:function:fn-qual:prod',
    );
  });
});
