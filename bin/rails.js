#!/usr/bin/env node
// Entry point: the compiled CLI lives in dist/ (built by `npm install`/`npm ci` through `prepare`):
// dist/cli.cjs parses the command line and loads the rest (dist/engine.cjs) when a command runs.
import { createRequire } from 'node:module';

let cli;
try {
  cli = createRequire(import.meta.url)('../dist/cli.cjs');
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
