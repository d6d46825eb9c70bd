// Builds bench/lib/sdk-only-status.mjs as scripts/build.mjs builds the engine (minified, ES builds of
// the SDK, modules behind import(), built-ins required rather than import()ed) and writes a runner that loads it through
// dist/cached-script.cjs, the code cache the CLI uses. Returns the runner's path.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { sdkSchemaKeys } from '../../scripts/sdk-schema-keys.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));

export async function buildSdkOnlyStatus(dir) {
  const bundle = join(dir, 'sdk-only-status.cjs');
  await build({
    // Reached through import(), as every module of the engine is: esbuild then wraps each module in a
    // lazy initialiser, and V8 compiles the top level small and each module's body when it runs.
    stdin: {
      contents: `import(${JSON.stringify(join(root, 'bench/lib/sdk-only-status.mjs'))});`,
      resolveDir: root,
      sourcefile: 'sdk-only-entry.mjs',
    },
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    minify: true,
    charset: 'ascii',
    conditions: ['module'],
    mainFields: ['module', 'main'],
    outfile: bundle,
    // As the engine: each client's schemas only where a called operation reaches them.
    plugins: [sdkSchemaKeys()],
    logLevel: 'warning',
  });
  // As the build does for the engine: vm.Script has no import() of its own.
  const source = readFileSync(bundle, 'utf8').replace(
    /\bimport\("(node:[a-z_/]+)"\)/g,
    'Promise.resolve(require("$1"))',
  );
  writeFileSync(bundle, source);
  const runner = join(dir, 'sdk-only-status-run.cjs');
  writeFileSync(
    runner,
    `require(${JSON.stringify(join(root, 'dist/cached-script.cjs'))}).requireCached(${JSON.stringify(bundle)}, { wrapped: false });\n`,
  );
  return runner;
}
