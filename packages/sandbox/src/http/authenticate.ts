/**
 * Who may call: a request without credentials is refused as AWS refuses it; with --verify-signatures
 * its SigV4 signature is checked too (sigv4/verify-request.ts), before faults, latency or the handler
 * see it, and a failure answers the family's error (auth-errors.ts).
 */
import { AwsError } from '../core/aws-error.js';
import type { ServiceDefinition } from '../core/types.js';
import type { Codec } from '../protocols/codecs.js';
import type { AccessKeys } from '../sigv4/access-keys.js';
import { type SignedRequest, verifySignature } from '../sigv4/verify-request.js';
import { authError } from './auth-errors.js';
import type { Credentials } from './routing.js';

/** Throws the AwsError that refuses the request; returns when it may go on. */
export function authenticate(
  creds: Credentials | undefined,
  req: SignedRequest,
  def: ServiceDefinition,
  codec: Codec,
  keys: AccessKeys | undefined,
  /** The sandbox's clock (AWS's clock in the sandbox): request times are checked against it. */
  now: number,
): asserts creds is Credentials {
  if (!creds) throw new AwsError(codec.missingAuth.code, codec.missingAuth.message, codec.missingAuth.status);
  if (!keys) return;
  const failure = verifySignature(req, {
    keys,
    service: def.signingName,
    s3: def.protocol === 'restXml',
    now,
  });
  if (failure) throw authError(failure, def.protocol);
}
