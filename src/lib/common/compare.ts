/**
 * Text ordering and number formatting as the locale APIs give them, without starting ICU where the
 * answer is known: the first localeCompare or toLocaleString of a process loads ICU's collation or
 * number data, 10-20 ms of CPU at every start of `rails status` for a handful of short names and
 * task stop reasons.
 */

/**
 * Printable ASCII in the root collation's order (what every `en` locale and POSIX's use): symbols,
 * digits, then letters with case ignored at first. Each character is one collation element, so
 * comparing these ranks, then case (lower first), is the whole algorithm for such text.
 */
const ROOT_ORDER = ' _-,;:!?.\'"()[]{}@*/\\&#%`^+<=>|~$0123456789abcdefghijklmnopqrstuvwxyz';
const RANK = new Int8Array(128).fill(-1);
for (let i = 0; i < ROOT_ORDER.length; i++) RANK[ROOT_ORDER.charCodeAt(i)] = i;
for (let c = 65; c <= 90; c++) RANK[c] = RANK[c + 32]!;
const PRINTABLE = /^[ -~]*$/;

let rootLocale: boolean | undefined;

/**
 * Whether the default locale (ICU's, from these variables) collates with the root order: every `en`
 * locale does, and C/POSIX map to en-US; others may not (Danish sorts `aa` after `z`, capitals first).
 */
function rootCollation(): boolean {
  if (rootLocale === undefined) {
    const env = process.env;
    const id = env.LC_ALL || env.LC_MESSAGES || env.LANG || 'C';
    rootLocale = /^(C|POSIX)([._@]|$)|^en([_.@-]|$)/.test(id);
  }
  return rootLocale;
}

/** `a.localeCompare(b)`, the same answer. */
export function compareText(a: string, b: string): number {
  if (!PRINTABLE.test(a) || !PRINTABLE.test(b) || !rootCollation()) return a.localeCompare(b);
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const d = RANK[a.charCodeAt(i)]! - RANK[b.charCodeAt(i)]!;
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  if (a.length !== b.length) return a.length < b.length ? -1 : 1;
  // Same letters: the first difference of case decides, lower case first.
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return x > y ? -1 : 1;
  }
  return 0;
}

/** `Math.round(n).toLocaleString('en-US')`, the same text: `1,204`. */
export function groupedInteger(n: number): string {
  const r = Math.round(n);
  if (!Number.isSafeInteger(r) || Object.is(r, -0)) return r.toLocaleString('en-US');
  const digits = String(Math.abs(r)).replace(/\B(?=(\d{3})+$)/g, ',');
  return r < 0 ? `-${digits}` : digits;
}
