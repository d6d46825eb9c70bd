/**
 * What one sync pass did: the CLI prints it (one JSON object per pass under --json: a contract, see
 * README "rails sync-ips"), the Lambda logs it (one JSON line per target group), metrics count it.
 */
import { errorCode, isAwsSdkError } from '../aws/errors.js';

export type SyncStep =
  | 'discover'
  | 'resolve'
  | 'describe-target-health'
  | 'read-state'
  | 'register'
  | 'deregister'
  | 'write-state'
  | 'metrics';

export interface StepError {
  step: SyncStep;
  /** AWS error code when an AWS call failed. */
  code?: string;
  message: string;
}

export interface PendingIp {
  ip: string;
  /** Consecutive passes the ALB did not have this IP. */
  misses: number;
  /** Passes after which it is deregistered. */
  of: number;
  /** Missing long enough, but kept: it is the last healthy target. */
  held?: boolean;
}

export interface TargetGroupReport {
  name: string;
  arn: string;
  port: number;
  ok: boolean;
  registered: string[];
  deregistered: string[];
  pending: PendingIp[];
  /**
   * Always empty: an ALB IP whose target drains is registered again in the same pass (RegisterTargets
   * returns a draining target to service, docs/aws-behaviour.md §3). Kept for the JSON contract.
   */
  waiting: string[];
  /** Gone from the ALB and already draining. */
  draining: string[];
  /** Targets at another port than the listener's (left alone). */
  foreign: string[];
  /** After this pass the group's live targets are exactly the ALB's IPs. */
  matches: boolean;
  /** Where the counters were read from: rails's files, one of the original Lambda's layouts, none. */
  stateFrom: string;
  /** Conditional writes lost to another writer in this pass (each followed by a re-read). */
  writeRetries: number;
  errors: StepError[];
}

export interface PassReport {
  /** When the pass started (ISO-8601). */
  at: string;
  ok: boolean;
  dryRun: boolean;
  source: 'eni' | 'dns';
  alb: { name: string; dnsName: string };
  /** The ALB's IPs this pass (empty when resolution failed). */
  ips: string[];
  resolveError?: string;
  targetGroups: TargetGroupReport[];
  metrics: { published: boolean; error?: string };
  durationMs: number;
}

/** A step error from anything thrown: the AWS code when there is one, the message's first line. */
export function stepError(step: SyncStep, err: unknown): StepError {
  const message = (err instanceof Error ? err.message : String(err)).split('\n')[0] ?? '';
  return isAwsSdkError(err) ? { step, code: errorCode(err), message } : { step, message };
}
