/**
 * `rails sandbox`: starts the sandbox on 127.0.0.1, prints where it listens and what to export, and
 * serves until interrupted.
 */
import { startSandbox } from 'rails-sandbox';
import { UsageError } from '../../lib/errors.js';
import type { CommandContext } from '../types.js';

const out = () => import('../output.js');

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
  const env = {
    AWS_ENDPOINT_URL: running.endpoint,
    AWS_REGION: running.region,
    AWS_ACCESS_KEY_ID: 'sandbox',
    AWS_SECRET_ACCESS_KEY: 'sandbox',
  };
  if (ctx.global.json) {
    json({
      endpoint: running.endpoint,
      dns: running.dns,
      region: running.region,
      stateFile: o.state ?? null,
      env,
    });
  } else {
    result(`sandbox listening on ${running.endpoint}`);
    result(`DNS for load balancer names: ${running.dns.host} port ${running.dns.port} (UDP)`);
    if (o.state) result(`state: ${o.state}`);
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
