/**
 * The function's resource-based policy: AddPermission (201, duplicate Sid 409), RemovePermission,
 * GetPolicy, and `policyAllows`, which decides whether a service principal may invoke the function.
 */
import { AwsError } from '../../core/aws-error.js';
import type { Sandbox } from '../../core/types.js';
import { preconditionFailed, resourceConflict, validationException } from './errors.js';
import { getFunctionOrThrow } from './lifecycle.js';
import type { LambdaFunction, PolicyStatement } from './state.js';

const SID = /^([a-zA-Z0-9-_]+)$/;
const ACTION = /^(lambda:[*]|lambda:[a-zA-Z]+|[*])$/;

function principalOf(principal: string, accountId: string): PolicyStatement['Principal'] {
  if (principal === '*') return '*';
  if (/^\d{12}$/.test(principal)) return { AWS: `arn:aws:iam::${principal}:root` };
  if (principal.startsWith('arn:')) return { AWS: principal };
  if (principal === accountId) return { AWS: `arn:aws:iam::${accountId}:root` };
  return { Service: principal };
}

export function addPermission(sb: Sandbox, name: string, input: any): { Statement: string } {
  const fn = getFunctionOrThrow(sb, name);
  const sid = input.StatementId;
  if (typeof sid !== 'string' || sid.length < 1 || sid.length > 100 || !SID.test(sid)) {
    throw validationException(
      'statementId',
      sid,
      'Member must satisfy regular expression pattern: ([a-zA-Z0-9-_]+)',
    );
  }
  if (typeof input.Action !== 'string' || !ACTION.test(input.Action)) {
    throw validationException(
      'action',
      input.Action,
      'Member must satisfy regular expression pattern: (lambda:[*]|lambda:[a-zA-Z]+|[*])',
    );
  }
  if (typeof input.Principal !== 'string' || !/^[^\s]+$/.test(input.Principal)) {
    throw validationException(
      'principal',
      input.Principal,
      'Member must satisfy regular expression pattern: [^\\s]+',
    );
  }
  if (input.RevisionId !== undefined && input.RevisionId !== fn.revisionId) throw preconditionFailed();
  if (fn.policy.some((s) => s.Sid === sid)) {
    throw resourceConflict(
      `The statement id (${sid}) provided already exists. Please choose another statement id.`,
    );
  }
  const condition: Record<string, Record<string, string>> = {};
  if (input.SourceArn) condition.ArnLike = { 'AWS:SourceArn': input.SourceArn };
  if (input.SourceAccount) condition.StringEquals = { 'AWS:SourceAccount': input.SourceAccount };
  if (input.PrincipalOrgID)
    condition.StringEquals = { ...condition.StringEquals, 'aws:PrincipalOrgID': input.PrincipalOrgID };
  const statement: PolicyStatement = {
    Sid: sid,
    Effect: 'Allow',
    Principal: principalOf(input.Principal, sb.accountId),
    Action: input.Action,
    Resource: fn.arn,
    ...(Object.keys(condition).length > 0 ? { Condition: condition } : {}),
  };
  fn.policy.push(statement);
  fn.policyRevisionId = sb.uuid();
  fn.revisionId = sb.uuid();
  sb.markDirty();
  return { Statement: JSON.stringify(statement) };
}

export function removePermission(sb: Sandbox, name: string, sid: string, revisionId: string | null): void {
  const fn = getFunctionOrThrow(sb, name);
  if (revisionId !== null && revisionId !== fn.revisionId) throw preconditionFailed();
  const index = fn.policy.findIndex((s) => s.Sid === sid);
  if (index < 0)
    throw new AwsError('ResourceNotFoundException', `Statement ${sid} is not found in resource policy.`, 404);
  fn.policy.splice(index, 1);
  fn.policyRevisionId = sb.uuid();
  fn.revisionId = sb.uuid();
  sb.markDirty();
}

export function getPolicy(sb: Sandbox, name: string): { Policy: string; RevisionId: string } {
  const fn = getFunctionOrThrow(sb, name);
  if (fn.policy.length === 0) {
    throw new AwsError('ResourceNotFoundException', 'The resource you requested does not exist.', 404);
  }
  const policy = { Version: '2012-10-17', Id: 'default', Statement: fn.policy };
  return { Policy: JSON.stringify(policy), RevisionId: fn.revisionId };
}

/** IAM's ArnLike: `*` any run of characters, `?` one character, case-sensitive otherwise. */
function arnLike(pattern: string, value: string): boolean {
  const re = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${re}$`).test(value);
}

/**
 * Whether the policy lets `principal` (a service such as `events.amazonaws.com`) invoke the
 * function, for a call made on behalf of `sourceArn`.
 */
export function policyAllows(
  fn: LambdaFunction,
  principal: string,
  sourceArn?: string,
  sourceAccount?: string,
): boolean {
  return fn.policy.some((s) => {
    if (s.Action !== 'lambda:InvokeFunction' && s.Action !== 'lambda:*' && s.Action !== '*') return false;
    const p = s.Principal;
    const principalOk = p === '*' || (typeof p === 'object' && 'Service' in p && p.Service === principal);
    if (!principalOk) return false;
    const arnCondition = s.Condition?.ArnLike?.['AWS:SourceArn'];
    if (arnCondition !== undefined && (sourceArn === undefined || !arnLike(arnCondition, sourceArn)))
      return false;
    const accountCondition = s.Condition?.StringEquals?.['AWS:SourceAccount'];
    if (accountCondition !== undefined && accountCondition !== sourceAccount) return false;
    return true;
  });
}
