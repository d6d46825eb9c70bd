/**
 * Inline role policies: PutRolePolicy (upsert by name, capped at 10,240 characters per role in
 * total), GetRolePolicy (document URL-encoded), DeleteRolePolicy, ListRolePolicies.
 */
import { AwsError } from '../../core/aws-error.js';
import type { OperationHandler } from '../../core/types.js';
import { getRoleOrThrow } from './roles.js';
import { checkName, checkPolicyDocument, pageOf, policySize } from './validate.js';

/** AWS quota: the aggregate size of all inline policies of one role (whitespace not counted). */
export const ROLE_INLINE_POLICY_QUOTA = 10240;

const putRolePolicy: OperationHandler = (input, { sb }) => {
  const roleName = checkName(input.RoleName, 'roleName', 64);
  const policyName = checkName(input.PolicyName, 'policyName', 128);
  const document = checkPolicyDocument(input.PolicyDocument, 'policyDocument', 'identity');
  const role = getRoleOrThrow(sb, roleName);
  const others = Object.entries(role.inlinePolicies).filter(([name]) => name !== policyName);
  const total = others.reduce((sum, [, doc]) => sum + policySize(doc), policySize(document));
  if (total > ROLE_INLINE_POLICY_QUOTA)
    throw new AwsError(
      'LimitExceeded',
      `Maximum policy size of ${ROLE_INLINE_POLICY_QUOTA} bytes exceeded for role ${role.roleName}`,
      409,
    );
  role.inlinePolicies[policyName] = document;
  sb.markDirty();
  return {};
};

function policyOrThrow(policies: Record<string, string>, policyName: string): string {
  const doc = policies[policyName];
  if (doc === undefined)
    throw new AwsError('NoSuchEntity', `The role policy with name ${policyName} cannot be found.`, 404);
  return doc;
}

const getRolePolicy: OperationHandler = (input, { sb }) => {
  const roleName = checkName(input.RoleName, 'roleName', 64);
  const policyName = checkName(input.PolicyName, 'policyName', 128);
  const role = getRoleOrThrow(sb, roleName);
  const doc = policyOrThrow(role.inlinePolicies, policyName);
  return { RoleName: role.roleName, PolicyName: policyName, PolicyDocument: encodeURIComponent(doc) };
};

const deleteRolePolicy: OperationHandler = (input, { sb }) => {
  const roleName = checkName(input.RoleName, 'roleName', 64);
  const policyName = checkName(input.PolicyName, 'policyName', 128);
  const role = getRoleOrThrow(sb, roleName);
  policyOrThrow(role.inlinePolicies, policyName);
  delete role.inlinePolicies[policyName];
  sb.markDirty();
  return {};
};

const listRolePolicies: OperationHandler = (input, { sb }) => {
  const role = getRoleOrThrow(sb, checkName(input.RoleName, 'roleName', 64));
  const names = Object.keys(role.inlinePolicies).sort();
  const { page, ...rest } = pageOf(names, input, sb.settings.maxPageSize);
  return { PolicyNames: page, ...rest };
};

export const rolePolicyOperations: Record<string, OperationHandler> = {
  PutRolePolicy: putRolePolicy,
  GetRolePolicy: getRolePolicy,
  DeleteRolePolicy: deleteRolePolicy,
  ListRolePolicies: listRolePolicies,
};
