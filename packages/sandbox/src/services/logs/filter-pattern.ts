/**
 * CloudWatch Logs filter patterns for unstructured events, the part the sandbox models: terms that
 * must all appear (`ERROR timeout`), quoted phrases (`"connection reset"`), `?a ?b` (any of them)
 * and `-term` (must not appear); case-sensitive, matched anywhere in the message. JSON (`{ $.x = 1 }`),
 * space-delimited (`[ip, ...]`) and regex (`%…%`) patterns are refused rather than guessed at.
 */
import { invalidParameter } from './errors.js';

export type Matcher = (message: string) => boolean;

export function compileFilterPattern(pattern: unknown): Matcher {
  const text = pattern === undefined || pattern === null ? '' : String(pattern).trim();
  if (text === '') return () => true;
  if (/^[{[%]/.test(text))
    throw invalidParameter(
      'Invalid filter pattern: the sandbox models term patterns only (JSON, space-delimited and regex patterns are not modelled).',
    );
  const required: string[] = [];
  const optional: string[] = [];
  const excluded: string[] = [];
  const tokens = /([?-]?)(?:"((?:[^"\\]|\\.)*)"|(\S+))/g;
  for (let m = tokens.exec(text); m; m = tokens.exec(text)) {
    const term = m[2] !== undefined ? m[2].replace(/\\(.)/g, '$1') : m[3]!;
    if (term === '') continue;
    (m[1] === '?' ? optional : m[1] === '-' ? excluded : required).push(term);
  }
  return (message) =>
    required.every((t) => message.includes(t)) &&
    (optional.length === 0 || optional.some((t) => message.includes(t))) &&
    !excluded.some((t) => message.includes(t));
}
