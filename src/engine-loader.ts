/**
 * Loads the engine: every module the commands import lazily, bundled by scripts/build.mjs into one
 * CommonJS file, dist/engine.cjs, beside the small dist/cli.cjs that parses the command line (so
 * `rails --help` loads no engine). Node 20 has no compile cache for ES modules (module.enableCompileCache
 * came in 22.1), and compiling the modules a command needs was most of its start-up: the engine is
 * compiled through vm.Script with a V8 code cache instead.
 *
 * One cache per command (dist/.v8-cache/<command>-<node>-<arch>-<build>-<flags>.bin), written at exit by the
 * first run of that command and whenever V8 rejects it (another Node version or V8 flags): it holds
 * the functions that command compiled, so each command loads what it runs. Each build empties dist/,
 * caches included, and a cache's name carries the engine's build time. Where dist/ is read-only the
 * engine is compiled each time, as before.
 */
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Script } from 'node:vm';

interface Engine {
  /** Module key (its path from the repository root, or a package name) → its namespace, loaded on demand. */
  modules: Record<string, () => Promise<unknown>>;
}

let engine: Engine | undefined;

/** The engine module `key`, as `import()` would give it. */
export function engineModule(key: string): Promise<any> {
  try {
    engine ??= load();
  } catch (err) {
    return Promise.reject(err);
  }
  const load_ = engine.modules[key];
  if (!load_) return Promise.reject(new Error(`the engine has no module ${key}; run \`npm run build\``));
  return load_();
}

/**
 * The command the cache is for (`status`, `up`...; anything else shares one), the Node that made it,
 * and the engine's build time: V8 checks a cache's version and flags but of the source only its
 * length, so a cache must never outlive the engine it was made from.
 */
function cacheName(argv: string[], engineFile: string): string {
  const command = argv[2] && /^[a-z][a-z-]{0,30}$/.test(argv[2]) ? argv[2] : 'other';
  const built = Math.round(statSync(engineFile).mtimeMs);
  // V8 rejects a cache made under other flags: runs with other flags keep their own, not overwrite it.
  const flags = [...process.execArgv, process.env.NODE_OPTIONS ?? ''].join(' ');
  let h = 0;
  for (let i = 0; i < flags.length; i++) h = (Math.imul(h, 31) + flags.charCodeAt(i)) | 0;
  return `${command}-${process.version}-${process.arch}-${built}-${(h >>> 0).toString(36)}.bin`;
}

function load(): Engine {
  // dist/cli.cjs's directory: the engine and its caches sit beside it.
  const dir = __dirname;
  const file = join(dir, 'engine.cjs');
  const cacheDir = join(dir, '.v8-cache');
  const cacheFile = join(cacheDir, cacheName(process.argv, file));
  // latin1: the build writes the engine in ASCII (esbuild escapes the rest), and a one-byte read
  // skips UTF-8 decoding of megabytes at every start.
  const source = readFileSync(file, 'latin1');
  let cachedData: Buffer | undefined;
  try {
    cachedData = readFileSync(cacheFile);
  } catch {
    // No cache yet: this run writes it.
  }
  // The file is one function expression, in the wrapper Node gives a CommonJS module (the build
  // writes it so): the bundle runs as if required.
  const script = new Script(source, { filename: file, cachedData });
  if (!cachedData || script.cachedDataRejected) {
    // At exit: the cache then holds every function this command compiled, not just the top level.
    process.once('exit', () => writeCache(script, cacheDir, cacheFile));
  }
  const module = { exports: {} as Engine };
  script.runInThisContext()(module.exports, createRequire(file), module, file, dirname(file));
  return module.exports;
}

function writeCache(script: Script, cacheDir: string, cacheFile: string): void {
  try {
    mkdirSync(cacheDir, { recursive: true });
    // Written aside and renamed: processes starting at the same time never read half a cache.
    const temp = `${cacheFile}.${process.pid}.tmp`;
    writeFileSync(temp, script.createCachedData());
    renameSync(temp, cacheFile);
  } catch {
    // A read-only install: the engine is compiled each time, which is only slower.
  }
}
