// Bundles the sandbox into dist/index.js, the file plain Node gets for `import 'rails-sandbox'` (the
// benches, a script): TypeScript tools and the CLI's own build read src/ through the package's
// `types` and `rails-source` export conditions instead. Services load on first start, as from src/.
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = (path) => fileURLToPath(new URL(path, import.meta.url));

await build({
  entryPoints: [here('../src/index.ts')],
  outdir: here('../dist'),
  bundle: true,
  splitting: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  sourcemap: true,
  // Its few dependencies are loaded with createRequire when first needed; none is bundled in.
  packages: 'external',
  chunkNames: 'chunks/[name]-[hash]',
  logLevel: 'warning',
});
