/**
 * The embedded default: under --sandbox, with no ./rail.yaml (and no --config), commands use the
 * shipped examples/rail.yaml, whose ids are the sandbox's seeded ones. `npx rails up --sandbox`
 * therefore works in a fresh clone.
 */
import { existsSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { GlobalOptions } from '../../commands/types.js';
import { info } from '../output.js';

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

let applied = false;

/** Points `global.config` at the example when --sandbox is given and ./rail.yaml is absent (says so once). */
export function applySandboxDefault(global: GlobalOptions): void {
  if (applied || !global.sandbox || global.configExplicit || existsSync(global.config)) return;
  const example = exampleConfigPath();
  if (!example) return;
  applied = true;
  global.config = relative(process.cwd(), example) || example;
  global.configExplicit = true;
  info(`no ./rail.yaml here: using ${global.config} (the sandbox example)`);
}
