/**
 * The one place a run's config is made: rail.yaml (when present), then --stage and --region, then the
 * fields a command's flags give, validated once (schema, then cross-field checks). Every problem names
 * the file, the field path (`services[0].port`), the bad value and what is expected; all problems are
 * reported at once. A problem in what the file says carries its line; one in what the flags say is
 * the schema's own message, and with no file the problems are the flags'.
 */
import { type Document, isMap, isSeq, LineCounter, parseDocument } from 'yaml';
import type * as z from 'zod/mini';
import { ConfigError, type ConfigProblem } from '../errors.js';
import { crossFieldProblems } from './checks.js';
import { applyOverrides, type ConfigOverrides, type FieldPath } from './overrides.js';
import { type RailConfig, railSchema } from './schema.js';

export type { ConfigOverrides } from './overrides.js';

export interface ConfigInput {
  /** rail.yaml's path, named in problems (also when it is absent: "service x is not in it"). */
  file: string;
  /** The file's text; undefined when there is no file, so every field comes from the flags. */
  text?: string;
  /** --stage and --region: over the file's, validated like them. */
  stage?: string;
  region?: string;
  /** What a command's flags give (create-nlb, create-alb, add-service, route add). */
  overrides?: ConfigOverrides;
}

const NO_FILE = 'flags (no rail.yaml)';
const NO_FILE_HINT = 'give the missing fields as flags (and --stage), or write a rail.yaml.';

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

/** Parses the YAML text into a document, or throws ConfigError naming the syntax error's line. */
function parseYaml(text: string, file: string): { doc: Document; lines: LineCounter } {
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
  return { doc, lines };
}

/** ` (line N)` of the deepest node of `path` the file has, or ''. */
function lineOf(yaml: { doc: Document; lines: LineCounter }, path: readonly PropertyKey[]): string {
  for (let n = path.length; n > 0; n--) {
    const node = yaml.doc.getIn(path.slice(0, n) as unknown[], true) as
      | { range?: [number, number] }
      | undefined;
    if (node && (node.range || isMap(node) || isSeq(node)) && node.range)
      return ` (line ${yaml.lines.linePos(node.range[0]).line})`;
  }
  return '';
}

const under = (path: readonly PropertyKey[], prefix: FieldPath) =>
  prefix.length <= path.length && prefix.every((key, i) => path[i] === key);

export function resolveRailConfig(input: ConfigInput): RailConfig {
  const yaml = input.text === undefined ? undefined : parseYaml(input.text, input.file);
  const raw = yaml ? (yaml.doc.toJS() ?? {}) : {};
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    throw new ConfigError(input.file, [
      { path: '', message: 'expected a mapping of fields (stage, vpc, subnets, ...)' },
    ]);
  }
  if (input.stage !== undefined) raw.stage = input.stage;
  if (input.region !== undefined) raw.region = input.region;
  const { paths: overridden, refusal } = applyOverrides(raw, input.overrides ?? {}, input.file);
  const label = yaml ? input.file : NO_FILE;
  // The flags ask for what the file cannot give (a route of a service it lacks): said after the
  // file's own problems, or at once when there is no file.
  if (refusal && !yaml) throw refusal;

  const parsed = railSchema.safeParse(raw, { reportInput: true });
  if (!parsed.success) {
    const problems: ConfigProblem[] = parsed.error.issues.map((issue) =>
      yaml && !overridden.some((o) => under(issue.path, o))
        ? { path: formatPath(issue.path), message: `${describeIssue(issue)}${lineOf(yaml, issue.path)}` }
        : { path: formatPath(issue.path), message: issue.message },
    );
    throw new ConfigError(label, problems, yaml ? undefined : NO_FILE_HINT);
  }
  const problems = crossFieldProblems(parsed.data);
  if (problems.length > 0) throw new ConfigError(label, problems);
  if (refusal) throw refusal;
  return parsed.data;
}
