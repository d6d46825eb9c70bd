// Compiles the TypeScript sources with esbuild. The CLI keeps code splitting so that each command's
// module (and the AWS SDK behind it) is loaded only when that command runs; `rails --help` stays fast.
// The sandbox package (rails-sandbox) is bundled in from its sources, loaded only under --sandbox and
// by `rails sandbox`, so the CLI in dist/ runs without the workspace next to it.

import { existsSync, rmSync } from 'node:fs';

import { build } from 'esbuild';

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  sourcemap: true,
  logLevel: 'warning',
};

// A fresh dist/ each time: chunk names carry a hash, so an old build's chunks would pile up beside it.
rmSync('dist', { recursive: true, force: true });

await build({
  ...common,
  entryPoints: ['src/cli.ts'],
  // The workspace package's `rails-source` export: its TypeScript, not its own dist/ build.
  // `module` too: the SDK's packages (@smithy/core, @aws-sdk/core) list `module` (their ES build) before
  // `node` (CommonJS) in their exports. Without it esbuild takes the CommonJS build, which is neither
  // tree-shaken nor cheap to load (every export copied through __toESM).
  conditions: ['rails-source', 'module'],
  // Half the bytes for Node to compile at each start (status loads 1.8 MB instead of 3.8 MB).
  minify: true,
  outdir: 'dist',
  splitting: true,
  // Every dependency is bundled in (the SDK's ES modules split per client): resolving and loading
  // hundreds of small files from node_modules (the SDK's, zod's, yaml's) was most of a command's
  // start-up time. Code splitting keeps each client and library loading only when first used.
  mainFields: ['module', 'main'],
  chunkNames: 'chunks/[name]-[hash]',
  // Bundled CommonJS (commander, parts of the SDK) calls require() for Node built-ins.
  banner: {
    js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
  },
});

// The scheduled sync Lambda is one self-contained file (the SDK included), zipped by `rails up`.
if (existsSync('src/lib/sync/lambda-handler.ts')) {
  await build({
    ...common,
    entryPoints: { 'sync-lambda': 'src/lib/sync/lambda-handler.ts' },
    outdir: 'dist/lambda',
    format: 'cjs',
    sourcemap: false,
    minify: true,
    outExtension: { '.js': '.js' },
  });
}
