/**
 * The keys a verifying sandbox accepts: those it was started with (`--access-key ID:SECRET`), and the
 * session keys it issued to Lambda functions, each only with the token issued alongside it.
 */
import { sessionSecret } from '../core/session-credentials.js';
import type { Sandbox } from '../core/types.js';

export interface AccessKey {
  accessKeyId: string;
  secretAccessKey: string;
}

export type KeyLookup = { secret: string } | { failure: 'unknownKey' | 'badToken' };

export class AccessKeys {
  private readonly secrets: ReadonlyMap<string, string>;

  constructor(
    keys: AccessKey[],
    private readonly sb: Sandbox,
  ) {
    this.secrets = new Map(keys.map((k) => [k.accessKeyId, k.secretAccessKey]));
  }

  lookup(accessKeyId: string, sessionToken: string | undefined): KeyLookup {
    const secret = this.secrets.get(accessKeyId);
    if (secret !== undefined) return { secret };
    const session = sessionSecret(this.sb, accessKeyId, sessionToken);
    if (session !== undefined) return { secret: session };
    return { failure: accessKeyId.startsWith('ASIA') && sessionToken ? 'badToken' : 'unknownKey' };
  }
}
