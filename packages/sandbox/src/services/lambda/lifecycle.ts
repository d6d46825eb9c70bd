/**
 * Function lookup and lifecycle. `State` is Pending after create and `LastUpdateStatus` InProgress
 * after an update, for `lambdaUpdateMs` real ms; the transition is applied whenever the function is
 * read, so every caller sees the same answer at the same moment.
 */
import type { Sandbox } from '../../core/types.js';
import { functionNotFound, resourceConflict } from './errors.js';
import { type LambdaFunction, lambdaState } from './state.js';

/** The ARN for a function name in the sandbox's account and region. */
export function functionArn(sb: Sandbox, name: string): string {
  return `arn:aws:lambda:${sb.region}:${sb.accountId}:function:${name}`;
}

/** The bare name from a name, a full or partial ARN (`123456789012:function:name`), minus a qualifier. */
export function functionNameOf(nameOrArn: string): string {
  const m = /^(?:arn:[^:]+:lambda:[^:]+:)?(?:\d{12}:)?(?:function:)?([a-zA-Z0-9-_]+)(?::[$\w-]+)?$/.exec(
    nameOrArn,
  );
  return m ? m[1]! : nameOrArn;
}

/**
 * The sandbox keeps only `$LATEST` (no published versions or aliases): any other qualifier, in the
 * name (`fn:prod`) or as `?Qualifier=`, names a function that does not exist.
 */
export function assertLatestQualifier(sb: Sandbox, nameOrArn: string, qualifier: string | null): void {
  const inName = /:([$\w-]+)$/.exec(
    nameOrArn.replace(/^(arn:[^:]+:lambda:[^:]+:)?(\d{12}:)?function:/, ''),
  )?.[1];
  const q = qualifier ?? inName;
  if (q !== undefined && q !== '$LATEST') {
    throw functionNotFound(`${functionArn(sb, functionNameOf(nameOrArn))}:${q}`);
  }
}

/** Applies a finished create/update (Pending -> Active, InProgress -> Successful). */
export function settle(sb: Sandbox, fn: LambdaFunction): LambdaFunction {
  if (Date.now() < fn.busyUntilReal) return fn;
  if (fn.state === 'Pending' || fn.lastUpdateStatus === 'InProgress') {
    fn.state = 'Active';
    fn.lastUpdateStatus = 'Successful';
    fn.revisionId = sb.uuid();
    sb.markDirty();
  }
  return fn;
}

/** The function a request names, settled, or 404 "Function not found: <arn>". */
export function getFunctionOrThrow(sb: Sandbox, nameOrArn: string): LambdaFunction {
  const name = functionNameOf(nameOrArn);
  const fn = lambdaState(sb).functions[name];
  if (!fn) throw functionNotFound(functionArn(sb, name));
  return settle(sb, fn);
}

/** Refuses a change while the function is still being created or updated (409). */
export function assertNotBusy(fn: LambdaFunction): void {
  if (fn.state === 'Pending') {
    throw resourceConflict(
      'The operation cannot be performed at this time. The function is currently in the following state: Pending',
    );
  }
  if (fn.lastUpdateStatus === 'InProgress') {
    throw resourceConflict(
      `The operation cannot be performed at this time. An update is in progress for resource: ${fn.arn}`,
    );
  }
}

/** Marks the function as being updated from now on. */
export function beginUpdate(sb: Sandbox, fn: LambdaFunction): void {
  fn.lastUpdateStatus = 'InProgress';
  fn.busyUntilReal = Date.now() + sb.settings.lambdaUpdateMs;
  fn.lastModified = sb.clock.now();
  fn.revisionId = sb.uuid();
  sb.markDirty();
}

/** Lambda's LastModified format: `2024-01-01T00:00:00.000+0000`. */
export function lambdaTimestamp(ms: number): string {
  return new Date(ms).toISOString().replace('Z', '+0000');
}

/** FunctionConfiguration as Lambda returns it. */
export function configurationOf(fn: LambdaFunction): Record<string, unknown> {
  const updating = fn.lastUpdateStatus === 'InProgress';
  return {
    FunctionName: fn.name,
    FunctionArn: fn.arn,
    ...(fn.runtime ? { Runtime: fn.runtime } : {}),
    Role: fn.role,
    ...(fn.handler ? { Handler: fn.handler } : {}),
    CodeSize: fn.codeSize,
    Description: fn.description,
    Timeout: fn.timeout,
    MemorySize: fn.memorySize,
    LastModified: lambdaTimestamp(fn.lastModified),
    CodeSha256: fn.codeSha256,
    Version: '$LATEST',
    ...(Object.keys(fn.environment).length > 0 ? { Environment: { Variables: fn.environment } } : {}),
    TracingConfig: { Mode: 'PassThrough' },
    RevisionId: fn.revisionId,
    State: fn.state,
    ...(fn.state === 'Pending'
      ? { StateReason: 'The function is being created.', StateReasonCode: 'Creating' }
      : {}),
    ...(fn.lastUpdateStatus ? { LastUpdateStatus: fn.lastUpdateStatus } : {}),
    ...(updating
      ? { LastUpdateStatusReason: 'The function is being updated.', LastUpdateStatusReasonCode: 'Updating' }
      : {}),
    PackageType: 'Zip',
    Architectures: fn.architectures,
    EphemeralStorage: { Size: fn.ephemeralStorage },
    SnapStart: { ApplyOn: 'None', OptimizationStatus: 'Off' },
    LoggingConfig: { LogFormat: 'Text', LogGroup: `/aws/lambda/${fn.name}` },
  };
}
