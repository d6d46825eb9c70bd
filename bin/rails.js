#!/usr/bin/env node
// Entry point: the compiled CLI lives in dist/ (built by `npm install`/`npm ci` through `prepare`):
// dist/cli.cjs parses the command line and loads the rest (dist/engine.cjs) when a command runs.
// CommonJS (bin/package.json), not an ES module: Node then starts without its ES module loader.
const { readFileSync } = require('node:fs');
const { join } = require('node:path');

const dist = join(__dirname, '..', 'dist');

const PREBUILT = new Map([
  ['--help', 'help.txt'],
  ['-h', 'help.txt'],
  ['--version', 'version.txt'],
  ['-V', 'version.txt'],
]);

/** `rails --help` / `rails --version`: the text the build printed, without loading commander. */
function prebuilt(argv) {
  if (argv.length !== 3) return undefined;
  const file = PREBUILT.get(argv[2]);
  if (!file) return undefined;
  try {
    return readFileSync(join(dist, file), 'utf8');
  } catch {
    return undefined; // an older dist/ without it: the CLI prints it
  }
}

const text = prebuilt(process.argv);
if (text !== undefined) {
  // `rails --help | head`: a reader that goes away is not an error worth a stack trace.
  process.stdout.on('error', (err) => {
    if (err.code === 'EPIPE') process.exit(0);
    throw err;
  });
  process.stdout.write(text);
} else {
  let cli;
  try {
    // Through a V8 code cache (src/cached-script.ts): Node 20 compiles a required file each time.
    const { requireCached } = require(join(dist, 'cached-script.cjs'));
    cli = requireCached(join(dist, 'cli.cjs'), { wrapped: false });
  } catch (err) {
    process.stderr.write(
      `rails: cannot start: ${err?.message ?? err}\nRun \`npm install\` (it builds dist/) and try again.\n`,
    );
    process.exitCode = 1;
  }
  cli?.main(process.argv).catch((err) => {
    process.stderr.write(`rails: ${err?.stack ?? err}\n`);
    process.exitCode = 1;
  });
}
