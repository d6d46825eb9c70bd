/** The IAM calls rails makes: the sync Lambda's role and its inline policy. */
import {
  CreateRoleCommand,
  DeleteRoleCommand,
  DeleteRolePolicyCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  ListRolePoliciesCommand,
  PutRolePolicyCommand,
  type Role,
  UpdateAssumeRolePolicyCommand,
} from '@aws-sdk/client-iam';
import type { AwsClients } from './clients.js';
import { errorCode } from './errors.js';
import { allPages } from './paging.js';

/** IAM returns policy documents URL-encoded (docs/aws-behaviour.md §9): decode and parse them. */
export function decodePolicyDocument(doc: string | undefined): unknown {
  if (!doc) return undefined;
  return JSON.parse(decodeURIComponent(doc));
}

export async function getRole(aws: AwsClients, roleName: string): Promise<Role | undefined> {
  const client = await aws.iam();
  try {
    return (await client.send(new GetRoleCommand({ RoleName: roleName }))).Role;
  } catch (err) {
    if (errorCode(err) === 'NoSuchEntity') return undefined;
    throw err;
  }
}

/** Creates a role (not idempotent on AWS: check with getRole first). */
export async function createRole(
  aws: AwsClients,
  input: { roleName: string; trustPolicy: unknown; description: string; tags: Record<string, string> },
): Promise<Role> {
  const client = await aws.iam();
  const out = await client.send(
    new CreateRoleCommand({
      RoleName: input.roleName,
      AssumeRolePolicyDocument: JSON.stringify(input.trustPolicy),
      Description: input.description,
      Tags: Object.entries(input.tags).map(([Key, Value]) => ({ Key, Value })),
    }),
  );
  return out.Role!;
}

export async function updateTrustPolicy(aws: AwsClients, roleName: string, policy: unknown): Promise<void> {
  const client = await aws.iam();
  await client.send(
    new UpdateAssumeRolePolicyCommand({ RoleName: roleName, PolicyDocument: JSON.stringify(policy) }),
  );
}

/** An inline policy's document, parsed; undefined when the role has no policy of that name. */
export async function getRolePolicy(aws: AwsClients, roleName: string, policyName: string): Promise<unknown> {
  const client = await aws.iam();
  try {
    const out = await client.send(new GetRolePolicyCommand({ RoleName: roleName, PolicyName: policyName }));
    return decodePolicyDocument(out.PolicyDocument);
  } catch (err) {
    if (errorCode(err) === 'NoSuchEntity') return undefined;
    throw err;
  }
}

/** Creates or replaces an inline policy (an upsert by name). */
export async function putRolePolicy(
  aws: AwsClients,
  roleName: string,
  policyName: string,
  policy: unknown,
): Promise<void> {
  const client = await aws.iam();
  await client.send(
    new PutRolePolicyCommand({
      RoleName: roleName,
      PolicyName: policyName,
      PolicyDocument: JSON.stringify(policy),
    }),
  );
}

/** Deletes a role after its inline policies (AWS refuses to delete a role that still has any). */
export async function deleteRoleWithPolicies(aws: AwsClients, roleName: string): Promise<void> {
  const client = await aws.iam();
  const names = await allPages(async (Marker) => {
    const out = await client.send(new ListRolePoliciesCommand({ RoleName: roleName, Marker }));
    return { items: out.PolicyNames, next: out.IsTruncated ? out.Marker : undefined };
  });
  for (const PolicyName of names)
    await client.send(new DeleteRolePolicyCommand({ RoleName: roleName, PolicyName }));
  await client.send(new DeleteRoleCommand({ RoleName: roleName }));
}
