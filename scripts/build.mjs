// Compiles the TypeScript sources with esbuild into three CommonJS files in dist/:
//  - cli.cjs: the command line (commander and the command specs). `rails --help` loads only this.
//  - engine.cjs: everything a command imports lazily (`import()` in the files cli.cjs is made of: the
//    command bodies, the engines, the AWS SDK, the sandbox), loaded on the first such import through
//    src/engine-loader.ts, with a V8 code cache per command (src/cached-script.ts). Node 20 has no
//    compile cache for ES modules; compiling and linking dozens of chunks was most of a command's start-up.
//  - errors.cjs: src/lib/errors.ts, shared by the two, so `instanceof UsageError` holds across them.
//  - cached-script.cjs: runs a file of dist/ through vm.Script with a V8 code cache; bin/rails.js
//    loads cli.cjs with it, and cli.cjs the engine with its own copy.
// and help.txt / version.txt, what `rails --help` / `rails --version` print.
// The sandbox package (rails-sandbox) is bundled in from its sources, so the CLI in dist/ runs without
// the workspace next to it.

import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { build } from 'esbuild';
import { cliOptions, common, requireBuiltins, sdkSchemaKeys } from './engine-bundle.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(root);

// A fresh dist/ each time: no file or code cache of an older build stays beside the new one.
rmSync('dist', { recursive: true, force: true });

const errorsFile = resolve('src/lib/errors.ts');

/** src/lib/errors.ts becomes `require('./errors.cjs')` in both bundles: one class per error. */
const sharedErrors = {
  name: 'shared-errors',
  setup(b) {
    b.onResolve({ filter: /errors\.js$/ }, (args) => {
      if (!args.path.startsWith('.')) return undefined;
      const target = resolve(args.resolveDir, args.path).replace(/\.js$/, '.ts');
      return target === errorsFile ? { path: './errors.cjs', external: true } : undefined;
    });
  },
};

/**
 * In the files of cli.cjs, each `import('…')` becomes `engineModule('<key>')` (src/engine-loader.ts):
 * what a command loads lazily comes from the engine. The keys are collected for the engine's entry.
 */
function engineImports(keys) {
  return {
    name: 'engine-imports',
    setup(b) {
      b.onLoad({ filter: /\/src\/.*\.ts$/ }, (args) => {
        if (args.path === resolve('src/engine-loader.ts')) return undefined;
        const source = readFileSync(args.path, 'utf8');
        let changed = false;
        const contents = source.replace(/\bimport\((['"])([^'"]+)\1\)/g, (_, _q, spec) => {
          const key = spec.startsWith('.')
            ? relative(root, resolve(dirname(args.path), spec)).replace(/\.js$/, '.ts')
            : spec;
          keys.add(key);
          changed = true;
          return `engineModule(${JSON.stringify(key)})`;
        });
        if (!changed) return undefined;
        const loader = JSON.stringify(resolve('src/engine-loader.ts'));
        return { contents: `import { engineModule } from ${loader};\n${contents}`, loader: 'ts' };
      });
    },
  };
}

/**
 * `import { XCommand } from '@aws-sdk/client-x'` becomes an import of XCommand's own file in the
 * package's ES build. Every module of the engine is reached through import(), which esbuild wraps in a
 * lazy initialiser; through such a wrapper a package's index (`export * from` every command, paginator
 * and waiter, and the aggregated client that lists them all) keeps every command and every schema: 3.5
 * MB of engine, most of it never run, that each command read, hashed and deserialised at start. Through
 * the command's own file only the schemas it uses are kept. A name no file exports fails the build.
 */
function sdkCommandImports() {
  const exportsOf = new Map();
  /** Name → the file of the package's ES build that declares it. */
  function declared(pkg) {
    let names = exportsOf.get(pkg);
    if (names) return names;
    names = new Map();
    const walk = (dir) => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) walk(path);
        else if (entry.name.endsWith('.js')) {
          const text = readFileSync(path, 'utf8');
          for (const m of text.matchAll(
            /^export (?:class|const|let|var|function\*?|async function) ([\w$]+)/gm,
          ))
            if (!names.has(m[1])) names.set(m[1], path);
        }
      }
    };
    walk(resolve('node_modules', pkg, 'dist-es'));
    exportsOf.set(pkg, names);
    return names;
  }
  return {
    name: 'sdk-command-imports',
    setup(b) {
      b.onLoad({ filter: /\/src\/.*\.ts$/ }, (args) => {
        const source = readFileSync(args.path, 'utf8');
        const pattern = /^(import|export) \{([^}]*)\} from '(@aws-sdk\/client-[a-z0-9-]+)';/gm;
        if (!pattern.test(source)) return undefined;
        const contents = source.replace(pattern, (_, kind, list, pkg) => {
          const byFile = new Map();
          for (const spec of list.split(',').map((x) => x.trim())) {
            if (!spec || spec.startsWith('type ')) continue;
            const name = spec.split(/\s+as\s+/)[0];
            const file = declared(pkg).get(name);
            if (!file) throw new Error(`${args.path}: no file of ${pkg} declares ${name}`);
            byFile.set(file, [...(byFile.get(file) ?? []), spec]);
          }
          return [...byFile]
            .map(([file, specs]) => `${kind} { ${specs.join(', ')} } from ${JSON.stringify(file)};`)
            .join('\n');
        });
        return { contents, loader: 'ts' };
      });
    },
  };
}

