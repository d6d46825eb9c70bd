import type { CommandSpec, OptionSpec } from './types.js';

const common: OptionSpec[] = [
  // No commander default: `logs` itself reads --since too (for `rails logs <service>`) and fills it in.
  { flags: '--since <duration>', description: 'how far back: 90s, 15m, 1h, 2d (at most 7d; default 15m)' },
  { flags: '--lb <name>', description: 'read this load balancer (default: the one of rail.yaml’s stage)' },
  { flags: '--raw', description: 'print the matching log lines as they are, instead of the digest' },
];

const run =
  (kind: 'alb' | 'nlb'): CommandSpec['run'] =>
  async (ctx) => {
    const { runLogs } = await import('./logs/run-logs.js');
    return runLogs(kind, ctx);
  };

export const logs: CommandSpec = {
  name: 'logs',
  summary: 'Read a service’s container logs, or the load balancers’ access logs (a digest or the raw lines)',
  description:
    'rails logs <service> reads the tasks’ container logs (the task definition’s awslogs group), lines ' +
    'prefixed by task id and time. rails logs alb|nlb reads the access logs ELB delivered to S3 (rail.yaml accessLogs) for the last --since: lists only the ' +
    'window’s objects, reads them in parallel and digests them. Exit 0 (also when nothing is delivered yet), ' +
    '2 when access logs are not enabled or the input is wrong.',
  arguments: [
    { name: 'service', description: 'a service of rail.yaml: its tasks’ container logs (awslogs)' },
  ],
  options: [
    { flags: '--since <duration>', description: 'how far back: 90s, 15m, 1h, 2d (at most 7d; default 15m)' },
    { flags: '--follow', description: 'keep printing new lines until Ctrl-C' },
    { flags: '--task <id>', description: 'only this task’s lines (task id or ARN)' },
    { flags: '--grep <text>', description: 'only lines containing this text (case-sensitive)' },
  ],
  run: async (ctx) => {
    const name = ctx.args[0];
    if (name === undefined)
      throw new (await import('../lib/errors.js')).UsageError('name what to read: a service, alb or nlb', {
        hint: 'rails logs <service> for container logs, rails logs alb|nlb for the access logs',
      });
    const { runServiceLogs } = await import('./logs/run-service-logs.js');
    return runServiceLogs(name, ctx);
  },
  examples: [
    'rails logs billing --since 1h',
    'rails logs billing --follow --grep "timed out"',
    'rails logs alb --since 1h',
    'rails logs alb --status 5xx --service billing',
    'rails logs nlb --json',
  ],
  subcommands: [
    {
      name: 'alb',
      summary:
        'The ALB’s access logs: statuses, rules and services, error reasons, targets, slowest requests',
      options: [
        ...common,
        { flags: '--service <name>', description: 'only requests this service served' },
        {
          flags: '--status <codes>',
          description: 'only these ELB status codes: 5xx, 502, or a list (502,504)',
        },
      ],
      examples: [
        'rails logs alb',
        'rails logs alb --since 2h --status 5xx',
        'rails logs alb --service billing --raw',
        'rails logs alb --json',
      ],
      run: run('alb'),
    },
    {
      name: 'nlb',
      summary:
        'The NLB’s access logs (TLS listeners only): listeners, TLS versions, alerts, slowest handshakes',
      options: common,
      examples: ['rails logs nlb', 'rails logs nlb --since 1h --json'],
      run: run('nlb'),
    },
  ],
};
