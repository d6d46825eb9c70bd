/** Lambda test fixtures: zips built in memory, and an execution role old enough to be assumed. */
import { CreateRoleCommand, type IAMClient } from '@aws-sdk/client-iam';
import { strToU8, zipSync } from 'fflate';

/** A deployment package from file name -> source text. */
export function zipOf(files: Record<string, string>): Uint8Array {
  return zipSync(Object.fromEntries(Object.entries(files).map(([name, text]) => [name, strToU8(text)])));
}

export const LAMBDA_TRUST = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
});

/** Creates a role Lambda trusts and waits out the sandbox's propagation delay. */
export async function lambdaRole(iam: IAMClient, name: string, propagationMs: number): Promise<string> {
  const out = await iam.send(
    new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: LAMBDA_TRUST }),
  );
  await new Promise((r) => setTimeout(r, propagationMs + 20));
  return out.Role!.Arn!;
}

/** Polls until the function is Active and its last update done (what waitUntilFunctionUpdatedV2 does). */
export async function settled<T>(
  read: () => Promise<T & { State?: string; LastUpdateStatus?: string }>,
): Promise<T> {
  for (let i = 0; i < 100; i++) {
    const c = await read();
    if (c.State === 'Active' && c.LastUpdateStatus !== 'InProgress') return c;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error('function did not settle');
}
