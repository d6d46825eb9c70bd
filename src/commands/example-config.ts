/**
 * The embedded default: under --sandbox, with no ./rail.yaml (and no --config), commands use the
 * shipped examples/rail.yaml, whose ids are the sandbox's seeded ones. `npx rails up --sandbox`
 * therefore works in a fresh clone. Which file a run reads is decided here, once, from the global
 * options; nothing is changed in them.
 */
import { existsSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { GlobalOptions } from './types.js';

/** The rail.yaml a run reads. */
export interface ConfigSource {
  /** Its path as the user sees it (named in messages). */
  file: string;
  /** Given explicitly (or the sandbox example): a missing file is an error, not "no rail.yaml". */
  explicit: boolean;
  /** Said once, when the file is first read: the sandbox example stands in for ./rail.yaml. */
  note?: string;
}

/** examples/rail.yaml of the installed package (found upward from the running module). */
export function exampleConfigPath(): string | undefined {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    const candidate = join(dir, 'examples', 'rail.yaml');
    if (existsSync(candidate)) return candidate;
    dir = dirname(dir);
  }
  return undefined;
}

/** --config, or the example when --sandbox is given and ./rail.yaml is absent. */
export function configSource(global: GlobalOptions): ConfigSource {
  const given = { file: global.config, explicit: global.configExplicit };
  if (!global.sandbox || global.configExplicit || existsSync(global.config)) return given;
  const example = exampleConfigPath();
  if (!example) return given;
  const file = relative(process.cwd(), example) || example;
  return { file, explicit: true, note: `no ./rail.yaml here: using ${file} (the sandbox example)` };
}
