/**
 * Text ordering and number formatting as the locale APIs give them, without starting ICU where the
 * answer is known: the first localeCompare or toLocaleString of a process loads ICU's collation or
 * number data, 10-20 ms of CPU at every start of `rails status` for a handful of short names.
 */

/** Names of lowercase letters, digits, `-` and `.`: rails's names, IPv4 addresses, ARNs' tails. */
const PLAIN = /^[-.0-9a-z]*$/;

let plainLocale: boolean | undefined;

/**
 * Whether the default locale orders PLAIN names by code point: the root collation (every `en`
 * locale) and POSIX's do (`-` < `.` < digits < letters, one weight per character); others may not
 * (Danish sorts `aa` after `z`). The locale is ICU's default, taken from these variables.
 */
function codePointLocale(): boolean {
  if (plainLocale === undefined) {
    const env = process.env;
    const id = env.LC_ALL || env.LC_MESSAGES || env.LANG || 'C';
    plainLocale = /^(C|POSIX)([._@]|$)|^en([_.@-]|$)/.test(id);
  }
  return plainLocale;
}

/** `a.localeCompare(b)`, the same answer. */
export function compareText(a: string, b: string): number {
  if (PLAIN.test(a) && PLAIN.test(b) && codePointLocale()) return a < b ? -1 : a > b ? 1 : 0;
  return a.localeCompare(b);
}

/** `Math.round(n).toLocaleString('en-US')`, the same text: `1,204`. */
export function groupedInteger(n: number): string {
  const r = Math.round(n);
  if (!Number.isSafeInteger(r) || Object.is(r, -0)) return r.toLocaleString('en-US');
  const digits = String(Math.abs(r)).replace(/\B(?=(\d{3})+$)/g, ',');
  return r < 0 ? `-${digits}` : digits;
}
