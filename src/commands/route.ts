import type { CommandSpec } from './types.js';

export const route: CommandSpec = {
  name: 'route',
  summary: 'List, add, remove and trace the ALB routes (host + path -> service)',
  examples: ['rails route list', 'rails route trace https://api.abq.com/ice-station-zebra/v1/x?y=1'],
  subcommands: [
    {
      name: 'list',
      summary: 'List the listener rules of the rail in priority order',
      examples: ['rails route list', 'rails route list --json'],
      async run(ctx) {
        return (await import('./route-commands.js')).routeListCommand(ctx);
      },
    },
    {
      name: 'add',
      summary: 'Route a host and path to a service (a redirect on :80 and a forward on :443)',
      arguments: [{ name: 'service', description: 'the service to route to', required: true }],
      options: [
        { flags: '--host <host>', description: 'host header' },
        { flags: '--path <pattern>', description: 'path pattern, e.g. /orders/*' },
        { flags: '--dry-run', description: 'print the plan and make no mutating call' },
      ],
      examples: ['rails route add ice-station-zebra --host api.abq.com --path "/ice-station-zebra/*"'],
      async run(ctx) {
        return (await import('./route-commands.js')).routeAddCommand(ctx);
      },
    },
    {
      name: 'remove',
      summary: 'Remove the rules of a host and path',
      arguments: [{ name: 'service', description: 'the service the route belongs to', required: true }],
      options: [
        { flags: '--host <host>', description: 'host header' },
        { flags: '--path <pattern>', description: 'path pattern' },
        { flags: '--dry-run', description: 'print the plan and make no mutating call' },
      ],
      examples: ['rails route remove ice-station-zebra --host api.abq.com --path "/ice-station-zebra/*"'],
      async run(ctx) {
        return (await import('./route-commands.js')).routeRemoveCommand(ctx);
      },
    },
    {
      name: 'trace',
      summary:
        'Show where a request goes: (API Gateway ->) NLB -> ALB rule -> target group -> healthy targets -> service',
      arguments: [
        { name: 'url', description: 'e.g. https://api.abq.com/ice-station-zebra/v1/x?y=1', required: true },
      ],
      options: [
        { flags: '--method <method>', description: 'HTTP method', default: 'GET' },
        { flags: '--source-ip <ip>', description: 'client source IP' },
        { flags: '--header <k=v...>', description: 'request headers' },
        { flags: '--nlb <name>', description: 'trace through this NLB (no rail.yaml needed; with --alb)' },
        { flags: '--alb <name>', description: 'trace through this ALB (with --nlb)' },
        { flags: '--api <id|name>', description: 'start at this API Gateway API (REST or HTTP)' },
        {
          flags: '--from <hop>',
          description:
            'nlb: skip API Gateway; api: start there (the default for the API domain or execute-api URL)',
        },
      ],
      examples: [
        'rails route trace https://api.abq.com/ice-station-zebra/v1/x?y=1',
        'rails route trace http://api.abq.com/ --json',
        'rails route trace https://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com/live/ice-station-zebra/x',
        'rails route trace https://api.abq.com/ice-station-zebra/x --from nlb',
      ],
      async run(ctx) {
        const { runTrace } = await import('./inspect/run-trace.js');
        return runTrace({
          url: ctx.args[0]!,
          method: ctx.opts.method,
          sourceIp: ctx.opts.sourceIp,
          headers: ctx.opts.header,
          nlb: ctx.opts.nlb,
          alb: ctx.opts.alb,
          api: ctx.opts.api,
          from: ctx.opts.from,
          loadConfig: () => ctx.loadConfigIfPresent(),
          aws: await ctx.aws(),
          json: ctx.global.json,
        });
      },
    },
  ],
};
