// How the engine is bundled: shared by the build (scripts/build.mjs) and bench/lib/sdk-only.mjs, which
// bundles the SDK alone exactly as the engine bundles it.
import { readFileSync } from 'node:fs';

export const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  logLevel: 'warning',
};

export const cliOptions = {
  ...common,
  // The workspace package's `rails-source` export: its TypeScript, not its own dist/ build.
  // `module` too: the SDK's packages (@smithy/core, @aws-sdk/core) list `module` (their ES build) before
  // `node` (CommonJS) in their exports. Without it esbuild takes the CommonJS build, which is neither
  // tree-shaken nor cheap to load (every export copied through __toESM).
  conditions: ['rails-source', 'module'],
  mainFields: ['module', 'main'],
  // Fewer bytes for Node to read and compile at each start.
  minify: true,
  // Non-ASCII escaped: src/cached-script.ts reads cli.cjs and the engine as latin1, which only ASCII
  // survives.
  charset: 'ascii',
  outExtension: { '.js': '.cjs' },
  outdir: 'dist',
  // Code that finds files beside itself (the Lambda bundle, the example rail, the sandbox's packages)
  // asks import.meta.url, which CommonJS lacks: the bundle's own file stands in.
  define: { 'import.meta.url': '__railsModuleUrl' },
  banner: { js: 'var __railsModuleUrl = require("node:url").pathToFileURL(__filename).href;' },
};

/** The SDK imports Node built-ins with import() (node:http, node:async_hooks); code run through
 * vm.Script (src/cached-script.ts) has no import() of its own, and a built-in is there already: require it. */
export function requireBuiltins(source) {
  return source.replace(/\bimport\("(node:[a-z_/]+)"\)/g, 'Promise.resolve(require("$1"))');
}

/**
 * A client's schemas (schemas/schemas_0.js: one array per shape and operation) are kept only where an
 * operation rails calls reaches them, once esbuild can see they are free of side effects. Traits keyed
 * by a constant, `{ [_xN]: _Fil }`, hide that: a computed key may run code. The key is the constant's
 * string, written out: `{ "xmlName": _Fil }`, the same object. EC2's schemas go from 580 KB to a few.
 */
export function sdkSchemaKeys() {
  return {
    name: 'sdk-schema-keys',
    setup(b) {
      b.onLoad(
        { filter: /[\\/]@aws-sdk[\\/]client-[^\\/]+[\\/]dist-es[\\/]schemas[\\/]schemas_\d+\.js$/ },
        (args) => {
          const source = readFileSync(args.path, 'utf8');
          const strings = new Map();
          for (const m of source.matchAll(/^const (_[\w$]+) = ("(?:[^"\\\n]|\\.)*");$/gm))
            strings.set(m[1], m[2]);
          const contents = source.replace(/\[(_[\w$]+)\]:/g, (key, name) =>
            strings.has(name) ? `${strings.get(name)}:` : key,
          );
          return { contents, loader: 'js' };
        },
      );
    },
  };
}
