// Builds bench/lib/sdk-only-status.mjs with the engine's options and plugins (scripts/engine-bundle.mjs)
// and writes a runner that loads it through dist/cached-script.cjs, the code cache the CLI uses.
// Returns the runner's path.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { cliOptions, requireBuiltins, sdkSchemaKeys } from '../../scripts/engine-bundle.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** How many calls sdk-only-status.mjs makes: status's own count when it was written. */
export const SDK_ONLY_CALLS = 24;

export async function buildSdkOnlyStatus(dir) {
  const bundle = join(dir, 'sdk-only-status.cjs');
  await build({
    ...cliOptions,
    // Reached through import(), as every module of the engine is: esbuild then wraps each module in a
    // lazy initialiser, and V8 compiles the top level small and each module's body when it runs.
    stdin: {
      contents: `import(${JSON.stringify(join(root, 'bench/lib/sdk-only-status.mjs'))});`,
      resolveDir: root,
      sourcefile: 'sdk-only-entry.mjs',
    },
    outdir: undefined,
    outfile: bundle,
    sourcemap: false,
    plugins: [sdkSchemaKeys()],
  });
  const source = requireBuiltins(readFileSync(bundle, 'utf8'));
  writeFileSync(bundle, source);
  const runner = join(dir, 'sdk-only-status-run.cjs');
  writeFileSync(
    runner,
    `require(${JSON.stringify(join(root, 'dist/cached-script.cjs'))}).requireCached(${JSON.stringify(bundle)}, { wrapped: false });\n`,
  );
  return runner;
}
