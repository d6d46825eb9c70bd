import type { CommandSpec } from './types.js';

export const status: CommandSpec = {
  name: 'status',
  summary: 'Show the whole rail hop by hop, with health, drift and reasons; the first broken hop first',
  options: [
    { flags: '--nlb <name>', description: 'inspect the rail of this NLB (no rail.yaml or tags needed)' },
    { flags: '--alb <name>', description: 'inspect the rail of this ALB' },
    { flags: '--service <name>', description: 'only this service' },
    {
      flags: '--api <id|name>',
      description: 'the API Gateway REST or HTTP API in front of the rail (default: rail.yaml apiGateway)',
    },
    { flags: '--watch [seconds]', description: 'redraw in place every few seconds (TTY)' },
    { flags: '--all', description: 'every rail of the account and region, found by its tags: one line each' },
    {
      flags: '--since <duration>',
      description: 'window of the traffic signals, 5m to 24h (default 15m; verdicts use its last 5 minutes)',
    },
    {
      flags: '--no-signals',
      description: 'skip the traffic signals (CloudWatch metrics): control plane only',
    },
  ],
  description:
    'Reads the rail of rail.yaml (or the load balancers given by --nlb/--alb) and shows each hop with a verdict: ' +
    'ok, degraded or broken. Exit code 0 when every hop is ok, 1 otherwise, 2 for usage or config errors. ' +
    'With --all: every rail found by its tags, one line each; exit 1 when any rail is broken.',
  examples: [
    'rails status',
    'rails status --json',
    'rails status --nlb prod-nlb --alb prod-alb',
    'rails status --api a1b2c3d4e5',
    'rails status --all',
    'rails status --since 1h',
    'rails status --no-signals',
  ],
  async run(ctx) {
    if (ctx.opts.all) {
      const { runStatusAll } = await import('./inspect/run-status-all.js');
      return runStatusAll({ ...ctx.opts, json: ctx.global.json, aws: await ctx.aws() });
    }
    const { runStatus, parseWatch } = await import('./inspect/run-status.js');
    return runStatus({
      nlb: ctx.opts.nlb,
      alb: ctx.opts.alb,
      service: ctx.opts.service,
      api: ctx.opts.api,
      watchSeconds: parseWatch(ctx.opts.watch),
      since: ctx.opts.since,
      signals: ctx.opts.signals !== false,
      json: ctx.global.json,
      loadConfig: () => ctx.loadConfigIfPresent(),
      aws: await ctx.aws(),
      signal: ctx.signal,
    });
  },
};
