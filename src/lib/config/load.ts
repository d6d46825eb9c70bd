/**
 * Reads rail.yaml: YAML parsing (with line numbers), schema validation and cross-field checks.
 * Every problem names the file, the field path (`services[0].port`), the bad value and what is
 * expected; all problems are reported at once.
 */
import { access, readFile } from 'node:fs/promises';
import { isMap, isSeq, LineCounter, parseDocument } from 'yaml';
import type { z } from 'zod';
import { ConfigError, type ConfigProblem } from '../errors.js';
import { crossFieldProblems } from './checks.js';
import { type RailConfig, railSchema } from './schema.js';

export async function configFileExists(file: string): Promise<boolean> {
  try {
    await access(file);
    return true;
  } catch {
    return false;
  }
}

/** `services[0].healthCheck.path` from ['services', 0, 'healthCheck', 'path']. */
export function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>(
    (acc, key) => (typeof key === 'number' ? `${acc}[${key}]` : acc ? `${acc}.${String(key)}` : String(key)),
    '',
  );
}

function show(value: unknown): string {
  const text = JSON.stringify(value);
  return text === undefined ? String(value) : text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const input = (issue as { input?: unknown }).input;
  if (issue.code === 'unrecognized_keys')
    return `unknown field(s) ${issue.keys.map((k) => `'${k}'`).join(', ')}`;
  if (issue.code === 'invalid_type' && input === undefined) return `required: expected ${issue.expected}`;
  const got = input === undefined ? '' : ` (got ${show(input)})`;
  return `${issue.message.replace(/^Invalid input: /, '')}${got}`;
}

/** Parses and validates config text; `overrides.stage` replaces the file's stage. */
export function parseRailConfig(
  text: string,
  file: string,
  overrides: { stage?: string; region?: string } = {},
): RailConfig {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw new ConfigError(
      file,
      doc.errors.map((e) => ({
        path: '',
        message: `YAML syntax error at line ${e.linePos?.[0]?.line ?? '?'}: ${e.message.split('\n')[0]}`,
      })),
    );
  }
  const raw = doc.toJS() ?? {};
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    throw new ConfigError(file, [
      { path: '', message: 'expected a mapping of fields (stage, vpc, subnets, ...)' },
    ]);
  }
  if (overrides.stage !== undefined) raw.stage = overrides.stage;
  if (overrides.region !== undefined) raw.region = overrides.region;

  const lineOf = (path: readonly PropertyKey[]): string => {
    for (let n = path.length; n > 0; n--) {
      const node = doc.getIn(path.slice(0, n) as unknown[], true) as { range?: [number, number] } | undefined;
      if (node && (node.range || isMap(node) || isSeq(node)) && node.range)
        return ` (line ${lines.linePos(node.range[0]).line})`;
    }
    return '';
  };

  const parsed = railSchema.safeParse(raw, { reportInput: true });
  if (!parsed.success) {
    const problems: ConfigProblem[] = parsed.error.issues.map((issue) => ({
      path: formatPath(issue.path),
      message: `${describeIssue(issue)}${lineOf(issue.path)}`,
    }));
    throw new ConfigError(file, problems);
  }
  const problems = crossFieldProblems(parsed.data);
  if (problems.length > 0) throw new ConfigError(file, problems);
  return parsed.data;
}

export async function loadRailConfig(
  file: string,
  overrides: { stage?: string; region?: string } = {},
): Promise<RailConfig> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new ConfigError(
      file,
      [{ path: '', message: code === 'ENOENT' ? 'file not found' : `cannot read (${code})` }],
      'create it (examples/rail.yaml is a starting point) or pass --config <file>.',
    );
  }
  return parseRailConfig(text, file, { stage: overrides.stage, region: overrides.region });
}
