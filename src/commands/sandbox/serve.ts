/**
 * `rails sandbox`: starts the sandbox on 127.0.0.1, writes its control token where the verbs find it,
 * prints where it listens and what to export, and serves until interrupted.
 */
import { startSandbox } from 'rails-sandbox';
import { UsageError } from '../../lib/errors.js';
import type { CommandContext } from '../types.js';
import { tokenFilePath, writeTokenFile } from './token-file.js';

const out = () => import('../../lib/output.js');

export async function serve(ctx: CommandContext): Promise<number> {
  const { info, result, json } = await out();
  const o = ctx.opts;
  const running = await startSandbox({
    port: Number(o.port ?? 4566),
    dnsPort: o.dnsPort === undefined ? 0 : Number(o.dnsPort),
    stateFile: o.state,
    empty: o.empty === true,
    settings: o.timeScale === undefined ? {} : { timeScale: Number(o.timeScale) },
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
    AWS_ACCESS_KEY_ID: 'sandbox',
    AWS_SECRET_ACCESS_KEY: 'sandbox',
    RAILS_SANDBOX_TOKEN: running.controlToken,
  };
  if (ctx.global.json) {
    json({
      endpoint: running.endpoint,
      dns: running.dns,
      region: running.region,
      stateFile: o.state ?? null,
      tokenFile,
      env,
    });
  } else {
    result(`sandbox listening on ${running.endpoint}`);
    result(`DNS for load balancer names: ${running.dns.host} port ${running.dns.port} (UDP)`);
    if (o.state) result(`state: ${o.state}`);
    result(`control token: ${tokenFile}`);
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