await build({
  ...common,
  // cached-script.cjs: what bin/rails.js loads dist/cli.cjs with (a code cache, as for the engine).
  entryPoints: { errors: 'src/lib/errors.ts', 'cached-script': 'src/cached-script.ts' },
  outdir: 'dist',
  outExtension: { '.js': '.cjs' },
  minify: true,
});

const keys = new Set();
await build({
  ...cliOptions,
  entryPoints: { cli: 'src/cli.ts' },
  plugins: [sharedErrors, engineImports(keys)],
});

// `rails --help` and `rails --version`, printed once here: bin/rails.js prints these files for those
// two command lines without loading commander or the CLI (test/cli/help.test.ts checks they match).
const { commanderOutput } = createRequire(import.meta.url)(resolve('dist/cli.cjs'));
writeFileSync('dist/help.txt', commanderOutput(['--help']));
writeFileSync('dist/version.txt', commanderOutput(['--version']));

// The engine's entry: one lazy loader per key. Without code splitting esbuild bundles each target in
// and runs its module code only when its loader is first called.
const entry = [...keys]
  .sort()
  .map((k) => `  ${JSON.stringify(k)}: () => import(${JSON.stringify(k.startsWith('src/') ? `./${k}` : k)}),`)
  .join('\n');
await build({
  ...cliOptions,
  stdin: {
    contents: `export const modules = {\n${entry}\n};\n`,
    resolveDir: root,
    loader: 'ts',
    sourcefile: 'engine-entry.ts',
  },
  outdir: undefined,
  outfile: 'dist/engine.cjs',
  plugins: [sharedErrors, sdkCommandImports(), sdkSchemaKeys()],
});
// Built-ins required rather than import()ed (engine-bundle.mjs). The file is the function src/cached-script.ts compiles, in the wrapper Node gives a CommonJS module,
// so the loader compiles it as read rather than copying megabytes into a wrapped string each start.
const enginePath = 'dist/engine.cjs';
const engineSource = requireBuiltins(readFileSync(enginePath, 'utf8'));
writeFileSync(enginePath, `(function (exports, require, module, __filename, __dirname) {${engineSource}\n})`);

// The scheduled sync Lambda is one self-contained file (the SDK included), zipped by `rails up`.
if (existsSync('src/lib/sync/lambda-handler.ts')) {
  await build({
    ...common,
    entryPoints: { 'sync-lambda': 'src/lib/sync/lambda-handler.ts' },
    outdir: 'dist/lambda',
    sourcemap: false,
    minify: true,
    outExtension: { '.js': '.js' },
  });
}
