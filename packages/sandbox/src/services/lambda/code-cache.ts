/**
 * Unpacked deployment packages on disk, one directory per CodeSha256, shared by every sandbox on the
 * machine (content-addressed, written atomically). The cache root holds a `node_modules` link to the
 * project's own packages, so handlers resolve `@aws-sdk/*` as they would from Lambda's runtime.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, rename, rm, symlink, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve, sep } from 'node:path';
import { runnerSource } from '../../lambda-runner/runner-main.js';

/** fflate, loaded with the first package: a sandbox that never sees one does not pay at start. */
function unzipSync(zip: Uint8Array): Record<string, Uint8Array> {
  return (createRequire(import.meta.url)('fflate') as typeof import('fflate')).unzipSync(zip);
}

const pending = new Map<string, Promise<string>>();
let prepared: Promise<{ runner: string; nodeModules?: string }> | undefined;

/** The `node_modules` directory the sandbox's own AWS SDK is installed in, if any. */
function projectNodeModules(): string | undefined {
  try {
    const entry = createRequire(import.meta.url).resolve('@aws-sdk/client-s3');
    const at = entry.lastIndexOf(`${sep}node_modules${sep}`);
    return at < 0 ? undefined : entry.slice(0, at + '/node_modules'.length);
  } catch {
    return undefined;
  }
}

const NODE_MODULES = projectNodeModules();
/** One cache per installation, so two checkouts never share a `node_modules` link. */
const ROOT = join(
  tmpdir(),
  `rails-sandbox-lambda-${createHash('sha256')
    .update(NODE_MODULES ?? '')
    .digest('hex')
    .slice(0, 8)}`,
);
const CODE = join(ROOT, 'code');

async function writeAtomically(path: string, text: string): Promise<void> {
  const tmp = `${path}.${process.pid}.${Date.now()}.tmp`;
  await writeFile(tmp, text);
  await rename(tmp, path);
}

/** Creates the cache root, the runner program and the node_modules link once per process. */
export function prepareRuntime(): Promise<{ runner: string; nodeModules?: string }> {
  prepared ??= (async () => {
    await mkdir(CODE, { recursive: true });
    const source = runnerSource();
    const runner = join(ROOT, `runner-${createHash('sha256').update(source).digest('hex').slice(0, 16)}.cjs`);
    if (!existsSync(runner)) await writeAtomically(runner, source);
    const nodeModules = NODE_MODULES;
    const link = join(CODE, 'node_modules');
    if (nodeModules && !existsSync(link)) {
      await symlink(nodeModules, link, 'dir').catch((err: NodeJS.ErrnoException) => {
        if (err.code !== 'EEXIST') throw err;
      });
    }
    return { runner, nodeModules };
  })();
  return prepared;
}

/** The directory holding the unpacked package with this CodeSha256, unpacking it on first use. */
export function unpackedCode(codeSha256: string, zipBase64: string): Promise<string> {
  const dir = join(CODE, Buffer.from(codeSha256, 'base64').toString('hex'));
  if (existsSync(dir)) return Promise.resolve(dir);
  let p = pending.get(dir);
  if (!p) {
    p = (async () => {
      await prepareRuntime();
      const staging = `${dir}.${process.pid}.${Date.now()}.tmp`;
      const files = unzipSync(Buffer.from(zipBase64, 'base64'));
      await mkdir(staging, { recursive: true });
      for (const [name, data] of Object.entries(files)) {
        const target = resolve(staging, name);
        if (!target.startsWith(staging + sep)) continue; // no entries outside the package
        if (name.endsWith('/')) {
          await mkdir(target, { recursive: true });
          continue;
        }
        await mkdir(dirname(target), { recursive: true });
        await writeFile(target, data);
      }
      await rename(staging, dir).catch(async (err: NodeJS.ErrnoException) => {
        // Another process unpacked the same package first: theirs is identical.
        if (!existsSync(dir)) throw err;
        await rm(staging, { recursive: true, force: true });
      });
      return dir;
    })().finally(() => pending.delete(dir));
    pending.set(dir, p);
  }
  return p;
}
