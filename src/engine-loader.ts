/**
 * Loads the engine: every module the commands import lazily, bundled by scripts/build.mjs into one
 * CommonJS file, dist/engine.cjs, beside the small dist/cli.cjs that parses the command line (so
 * `rails --help` loads no engine). It is compiled with a V8 code cache per command (cached-script.ts).
 */
import { join } from 'node:path';
import { requireCached } from './cached-script.js';

interface Engine {
  /** Module key (its path from the repository root, or a package name) → its namespace, loaded on demand. */
  modules: Record<string, () => Promise<unknown>>;
}

let engine: Engine | undefined;

/** The engine module `key`, as `import()` would give it. */
export function engineModule(key: string): Promise<any> {
  try {
    // dist/cli.cjs's directory: the engine sits beside it. The build writes it in Node's wrapper.
    engine ??= requireCached(join(__dirname, 'engine.cjs'), { wrapped: true }) as Engine;
  } catch (err) {
    return Promise.reject(err);
  }
  const load_ = engine.modules[key];
  if (!load_) return Promise.reject(new Error(`the engine has no module ${key}; run \`npm run build\``));
  return load_();
}
