/**
 * The control API's token. The loopback guard keeps web pages out; the token keeps out everything
 * else on the machine that did not start the sandbox (or read its token file): the control API can
 * change the clock, inject faults and read the whole state. One random token per sandbox, sent in a
 * header and compared in constant time (README "Security").
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** The header a control call carries the token in. */
export const CONTROL_TOKEN_HEADER = 'x-rails-sandbox-token';

/** 256 random bits, hex: safe in a header, a shell variable and a file. */
export function newControlToken(): string {
  return randomBytes(32).toString('hex');
}

/**
 * Whether `given` is the token, in time that does not depend on where they differ. Both are hashed
 * first, so their lengths leak nothing either (timingSafeEqual needs equal lengths).
 */
export function tokenMatches(token: string, given: string | string[] | undefined): boolean {
  if (typeof given !== 'string') return false;
  const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();
  return timingSafeEqual(digest(token), digest(given));
}
