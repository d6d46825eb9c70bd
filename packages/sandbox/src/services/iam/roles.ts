/**
 * IAM roles: CreateRole (not idempotent), GetRole (trust policy URL-encoded), DeleteRole (refused
 * while inline policies remain), UpdateAssumeRolePolicy, ListRoles, TagRole/UntagRole/ListRoleTags, and `findRoleByArn` for
 * the services that assume roles.
 */
import { randomInt } from 'node:crypto';
import { AwsError } from '../../core/aws-error.js';
import type { OperationHandler, Sandbox } from '../../core/types.js';
import { iamState, type Role } from './state.js';
import {
  checkName,
  checkPath,
  checkPolicyDocument,
  checkTags,
  constraintError,
  optionalInt,
  pageOf,
  policySize,
} from './validate.js';

/** AWS's default quota for a role's trust policy (ACLSizePerRole). */
const TRUST_POLICY_QUOTA = 2048;
const ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** A role by its ARN, or undefined. Lambda uses `createdAtReal` to model role propagation. */
export function findRoleByArn(sb: Sandbox, arn: string): Role | undefined {
  return Object.values(iamState(sb).roles).find((r) => r.arn === arn);
}

/** A role by name (case-insensitive, as IAM matches names), or 404 NoSuchEntity. */
export function getRoleOrThrow(sb: Sandbox, roleName: string): Role {
  const role = iamState(sb).roles[roleName.toLowerCase()];
  if (!role) throw new AwsError('NoSuchEntity', `The role with name ${roleName} cannot be found.`, 404);
  return role;
}

function roleId(): string {
  let id = 'AROA';
  for (let i = 0; i < 17; i++) id += ID_ALPHABET[randomInt(ID_ALPHABET.length)];
  return id;
}

function tagList(tags: Record<string, string>): Array<{ Key: string; Value: string }> {
  return Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));
}

/** The Role structure as IAM returns it; the trust policy is URL-encoded (RFC 3986). */
function roleOutput(role: Role, full: boolean) {
  return {
    Path: role.path,
    RoleName: role.roleName,
    RoleId: role.roleId,
    Arn: role.arn,
    CreateDate: new Date(role.createdAt),
    AssumeRolePolicyDocument: encodeURIComponent(role.assumeRolePolicyDocument),
    Description: role.description,
    MaxSessionDuration: role.maxSessionDuration,
    Tags: full && Object.keys(role.tags).length > 0 ? tagList(role.tags) : undefined,
    RoleLastUsed: full ? {} : undefined,
  };
}

const createRole: OperationHandler = (input, { sb }) => {
  const roleName = checkName(input.RoleName, 'roleName', 64);
  const path = checkPath(input.Path);
  const trust = checkPolicyDocument(input.AssumeRolePolicyDocument, 'assumeRolePolicyDocument', 'trust');
  const description = input.Description === undefined ? undefined : String(input.Description);
  if (description !== undefined && description.length > 1000)
    throw constraintError(description, 'description', 'Member must have length less than or equal to 1000');
  const maxSessionDuration = optionalInt(input.MaxSessionDuration, 'maxSessionDuration', 3600, 43200) ?? 3600;
  const tags = checkTags(input.Tags);
  const state = iamState(sb);
  if (state.roles[roleName.toLowerCase()])
    throw new AwsError('EntityAlreadyExists', `Role with name ${roleName} already exists.`, 409);
  if (policySize(trust) > TRUST_POLICY_QUOTA)
    throw new AwsError('LimitExceeded', `Cannot exceed quota for ACLSizePerRole: ${TRUST_POLICY_QUOTA}`, 409);
  const role: Role = {
    roleName,
    roleId: roleId(),
    arn: `arn:aws:iam::${sb.accountId}:role${path}${roleName}`,
    path,
    createdAt: sb.clock.now(),
    createdAtReal: Date.now(),
    assumeRolePolicyDocument: trust,
    description,
    maxSessionDuration,
    inlinePolicies: {},
    tags,
  };
  state.roles[roleName.toLowerCase()] = role;
  sb.markDirty();
  return { Role: roleOutput(role, false) };
};

const getRole: OperationHandler = (input, { sb }) => {
  const role = getRoleOrThrow(sb, checkName(input.RoleName, 'roleName', 64));
  return { Role: roleOutput(role, true) };
};

const deleteRole: OperationHandler = (input, { sb }) => {
  const role = getRoleOrThrow(sb, checkName(input.RoleName, 'roleName', 64));
  if (Object.keys(role.inlinePolicies).length > 0)
    throw new AwsError('DeleteConflict', 'Cannot delete entity, must delete policies first.', 409);
  delete iamState(sb).roles[role.roleName.toLowerCase()];
  sb.markDirty();
  return {};
};

/** Replaces a role's trust policy; the same document rules and quota as CreateRole. */
const updateAssumeRolePolicy: OperationHandler = (input, { sb }) => {
  const role = getRoleOrThrow(sb, checkName(input.RoleName, 'roleName', 64));
  const trust = checkPolicyDocument(input.PolicyDocument, 'policyDocument', 'trust');
  if (policySize(trust) > TRUST_POLICY_QUOTA)
    throw new AwsError('LimitExceeded', `Cannot exceed quota for ACLSizePerRole: ${TRUST_POLICY_QUOTA}`, 409);
  role.assumeRolePolicyDocument = trust;
  sb.markDirty();
  return {};
};

const listRoles: OperationHandler = (input, { sb }) => {
  const prefix = input.PathPrefix === undefined ? '/' : String(input.PathPrefix);
  const roles = Object.values(iamState(sb).roles)
    .filter((r) => r.path.startsWith(prefix))
    .sort((a, b) => a.roleName.localeCompare(b.roleName));
  const { page, ...rest } = pageOf(roles, input, sb.settings.maxPageSize);
  return { Roles: page.map((r) => roleOutput(r, false)), ...rest };
};

const tagRole: OperationHandler = (input, { sb }) => {
  const role = getRoleOrThrow(sb, checkName(input.RoleName, 'roleName', 64));
  const tags = checkTags(input.Tags);
  const merged = { ...role.tags, ...tags };
  if (Object.keys(merged).length > 50)
    throw new AwsError('LimitExceeded', 'The number of tags has reached the maximum limit.', 409);
  role.tags = merged;
  sb.markDirty();
  return {};
};

const untagRole: OperationHandler = (input, { sb }) => {
  const role = getRoleOrThrow(sb, checkName(input.RoleName, 'roleName', 64));
  const keys: string[] = input.TagKeys === undefined ? [] : [input.TagKeys].flat();
  for (const key of keys) delete role.tags[key];
  sb.markDirty();
  return {};
};

const listRoleTags: OperationHandler = (input, { sb }) => {
  const role = getRoleOrThrow(sb, checkName(input.RoleName, 'roleName', 64));
  const { page, ...rest } = pageOf(tagList(role.tags), input, sb.settings.maxPageSize);
  return { Tags: page, ...rest };
};

export const roleOperations: Record<string, OperationHandler> = {
  CreateRole: createRole,
  GetRole: getRole,
  DeleteRole: deleteRole,
  UpdateAssumeRolePolicy: updateAssumeRolePolicy,
  ListRoles: listRoles,
  TagRole: tagRole,
  UntagRole: untagRole,
  ListRoleTags: listRoleTags,
};
