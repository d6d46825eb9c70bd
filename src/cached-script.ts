/**
 * Runs a CommonJS file of dist/ compiled through vm.Script with a V8 code cache: Node 20 has no
 * compile cache (module.enableCompileCache came in 22.1), and compiling what a command runs was most
 * of its start-up. bin/rails.js loads dist/cli.cjs this way, and src/engine-loader.ts dist/engine.cjs.
 *
 * One cache per file and command (dist/.v8-cache/<file>-<command>-<node>-<arch>-<build>-<flags>.bin),
 * written at exit by the first run of that command and whenever V8 rejects it (another Node version or
 * V8 flags): it holds the functions that command compiled, so each command loads what it runs. Each
 * build empties dist/, caches included, and a cache's name carries the file's build time. Where dist/
 * is read-only the file is compiled each time, which is only slower.
 */
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import { Script } from 'node:vm';

/** The CommonJS wrapper Node gives a module, so a file runs as if required. */
const WRAPPER = '(function (exports, require, module, __filename, __dirname) {';

/**
 * `require(file)`, through a code cache. `wrapped`: the file is already one function expression in
 * Node's wrapper (the build writes the engine so, sparing a copy of megabytes at each start).
 */
export function requireCached(file: string, options: { wrapped: boolean }): any {
  const cacheDir = join(dirname(file), '.v8-cache');
  const cacheFile = join(cacheDir, cacheName(process.argv, file));
  // latin1: the build writes dist/ in ASCII (esbuild escapes the rest), and a one-byte read skips
  // UTF-8 decoding at every start.
  const text = readFileSync(file, 'latin1');
  const source = options.wrapped ? text : `${WRAPPER}${text}\n})`;
  let cachedData: Buffer | undefined;
  try {
    cachedData = readFileSync(cacheFile);
  } catch {
    // No cache yet: this run writes it.
  }
  const script = new Script(source, { filename: file, cachedData });
  if (!cachedData || script.cachedDataRejected) {
    // At exit: the cache then holds every function this command compiled, not just the top level.
    process.once('exit', () => writeCache(script, cacheDir, cacheFile));
  }
  const module = { exports: {} };
  script.runInThisContext()(module.exports, createRequire(file), module, file, dirname(file));
  return module.exports;
}

/**
 * The file and the command the cache is for (`status`, `up`...; anything else shares one), the Node
 * that made it, and the file's build time: V8 checks a cache's version and flags but of the source
 * only its length, so a cache must never outlive the file it was made from.
 */
function cacheName(argv: string[], file: string): string {
  const command = argv[2] && /^[a-z][a-z-]{0,30}$/.test(argv[2]) ? argv[2] : 'other';
  const built = Math.round(statSync(file).mtimeMs);
  // V8 rejects a cache made under other flags: runs with other flags keep their own, not overwrite it.
  const flags = [...process.execArgv, process.env.NODE_OPTIONS ?? ''].join(' ');
  let h = 0;
  for (let i = 0; i < flags.length; i++) h = (Math.imul(h, 31) + flags.charCodeAt(i)) | 0;
  return `${basename(file, '.cjs')}-${command}-${process.version}-${process.arch}-${built}-${(h >>> 0).toString(36)}.bin`;
}

function writeCache(script: Script, cacheDir: string, cacheFile: string): void {
  try {
    mkdirSync(cacheDir, { recursive: true });
    // Written aside and renamed: processes starting at the same time never read half a cache.
    const temp = `${cacheFile}.${process.pid}.tmp`;
    writeFileSync(temp, script.createCachedData());
    renameSync(temp, cacheFile);
  } catch {
    // A read-only install: the file is compiled each time, which is only slower.
  }
}
