/**
 * The sync Lambda's deployment package: dist/lambda/sync-lambda.js (built by scripts/build.mjs, the SDK
 * included) zipped with fflate. The zip is deterministic (fixed timestamps), so its SHA-256 equals
 * Lambda's CodeSha256 exactly when the bundle is unchanged: `up` redeploys only then.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { zipSync } from 'fflate';
import { FailedError } from '../../errors.js';

export const LAMBDA_HANDLER = 'sync-lambda.handler';
export const LAMBDA_RUNTIME = 'nodejs22.x';
const BUNDLE = 'sync-lambda.js';
const FIXED_MTIME = new Date('2020-01-01T00:00:00Z');

/** Finds the bundle next to the CLI (dist/lambda) from wherever this module was loaded. */
export function findLambdaBundle(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    for (const candidate of [join(dir, 'lambda', BUNDLE), join(dir, 'dist', 'lambda', BUNDLE)])
      if (existsSync(candidate)) return candidate;
    dir = dirname(dir);
  }
  throw new FailedError('the sync Lambda bundle (dist/lambda/sync-lambda.js) is missing.', {
    hint: 'build it with `npm run build` (a packaged rails ships it).',
  });
}

export interface LambdaPackage {
  zip: Uint8Array;
  /** Base64 SHA-256 of the zip, as Lambda reports CodeSha256. */
  sha256: string;
}

export function lambdaPackage(bundlePath = findLambdaBundle()): LambdaPackage {
  const code = readFileSync(bundlePath);
  // package.json pins CommonJS, whatever `type` an enclosing directory declares where the zip is unpacked.
  const pkg = new TextEncoder().encode('{"type":"commonjs"}\n');
  const zip = zipSync(
    {
      [BUNDLE]: [new Uint8Array(code), { mtime: FIXED_MTIME }],
      'package.json': [pkg, { mtime: FIXED_MTIME }],
    },
    { level: 9, mtime: FIXED_MTIME },
  );
  return { zip, sha256: createHash('sha256').update(zip).digest('base64') };
}
