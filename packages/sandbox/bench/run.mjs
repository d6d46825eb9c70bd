// Builds dist/, then runs every bench/*.mjs here (except this file) one after another, each in its own
// process, and fails when any of them misses its floor. `npm run bench -- sandbox` runs only matches.
// The root's `npm run bench` runs these too.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const dir = fileURLToPath(new URL('.', import.meta.url));
const built = spawnSync(process.execPath, [fileURLToPath(new URL('../scripts/build.mjs', import.meta.url))], {
  stdio: 'inherit',
});
if (built.status !== 0) throw new Error('the build failed; benches need dist/');
const only = process.argv.slice(2);
const benches = readdirSync(dir)
  .filter((f) => f.endsWith('.mjs') && f !== 'run.mjs')
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort();
const failed = [];
for (const file of benches) {
  console.log(`== bench/${file}`);
  // The benches' own SDK clients would print the SDK's Node-version notice.
  const env = { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' };
  const r = spawnSync(process.execPath, [`${dir}${file}`], { stdio: 'inherit', env });
  if (r.status !== 0) failed.push(file);
}
if (failed.length) {
  console.log(`benches below their floor or failing: ${failed.join(', ')}`);
  process.exitCode = 1;
} else console.log(`all ${benches.length} benches met their floors`);
