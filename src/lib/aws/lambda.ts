/** The Lambda calls rails makes: the scheduled sync function, its code, configuration and permission. */
import {
  AddPermissionCommand,
  CreateFunctionCommand,
  DeleteFunctionCommand,
  type FunctionConfiguration,
  GetFunctionCommand,
  type GetFunctionCommandOutput,
  GetFunctionConfigurationCommand,
  GetPolicyCommand,
  RemovePermissionCommand,
  UpdateFunctionCodeCommand,
  UpdateFunctionConfigurationCommand,
} from '@aws-sdk/client-lambda';
import { FailedError } from '../errors.js';
import { sleep } from '../sleep.js';
import type { AwsClients } from './clients.js';
import { errorCode } from './errors.js';

export async function getFunction(
  aws: AwsClients,
  name: string,
): Promise<GetFunctionCommandOutput | undefined> {
  const client = await aws.lambda();
  try {
    return await client.send(new GetFunctionCommand({ FunctionName: name }));
  } catch (err) {
    if (errorCode(err) === 'ResourceNotFoundException') return undefined;
    throw err;
  }
}

export interface FunctionSpec {
  name: string;
  roleArn: string;
  runtime: string;
  handler: string;
  timeout: number;
  memorySize: number;
  description: string;
  environment: Record<string, string>;
}

/** A new role cannot be assumed by Lambda for a few seconds (docs/aws-behaviour.md §7). */
function isRolePropagation(err: unknown): boolean {
  return (
    errorCode(err) === 'InvalidParameterValueException' && /cannot be assumed/i.test((err as Error).message)
  );
}

/**
 * Creates the function from a zip, retrying with backoff (up to `maxWaitMs`, default 60 s) while its
 * new role is not yet assumable. Not idempotent on AWS: check with getFunction first.
 */
export async function createFunction(
  aws: AwsClients,
  spec: FunctionSpec,
  zip: Uint8Array,
  tags: Record<string, string>,
  maxWaitMs = 60_000,
): Promise<FunctionConfiguration> {
  const client = await aws.lambda();
  const deadline = Date.now() + maxWaitMs;
  for (let delay = 1000; ; delay = Math.min(delay * 2, 8000)) {
    try {
      return await client.send(
        new CreateFunctionCommand({
          FunctionName: spec.name,
          Role: spec.roleArn,
          Runtime: spec.runtime as any,
          Handler: spec.handler,
          Timeout: spec.timeout,
          MemorySize: spec.memorySize,
          Description: spec.description,
          Environment: { Variables: spec.environment },
          Code: { ZipFile: zip },
          Tags: tags,
        }),
      );
    } catch (err) {
      if (!isRolePropagation(err) || Date.now() + delay > deadline) throw err;
      await sleep(delay);
    }
  }
}

/**
 * Waits until the function is Active and no update is in progress: AWS answers 409 to an update made
 * while another is InProgress (docs/aws-behaviour.md §7).
 */
export async function waitFunctionReady(aws: AwsClients, name: string, timeoutMs = 300_000): Promise<void> {
  const client = await aws.lambda();
  const deadline = Date.now() + timeoutMs;
  for (let delay = 100; ; delay = Math.min(delay * 2, 2000)) {
    const c = await client.send(new GetFunctionConfigurationCommand({ FunctionName: name }));
    if (c.State === 'Failed' || c.LastUpdateStatus === 'Failed') {
      throw new FailedError(
        `Lambda ${name}: ${c.StateReason ?? c.LastUpdateStatusReason ?? 'the last update failed'}`,
      );
    }
    if (c.State !== 'Pending' && c.LastUpdateStatus !== 'InProgress') return;
    if (Date.now() > deadline)
      throw new FailedError(`Lambda ${name} still updating after ${timeoutMs / 1000} s`);
    await sleep(delay);
  }
}

export async function updateFunctionCode(aws: AwsClients, name: string, zip: Uint8Array): Promise<void> {
  const client = await aws.lambda();
  await client.send(new UpdateFunctionCodeCommand({ FunctionName: name, ZipFile: zip }));
}

export async function updateFunctionConfiguration(aws: AwsClients, spec: FunctionSpec): Promise<void> {
  const client = await aws.lambda();
  await client.send(
    new UpdateFunctionConfigurationCommand({
      FunctionName: spec.name,
      Role: spec.roleArn,
      Runtime: spec.runtime as any,
      Handler: spec.handler,
      Timeout: spec.timeout,
      MemorySize: spec.memorySize,
      Description: spec.description,
      Environment: { Variables: spec.environment },
    }),
  );
}

export interface PolicyStatement {
  Sid?: string;
  Effect?: string;
  Principal?: { Service?: string } | string;
  Action?: string | string[];
  Resource?: string | string[];
  Condition?: Record<string, Record<string, string>>;
}

/** The function's resource policy statements ([] when it has none). */
export async function functionPolicyStatements(aws: AwsClients, name: string): Promise<PolicyStatement[]> {
  const client = await aws.lambda();
  try {
    const out = await client.send(new GetPolicyCommand({ FunctionName: name }));
    return (JSON.parse(out.Policy ?? '{}').Statement ?? []) as PolicyStatement[];
  } catch (err) {
    if (errorCode(err) === 'ResourceNotFoundException') return [];
    throw err;
  }
}

export async function addInvokePermission(
  aws: AwsClients,
  input: { functionName: string; statementId: string; principal: string; sourceArn: string },
): Promise<void> {
  const client = await aws.lambda();
  await client.send(
    new AddPermissionCommand({
      FunctionName: input.functionName,
      StatementId: input.statementId,
      Action: 'lambda:InvokeFunction',
      Principal: input.principal,
      SourceArn: input.sourceArn,
    }),
  );
}

export async function removePermission(
  aws: AwsClients,
  functionName: string,
  statementId: string,
): Promise<void> {
  const client = await aws.lambda();
  await client.send(new RemovePermissionCommand({ FunctionName: functionName, StatementId: statementId }));
}

export async function deleteFunction(aws: AwsClients, name: string): Promise<void> {
  const client = await aws.lambda();
  await client.send(new DeleteFunctionCommand({ FunctionName: name }));
}
