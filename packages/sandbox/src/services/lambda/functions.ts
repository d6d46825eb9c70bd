/** CreateFunction, Get/Delete/ListFunctions, UpdateFunctionCode, UpdateFunctionConfiguration. */
import { AwsError } from '../../core/aws-error.js';
import type { Sandbox } from '../../core/types.js';
import { loadCodePackage } from './code-package.js';
import { invalidParameter, preconditionFailed, resourceConflict } from './errors.js';
import {
  assertNotBusy,
  beginUpdate,
  configurationOf,
  functionArn,
  getFunctionOrThrow,
  settle,
} from './lifecycle.js';
import { assertRuntime } from './runtimes.js';
import { type LambdaFunction, lambdaState } from './state.js';
import {
  assertEnvironment,
  assertFunctionName,
  assertHandler,
  assertMemorySize,
  assertRoleAssumable,
  assertTimeout,
} from './validate.js';
import { retireWorkers } from './workers.js';

export function createFunction(sb: Sandbox, input: any): { status: number; body: unknown } {
  assertFunctionName(input.FunctionName);
  const name: string = input.FunctionName;
  if (input.PackageType === 'Image')
    throw invalidParameter('Container images are not supported by the sandbox.');
  if (!input.Runtime || !input.Handler) {
    throw invalidParameter(
      'Runtime and Handler are mandatory parameters for functions created with deployment packages.',
    );
  }
  assertRuntime(input.Runtime, sb.clock.now());
  assertHandler(input.Handler);
  const timeout = input.Timeout === undefined ? 3 : assertTimeout(input.Timeout);
  const memorySize = input.MemorySize === undefined ? 128 : assertMemorySize(input.MemorySize);
  const environment = assertEnvironment(input.Environment?.Variables);
  const functions = lambdaState(sb).functions;
  if (functions[name]) throw resourceConflict(`Function already exist: ${name}`);
  const role = assertRoleAssumable(sb, input.Role);
  const code = loadCodePackage(sb, input.Code);
  const fn: LambdaFunction = {
    name,
    arn: functionArn(sb, name),
    runtime: input.Runtime,
    handler: input.Handler,
    role,
    description: input.Description ?? '',
    timeout,
    memorySize,
    environment,
    architectures: input.Architectures ?? ['x86_64'],
    ephemeralStorage: input.EphemeralStorage?.Size ?? 512,
    zip: code.zip.toString('base64'),
    codeSha256: code.sha256,
    codeSize: code.size,
    lastModified: sb.clock.now(),
    revisionId: sb.uuid(),
    state: 'Pending',
    busyUntilReal: Date.now() + sb.settings.lambdaUpdateMs,
    policy: [],
    tags: input.Tags ?? {},
  };
  functions[name] = fn;
  sb.markDirty();
  return { status: 201, body: configurationOf(settle(sb, fn)) };
}

export function getFunction(sb: Sandbox, name: string): unknown {
  const fn = getFunctionOrThrow(sb, name);
  const token = sb.hex(32);
  return {
    Configuration: configurationOf(fn),
    Code: {
      RepositoryType: 'S3',
      // A presigned-style link, valid for 10 minutes as on AWS.
      Location: `https://awslambda-${sb.region}-tasks.s3.${sb.region}.amazonaws.com/snapshots/${sb.accountId}/${fn.name}-${token}?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Expires=600`,
    },
    ...(Object.keys(fn.tags).length > 0 ? { Tags: fn.tags } : {}),
  };
}

export function getFunctionConfiguration(sb: Sandbox, name: string): unknown {
  return configurationOf(getFunctionOrThrow(sb, name));
}

export function deleteFunction(sb: Sandbox, name: string): void {
  const fn = getFunctionOrThrow(sb, name);
  delete lambdaState(sb).functions[fn.name];
  retireWorkers(sb, fn.name);
  sb.markDirty();
}

export function listFunctions(sb: Sandbox, marker: string | null, maxItems: string | null): unknown {
  const all = Object.values(lambdaState(sb).functions)
    .map((fn) => settle(sb, fn))
    .sort((a, b) => a.name.localeCompare(b.name));
  const limit = Math.min(Number(maxItems ?? 50) || 50, sb.settings.maxPageSize ?? 50);
  const start = marker ? Number(Buffer.from(marker, 'base64').toString()) || 0 : 0;
  const page = all.slice(start, start + limit);
  const next = start + limit < all.length ? Buffer.from(String(start + limit)).toString('base64') : undefined;
  return { Functions: page.map(configurationOf), ...(next ? { NextMarker: next } : {}) };
}

function checkRevision(fn: LambdaFunction, revisionId: unknown): void {
  if (revisionId !== undefined && revisionId !== fn.revisionId) throw preconditionFailed();
}

export function updateFunctionCode(sb: Sandbox, name: string, input: any): unknown {
  const fn = getFunctionOrThrow(sb, name);
  checkRevision(fn, input.RevisionId);
  assertNotBusy(fn);
  const code = loadCodePackage(sb, input);
  if (input.DryRun) return configurationOf(fn);
  fn.zip = code.zip.toString('base64');
  fn.codeSha256 = code.sha256;
  fn.codeSize = code.size;
  beginUpdate(sb, fn);
  retireWorkers(sb, fn.name);
  return configurationOf(fn);
}

export function updateFunctionConfiguration(sb: Sandbox, name: string, input: any): unknown {
  const fn = getFunctionOrThrow(sb, name);
  checkRevision(fn, input.RevisionId);
  assertNotBusy(fn);
  if (input.Runtime !== undefined) assertRuntime(input.Runtime, sb.clock.now());
  if (input.Handler !== undefined) assertHandler(input.Handler);
  const timeout = input.Timeout === undefined ? fn.timeout : assertTimeout(input.Timeout);
  const memorySize = input.MemorySize === undefined ? fn.memorySize : assertMemorySize(input.MemorySize);
  const environment =
    input.Environment === undefined ? fn.environment : assertEnvironment(input.Environment?.Variables);
  const role = input.Role === undefined ? fn.role : assertRoleAssumable(sb, input.Role);
  if (input.PackageType !== undefined && input.PackageType !== 'Zip') {
    throw new AwsError('InvalidParameterValueException', 'PackageType cannot be changed.', 400);
  }
  Object.assign(fn, {
    runtime: input.Runtime ?? fn.runtime,
    handler: input.Handler ?? fn.handler,
    description: input.Description ?? fn.description,
    timeout,
    memorySize,
    environment,
    role,
    ephemeralStorage: input.EphemeralStorage?.Size ?? fn.ephemeralStorage,
  });
  beginUpdate(sb, fn);
  retireWorkers(sb, fn.name);
  return configurationOf(fn);
}
