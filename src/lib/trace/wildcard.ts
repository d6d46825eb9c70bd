/**
 * ALB condition values are globs: `*` matches any run of characters (also none), `?` exactly one.
 * Everything else is literal, so the value is escaped before the two wildcards are turned into regex.
 */
const cache = new Map<string, RegExp>();

/** True when `text` matches the ALB wildcard `pattern` (case-insensitive when asked). */
export function wildcardMatch(pattern: string, text: string, caseInsensitive: boolean): boolean {
  const key = `${caseInsensitive ? 'i' : 's'}:${pattern}`;
  let re = cache.get(key);
  if (!re) {
    const body = [...pattern]
      .map((ch) => (ch === '*' ? '.*' : ch === '?' ? '.' : ch.replace(/[.+^${}()|[\]\\/-]/g, '\\$&')))
      .join('');
    re = new RegExp(`^${body}$`, caseInsensitive ? 'is' : 's');
    cache.set(key, re);
  }
  return re.test(text);
}
