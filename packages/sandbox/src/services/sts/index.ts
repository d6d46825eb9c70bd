/**
 * STS: GetCallerIdentity (awsQuery, 2011-06-15). Needs no permissions and takes no parameters; the
 * caller is the sandbox account's IAM user named after the access key, or — for the temporary
 * credentials the sandbox hands a Lambda function (`ASIA...` keys with a session token) — the
 * function role's assumed-role session.
 */
import type { RequestContext, ServiceDefinition } from '../../core/types.js';

/** AWS unique ids: a 4-letter kind prefix and 17 base-32 characters, stable per access key. */
function uniqueId(prefix: string, seed: string): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let h = 2166136261;
  let out = prefix;
  for (let i = 0; out.length < 21; i++) {
    h = Math.imul(h ^ seed.charCodeAt(i % Math.max(seed.length, 1)), 16777619) >>> 0;
    out += alphabet[h % 32];
  }
  return out;
}

/**
 * The role a session token names. The sandbox's Lambda hands functions temporary credentials whose
 * token is base64 JSON `{"role": "<role ARN>"}`; other tokens name no role.
 */
function roleOfToken(token: unknown): { name: string; path: string } | undefined {
  if (typeof token !== 'string') return undefined;
  try {
    const role = JSON.parse(Buffer.from(token, 'base64').toString('utf8'))?.role;
    const m =
      typeof role === 'string' ? /^arn:aws[\w-]*:iam::\d{12}:role\/(?:.*\/)?([^/]+)$/.exec(role) : null;
    return m ? { name: m[1]!, path: role } : undefined;
  } catch {
    return undefined;
  }
}

function getCallerIdentity(_input: unknown, ctx: RequestContext) {
  const key = ctx.accessKeyId;
  const token = ctx.headers['x-amz-security-token'];
  if (/^ASIA/.test(key) && token) {
    // Temporary credentials: an assumed-role session, as Lambda's execution role appears.
    const role = roleOfToken(token);
    const roleName = role?.name ?? 'sandbox-role';
    const session = role ? 'lambda' : 'sandbox-session';
    return {
      UserId: `${uniqueId('AROA', role?.path ?? key)}:${session}`,
      Account: ctx.accountId,
      Arn: `arn:aws:sts::${ctx.accountId}:assumed-role/${roleName}/${session}`,
    };
  }
  const userName = key.replace(/[^\w+=,.@-]/g, '') || 'sandbox';
  return {
    UserId: uniqueId('AIDA', key),
    Account: ctx.accountId,
    Arn: `arn:aws:iam::${ctx.accountId}:user/${userName}`,
  };
}

export const stsService: ServiceDefinition = {
  signingName: 'sts',
  protocol: 'awsQuery',
  version: '2011-06-15',
  xmlNamespace: 'https://sts.amazonaws.com/doc/2011-06-15/',
  operations: { GetCallerIdentity: getCallerIdentity },
};
