/**
 * `rails sandbox`: starts the sandbox on 127.0.0.1, writes its control token where the verbs find it,
 * prints where it listens and what to export, and serves until interrupted.
 */
import { randomBytes } from 'node:crypto';
import { type AccessKey, startSandbox } from 'rails-sandbox';
import { UsageError } from '../../lib/errors.js';
import type { CommandContext } from '../types.js';
import { tokenFilePath, writeTokenFile } from './token-file.js';

const out = () => import('../output.js');

/** A fresh key for a verifying sandbox started without --access-key: AWS's shapes, random content. */
function randomAccessKey(): AccessKey {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  const id = [...randomBytes(16)].map((b) => alphabet[b % 32]).join('');
  return { accessKeyId: `AKIA${id}`, secretAccessKey: randomBytes(30).toString('base64') };
}

/** The keys a verifying sandbox accepts; undefined when signatures are not checked. */
function accessKeysOf(o: CommandContext['opts']): AccessKey[] | undefined {
  const given: AccessKey[] = o.accessKey ?? [];
  if (!o.verifySignatures) {
    if (given.length) {
      throw new UsageError('--access-key is for a sandbox that checks signatures.', {
        hint: 'add --verify-signatures.',
      });
    }
    return undefined;
  }
  return given.length ? given : [randomAccessKey()];
}

export async function serve(ctx: CommandContext): Promise<number> {
  const { info, result, json } = await out();
  const o = ctx.opts;
  const accessKeys = accessKeysOf(o);
  const running = await startSandbox({
    port: Number(o.port ?? 4566),
    dnsPort: o.dnsPort === undefined ? 0 : Number(o.dnsPort),
    stateFile: o.state,
    empty: o.empty === true,
    settings: o.timeScale === undefined ? {} : { timeScale: Number(o.timeScale) },
    ...(accessKeys ? { verifySignatures: true, accessKeys } : {}),
  }).catch((err: NodeJS.ErrnoException) => {
    if (err.name === 'StateFileError') {
      throw new UsageError(err.message, {
        hint: 'pass another --state file, or delete this one to start afresh.',
      });
    }
    if (err.code === 'EADDRINUSE') {
      throw new UsageError(`port ${o.port} on 127.0.0.1 is already in use.`, {
        hint: 'pick another with --port N (or --port 0 for a free one); `rails sandbox state --port N` checks a running sandbox.',
      });
    }
    throw err;
  });
  const tokenFile = tokenFilePath(o.state);
  try {
    writeTokenFile(tokenFile, running.controlToken);
  } catch (err) {
    await running.stop();
    throw new UsageError(`cannot write the control token to ${tokenFile}: ${(err as Error).message}`, {
      hint: 'pass a --state file in a directory you can write to.',
    });
  }
  const env = {
    AWS_ENDPOINT_URL: running.endpoint,
    AWS_REGION: running.region,
    // Checked only with --verify-signatures: then the (first) key it accepts.
    AWS_ACCESS_KEY_ID: accessKeys?.[0]?.accessKeyId ?? 'sandbox',
    AWS_SECRET_ACCESS_KEY: accessKeys?.[0]?.secretAccessKey ?? 'sandbox',
    RAILS_SANDBOX_TOKEN: running.controlToken,
  };
  if (ctx.global.json) {
    json({
      endpoint: running.endpoint,
      dns: running.dns,
      region: running.region,
      stateFile: o.state ?? null,
      tokenFile,
      signatures: accessKeys ? 'verified' : 'unchecked',
      env,
    });
  } else {
    result(`sandbox listening on ${running.endpoint}`);
    result(`DNS for load balancer names: ${running.dns.host} port ${running.dns.port} (UDP)`);
    if (o.state) result(`state: ${o.state}`);
    result(`control token: ${tokenFile}`);
    if (accessKeys) {
      result(`signatures: verified (keys: ${accessKeys.map((k) => k.accessKeyId).join(', ')})`);
    }
    result('');
    result('Point AWS tools at it:');
    for (const [k, v] of Object.entries(env)) result(`  export ${k}=${v}`);
    result('');
    result(
      `Control it: rails sandbox requests | fault | latency | rotate-ips | state | time-scale --port ${new URL(running.endpoint).port}`,
    );
  }
  info('Ctrl-C stops it.');
  await new Promise<void>((resolve) => {
    if (ctx.signal.aborted) resolve();
    ctx.signal.addEventListener('abort', () => resolve(), { once: true });
  });
  await running.stop();
  info('sandbox stopped.');
  return 0;
}
