/** STS: who the caller is. */
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import type { AwsClients } from './clients.js';

/** The account id the credentials belong to. */
export async function callerAccount(aws: AwsClients): Promise<string> {
  const client = await aws.sts();
  const out = await client.send(new GetCallerIdentityCommand({}));
  if (!out.Account) throw new Error('internal: STS GetCallerIdentity returned no account');
  return out.Account;
}
