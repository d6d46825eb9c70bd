/** Input rules for CreateFunction / Update*: names, limits, environment, role. */
import type { Sandbox } from '../../core/types.js';
import { findRoleByArn } from '../iam/roles.js';
import { invalidParameter, validationException } from './errors.js';

const NAME = /^[a-zA-Z0-9-_]{1,64}$/;
const ROLE_ARN = /^arn:(aws[a-zA-Z-]*)?:iam::\d{12}:role\/?[a-zA-Z_0-9+=,.@\-_/]+$/;
/** Variables Lambda sets itself; a function may not override them. */
const RESERVED_ENV = [
  '_HANDLER',
  '_X_AMZN_TRACE_ID',
  'AWS_DEFAULT_REGION',
  'AWS_REGION',
  'AWS_EXECUTION_ENV',
  'AWS_LAMBDA_FUNCTION_NAME',
  'AWS_LAMBDA_FUNCTION_MEMORY_SIZE',
  'AWS_LAMBDA_FUNCTION_VERSION',
  'AWS_LAMBDA_INITIALIZATION_TYPE',
  'AWS_LAMBDA_LOG_GROUP_NAME',
  'AWS_LAMBDA_LOG_STREAM_NAME',
  'AWS_ACCESS_KEY',
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_LAMBDA_RUNTIME_API',
  'LAMBDA_TASK_ROOT',
  'LAMBDA_RUNTIME_DIR',
];

export function assertFunctionName(name: unknown): asserts name is string {
  if (typeof name !== 'string' || !NAME.test(name)) {
    throw validationException(
      'functionName',
      name,
      'Member must satisfy regular expression pattern: (arn:(aws[a-zA-Z-]*)?:lambda:)?([a-z]{2}(-gov)?-[a-z]+-\\d{1}:)?(\\d{12}:)?(function:)?([a-zA-Z0-9-_]+)(:(\\$LATEST|[a-zA-Z0-9-_]+))?',
    );
  }
}

export function assertTimeout(timeout: unknown): number {
  const t = Number(timeout);
  if (!Number.isInteger(t) || t < 1)
    throw validationException('timeout', timeout, 'Member must have value greater than or equal to 1');
  if (t > 900)
    throw validationException('timeout', timeout, 'Member must have value less than or equal to 900');
  return t;
}

export function assertMemorySize(memory: unknown): number {
  const m = Number(memory);
  if (!Number.isInteger(m) || m < 128)
    throw validationException('memorySize', memory, 'Member must have value greater than or equal to 128');
  if (m > 10240)
    throw validationException('memorySize', memory, 'Member must have value less than or equal to 10240');
  return m;
}

export function assertHandler(handler: unknown): void {
  if (typeof handler !== 'string' || !/^[^\s]{1,128}$/.test(handler)) {
    throw validationException('handler', handler, 'Member must satisfy regular expression pattern: [^\\s]+');
  }
}

/** Environment variables: no reserved keys, 4 KB in total. */
export function assertEnvironment(vars: unknown): Record<string, string> {
  if (vars === undefined || vars === null) return {};
  const env = vars as Record<string, unknown>;
  const reserved = Object.keys(env).filter((k) => RESERVED_ENV.includes(k));
  if (reserved.length > 0) {
    throw invalidParameter(
      `Lambda was unable to configure your environment variables because the environment variables you have provided contains reserved keys that are currently not supported for modification. Reserved keys used in this request: ${reserved.join(', ')}`,
    );
  }
  for (const key of Object.keys(env)) {
    if (!/^[a-zA-Z]([a-zA-Z0-9_])+$/.test(key)) {
      throw validationException(
        'environment.variables',
        key,
        'Member must satisfy regular expression pattern: [a-zA-Z]([a-zA-Z0-9_])+',
      );
    }
  }
  const text = JSON.stringify(env);
  if (Buffer.byteLength(text) > 4096) {
    throw invalidParameter(
      `Lambda was unable to configure your environment variables because the environment variables you have provided exceeded the 4KB limit. String measured: ${text}`,
    );
  }
  return Object.fromEntries(Object.entries(env).map(([k, v]) => [k, String(v)]));
}

/** Does the trust policy let `lambda.amazonaws.com` call sts:AssumeRole? */
function trustsLambda(document: string): boolean {
  try {
    const policy = JSON.parse(document) as { Statement?: unknown };
    const statements = Array.isArray(policy.Statement) ? policy.Statement : [policy.Statement];
    return statements.some((s: any) => {
      if (s?.Effect !== 'Allow') return false;
      const actions = ([] as string[]).concat(s.Action ?? []);
      if (!actions.some((a) => a === 'sts:AssumeRole' || a === 'sts:*' || a === '*')) return false;
      const services = ([] as string[]).concat(s.Principal?.Service ?? []);
      return s.Principal === '*' || services.includes('lambda.amazonaws.com');
    });
  } catch {
    return false;
  }
}

/**
 * The execution role must exist, trust Lambda, and be older than the propagation delay (real ms):
 * otherwise AWS answers "cannot be assumed by Lambda", which callers retry.
 */
export function assertRoleAssumable(sb: Sandbox, roleArn: unknown): string {
  if (typeof roleArn !== 'string' || !ROLE_ARN.test(roleArn)) {
    throw validationException(
      'role',
      roleArn,
      'Member must satisfy regular expression pattern: arn:(aws[a-zA-Z-]*)?:iam::\\d{12}:role/?[a-zA-Z_0-9+=,.@\\-_/]+',
    );
  }
  const role = findRoleByArn(sb, roleArn);
  const young = role && Date.now() - role.createdAtReal < sb.settings.rolePropagationMs;
  if (!role || young || !trustsLambda(role.assumeRolePolicyDocument)) {
    throw invalidParameter('The role defined for the function cannot be assumed by Lambda.');
  }
  return roleArn;
}
