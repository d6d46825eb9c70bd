#!/usr/bin/env node
// Entry point: the compiled CLI lives in dist/ (built by `npm install`/`npm ci` through `prepare`).
import module from 'node:module';

// Node 22.1+ caches compiled code between runs (a faster start); older Node has no such call.
module.enableCompileCache?.();
import('../dist/cli.js')
  .then((m) => m.main(process.argv))
  .catch((err) => {
    process.stderr.write(
      `rails: cannot start: ${err?.message ?? err}\nRun \`npm install\` (it builds dist/) and try again.\n`,
    );
    process.exitCode = 1;
  });
