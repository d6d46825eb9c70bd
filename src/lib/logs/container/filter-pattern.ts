/**
 * `--grep TEXT` as a CloudWatch Logs filter pattern: one quoted term, so spaces, punctuation and words
 * the pattern syntax gives meaning to (`?`, `-`, `{`, `[`, `%`) match literally. Inside the quotes a
 * double quote and a backslash are escaped with a backslash (docs/aws-behaviour.md §12, "Filter
 * patterns"). Pure.
 */
export function grepFilterPattern(text: string): string {
  return `"${text.replace(/[\\"]/g, (ch) => `\\${ch}`)}"`;
}
