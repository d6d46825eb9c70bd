/** Lambda state: functions with their code, configuration, lifecycle and resource policy. */
import type { Sandbox } from '../../core/types.js';

/** One statement of a function's resource-based policy, as GetPolicy returns it. */
export interface PolicyStatement {
  Sid: string;
  Effect: 'Allow';
  Principal: { Service: string } | { AWS: string } | string;
  Action: string;
  Resource: string;
  Condition?: Record<string, Record<string, string>>;
}

export interface LambdaFunction {
  name: string;
  arn: string;
  runtime?: string;
  handler?: string;
  role: string;
  description: string;
  timeout: number;
  memorySize: number;
  environment: Record<string, string>;
  architectures: string[];
  ephemeralStorage: number;
  /** Base64 of the deployment package. */
  zip: string;
  /** Base64 SHA-256 of the zip, as Lambda reports CodeSha256. */
  codeSha256: string;
  codeSize: number;
  /** Sandbox epoch ms of the last change. */
  lastModified: number;
  revisionId: string;
  state: 'Pending' | 'Active' | 'Failed';
  lastUpdateStatus?: 'InProgress' | 'Successful' | 'Failed';
  /** Real ms (Date.now()) at which the pending create or in-progress update completes. */
  busyUntilReal: number;
  policy: PolicyStatement[];
  /** RevisionId of the policy (changes with each AddPermission/RemovePermission). */
  policyRevisionId?: string;
  tags: Record<string, string>;
}

export interface LambdaState {
  /** Keyed by function name. */
  functions: Record<string, LambdaFunction>;
  /**
   * Log lines by function name, as state files written before the logs service held them; moved to
   * the `/aws/lambda/<name>` log groups at start (logs.ts).
   */
  logGroups?: Record<string, string[]>;
}

/** Where Lambda keeps its state in the sandbox state (and in a state file). */
export const LAMBDA_STATE_KEY = 'lambda';

/**
 * A fresh Lambda state: empty, filled in on first use by `lambdaState()` (so a new state file shows `lambda: {}`).
 */
export function emptyLambdaState(): Partial<LambdaState> {
  return {};
}

/** The Lambda state, created on first use. */
export function lambdaState(sb: Sandbox): LambdaState {
  const s = sb.state[LAMBDA_STATE_KEY] as Partial<LambdaState>;
  s.functions ??= {};
  return s as LambdaState;
}
