/**
 * The temporary credentials the sandbox hands a Lambda function for its role (`ASIA…` key, secret,
 * session token), as Lambda does. Stable per role within one sandbox, so a warm worker keeps its
 * identity; derived with a secret this sandbox drew at random, so nobody can compute a role's keys from
 * its ARN, and a signature made with them proves the caller was given them (README "Security").
 */
import { createHmac, randomBytes } from 'node:crypto';
import type { Sandbox } from './types.js';

export interface SessionCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
}

const secrets = new WeakMap<Sandbox, Buffer>();

function derive(sb: Sandbox, purpose: string, roleArn: string): Buffer {
  let secret = secrets.get(sb);
  if (!secret) {
    secret = randomBytes(32);
    secrets.set(sb, secret);
  }
  return createHmac('sha256', secret).update(`${purpose}\n${sb.accountId}\n${roleArn}`).digest();
}

/** The session token names the role (STS reads it back for GetCallerIdentity). */
function tokenFor(roleArn: string): string {
  return Buffer.from(JSON.stringify({ role: roleArn })).toString('base64');
}

export function sessionCredentials(sb: Sandbox, roleArn: string): SessionCredentials {
  return {
    accessKeyId: `ASIA${derive(sb, 'key-id', roleArn).toString('hex').slice(0, 16).toUpperCase()}`,
    secretAccessKey: derive(sb, 'secret', roleArn).toString('base64').slice(0, 40),
    sessionToken: tokenFor(roleArn),
  };
}

/**
 * The secret of a session key this sandbox issued together with this token; undefined when the key
 * or the token is not one it issued (or they were not issued together).
 */
export function sessionSecret(
  sb: Sandbox,
  accessKeyId: string,
  token: string | undefined,
): string | undefined {
  if (!token || !accessKeyId.startsWith('ASIA')) return undefined;
  let role: unknown;
  try {
    role = JSON.parse(Buffer.from(token, 'base64').toString('utf8'))?.role;
  } catch {
    return undefined;
  }
  if (typeof role !== 'string') return undefined;
  const issued = sessionCredentials(sb, role);
  return issued.accessKeyId === accessKeyId && issued.sessionToken === token
    ? issued.secretAccessKey
    : undefined;
}
