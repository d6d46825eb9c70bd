/**
 * The sandbox package is an independent stand-in for AWS: nothing in packages/sandbox may import rails
 * (a path outside the package), and rails (src, test, bench, scripts, bin) reaches the sandbox only
 * through its one public entry, `rails-sandbox`. Checked over the import graph (import-graph.ts).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { importSpecifiers, inside, ROOT, shownPath, sourceFiles, target } from './import-graph.js';

const PACKAGE = join(ROOT, 'packages', 'sandbox');
const PACKAGE_NAME = 'rails-sandbox';
/** The root's own package name: importing it from the sandbox would be importing rails. */
const ROOT_NAME = 'rails';
const ROOT_DIRS = ['src', 'test', 'bench', 'scripts', 'bin'];

const isPackage = (specifier: string, name: string) => specifier === name || specifier.startsWith(`${name}/`);

interface Violation {
  file: string;
  specifier: string;
  why: string;
}

/** What a file of the sandbox package must not import: rails, by path or by name. */
function sandboxViolations(file: string, text: string): Violation[] {
  return importSpecifiers(text).flatMap((specifier) => {
    const to = target(file, specifier);
    if (to !== undefined && !inside(to, PACKAGE))
      return [{ file, specifier, why: 'imports a path outside packages/sandbox' }];
    if (to === undefined && isPackage(specifier, ROOT_NAME))
      return [{ file, specifier, why: 'imports rails itself' }];
    return [];
  });
}

/** What a rails file must not import: any path into the sandbox package but its entry. */
function rootViolations(file: string, text: string): Violation[] {
  return importSpecifiers(text).flatMap((specifier) => {
    const to = target(file, specifier);
    if (to !== undefined && inside(to, PACKAGE))
      return [{ file, specifier, why: `reaches into packages/sandbox instead of '${PACKAGE_NAME}'` }];
    if (to === undefined && specifier.startsWith(`${PACKAGE_NAME}/`))
      return [{ file, specifier, why: `imports a subpath; only '${PACKAGE_NAME}' itself is public` }];
    return [];
  });
}

const shown = (violations: Violation[]) =>
  violations.map((v) => `${shownPath(v.file)}: '${v.specifier}' ${v.why}`);

describe('the sandbox package boundary', () => {
  it('nothing in packages/sandbox imports a path outside it, or rails', () => {
    const files = sourceFiles(PACKAGE);
    expect(files.length).toBeGreaterThan(100);
    const violations = files.flatMap((f) => sandboxViolations(f, readFileSync(f, 'utf8')));
    expect(shown(violations)).toEqual([]);
  });

  it(`src, test, bench, scripts and bin reach the sandbox only as '${PACKAGE_NAME}'`, () => {
    // Not this file: its last test feeds the check deliberate crossings, written as imports.
    const self = fileURLToPath(import.meta.url);
    const files = ROOT_DIRS.flatMap((d) => sourceFiles(join(ROOT, d))).filter((f) => f !== self);
    expect(files.length).toBeGreaterThan(100);
    const violations = files.flatMap((f) => rootViolations(f, readFileSync(f, 'utf8')));
    expect(shown(violations)).toEqual([]);
    const entryUsers = files.filter((f) => importSpecifiers(readFileSync(f, 'utf8')).includes(PACKAGE_NAME));
    expect(entryUsers.length).toBeGreaterThan(0);
  });

  it('the check itself catches each kind of crossing', () => {
    const inPackage = join(PACKAGE, 'src', 'services', 'elbv2', 'x.ts');
    const inRoot = join(ROOT, 'src', 'commands', 'x.ts');
    const crossings = [
      sandboxViolations(inPackage, "import { a } from '../../../../../src/lib/errors.js';"),
      sandboxViolations(inPackage, "export { b } from '../../../../../test/helpers/cli.js';"),
      sandboxViolations(inPackage, "const m = await import('../../../../../src/lib/output.js');"),
      sandboxViolations(inPackage, "import type { C } from 'rails/src/commands/types.js';"),
      rootViolations(inRoot, "import { SEED_VPC_ID } from '../../packages/sandbox/src/core/seed-ids.js';"),
      rootViolations(inRoot, "const { s } = await import('../../packages/sandbox/src/index.js');"),
      rootViolations(inRoot, "import { x } from 'rails-sandbox/src/core/types.js';"),
      rootViolations(inRoot, "const y = require('../../packages/sandbox/dist/index.js');"),
    ];
    for (const found of crossings) expect(found).toHaveLength(1);
    expect(sandboxViolations(inPackage, "import { s } from '../../core/types.js';")).toEqual([]);
    expect(sandboxViolations(inPackage, "import { XMLParser } from 'fast-xml-parser';")).toEqual([]);
    expect(rootViolations(inRoot, "import { startSandbox } from 'rails-sandbox';")).toEqual([]);
    expect(rootViolations(inRoot, "import { run } from '../lib/rail/apply.js';")).toEqual([]);
  });
});
