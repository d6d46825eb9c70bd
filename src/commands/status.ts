import type { CommandSpec } from './types.js';

export const status: CommandSpec = {
  name: 'status',
  summary: 'Show the whole rail hop by hop, with health, drift and reasons; the first broken hop first',
  options: [
    { flags: '--nlb <name>', description: 'inspect the rail of this NLB (no rail.yaml or tags needed)' },
    { flags: '--alb <name>', description: 'inspect the rail of this ALB' },
    { flags: '--service <name>', description: 'only this service' },
    { flags: '--watch [seconds]', description: 'redraw in place every few seconds (TTY)' },
  ],
  description:
    'Reads the rail of rail.yaml (or the load balancers given by --nlb/--alb) and shows each hop with a verdict: ' +
    'ok, degraded or broken. Exit code 0 when every hop is ok, 1 otherwise, 2 for usage or config errors.',
  examples: ['rails status', 'rails status --json', 'rails status --nlb prod-nlb --alb prod-alb'],
  async run(ctx) {
    const { runStatus, parseWatch } = await import('./inspect/run-status.js');
    return runStatus({
      nlb: ctx.opts.nlb,
      alb: ctx.opts.alb,
      service: ctx.opts.service,
      watchSeconds: parseWatch(ctx.opts.watch),
      json: ctx.global.json,
      loadConfig: () => ctx.loadConfigIfPresent(),
      aws: await ctx.aws(),
      signal: ctx.signal,
    });
  },
};
