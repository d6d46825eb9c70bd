// Benches are plain JavaScript run by node, yet some reuse the TypeScript test fixtures and library
// modules rather than keeping copies. This bundles the exports they name with esbuild into one ES
// module under node_modules/.cache (so packages resolve), then imports it.
import { mkdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

/** The repository root, ending in a slash. */
export const root = fileURLToPath(new URL('../..', import.meta.url));

/**
 * Gives each bundled module its own source file's URL as import.meta.url, so paths it resolves from
 * there (the repository root, bin/rails.js, dist/) are the ones it resolves when run from source.
 */
const sourceUrls = {
  name: 'source-import-meta-url',
  setup(b) {
    b.onLoad({ filter: /\.ts$/ }, async ({ path }) => ({
      contents: (await readFile(path, 'utf8')).replaceAll(
        'import.meta.url',
        JSON.stringify(pathToFileURL(path).href),
      ),
      loader: 'ts',
    }));
  },
};

/**
 * Imports the named exports of TypeScript modules: `modules` maps a path from the repository root to
 * the names to take from it; `name` names the bundle written for this process.
 */
export async function importTs(name, modules) {
  const outDir = join(root, 'node_modules/.cache/rails-bench');
  mkdirSync(outDir, { recursive: true });
  const outfile = join(outDir, `${name}.mjs`);
  await build({
    stdin: {
      contents: Object.entries(modules)
        .map(([path, names]) => `export { ${names.join(', ')} } from '${root}${path}';`)
        .join('\n'),
      resolveDir: root,
      loader: 'ts',
    },
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    logLevel: 'warning',
    plugins: [sourceUrls],
  });
  return import(outfile);
}
