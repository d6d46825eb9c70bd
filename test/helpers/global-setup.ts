// Builds dist/ once before the suites, so end-to-end tests run the real `rails` binary as shipped.
import { execFileSync } from 'node:child_process';

export default function setup(): void {
  execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
}
