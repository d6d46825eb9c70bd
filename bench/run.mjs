// Builds dist/, then runs every bench/*.mjs (except this file: rounds, startup, status, sync, traffic, up) one
// after another, each in its own process, and fails when any of them misses its floor.
// `npm run bench -- sandbox` runs only matches.
// Workspace packages' benches (packages/<name>/bench/*.mjs) run here too, after their package's own
// build (scripts/build.mjs in the package).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const packages = join(root, 'packages');
const suites = [
  root,
  ...(existsSync(packages) ? readdirSync(packages).map((name) => join(packages, name)) : []),
].filter((dir) => existsSync(join(dir, 'bench')));

const only = process.argv.slice(2);
const benches = [];
for (const dir of suites) {
  const built = spawnSync(process.execPath, [join(dir, 'scripts/build.mjs')], { stdio: 'inherit', cwd: dir });
  if (built.status !== 0)
    throw new Error(`the build of ${relative(root, dir) || '.'} failed; benches need it`);
  benches.push(
    ...readdirSync(join(dir, 'bench'))
      .filter((f) => f.endsWith('.mjs') && f !== 'run.mjs')
      .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
      .sort()
      .map((f) => relative(root, join(dir, 'bench', f))),
  );
}
const failed = [];
for (const file of benches) {
  console.log(`== ${file}`);
  // The benches' own SDK clients would print the SDK's Node-version notice; rails itself silences it.
  const env = { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' };
  const r = spawnSync(process.execPath, [join(root, file)], { stdio: 'inherit', env });
  if (r.status !== 0) failed.push(file);
}
if (failed.length) {
  console.log(`benches below their floor or failing: ${failed.join(', ')}`);
  process.exitCode = 1;
} else console.log(`all ${benches.length} benches met their floors`);
