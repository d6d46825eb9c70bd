/**
 * STS: GetCallerIdentity (awsQuery, 2011-06-15). Needs no permissions and takes no parameters; the
 * caller is the sandbox account's IAM user named after the access key, or — for the temporary
 * credentials the sandbox hands a Lambda function (`ASIA...` keys) — its role session.
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

function getCallerIdentity(_input: unknown, ctx: RequestContext) {
  const key = ctx.accessKeyId;
  const roleSession = /^ASIA/.test(key)
    ? (ctx.headers['x-amz-security-token'] as string | undefined)
    : undefined;
  if (roleSession) {
    const roleId = uniqueId('AROA', key);
    return {
      UserId: `${roleId}:sandbox-session`,
      Account: ctx.accountId,
      Arn: `arn:aws:sts::${ctx.accountId}:assumed-role/sandbox-role/sandbox-session`,
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
