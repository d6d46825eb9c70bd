import { UsageError } from '../lib/errors.js';
import type { CommandContext, CommandSpec } from './types.js';

function int(name: string, min: number, max = Number.MAX_SAFE_INTEGER) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min || n > max) {
      throw new UsageError(`${name} must be a whole number from ${min} to ${max}, got '${value}'.`);
    }
    return n;
  };
}

function positive(name: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isFinite(n) || n <= 0)
      throw new UsageError(`${name} must be a positive number, got '${value}'.`);
    return n;
  };
}

function share(name: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isFinite(n) || n < 0 || n > 1)
      throw new UsageError(`${name} must be within 0..1, got '${value}'.`);
    return n;
  };
}

/**
 * Verbs talk to a sandbox on --port (else the global --endpoint-url / AWS_ENDPOINT_URL, else 4566),
 * with the token from the file beside its --state. commander hands `--port` and `--state` written after
 * a verb to `rails sandbox` itself (parent options are recognised anywhere), so the parent's parsers
 * remember explicitly given values for the verbs.
 */
let explicitPort: number | undefined;
let explicitState: string | undefined;
const parsePort = int('--port', 0, 65535);

const verbs = async () => ({
  ...(await import('./sandbox/verbs.js')),
  ...(await import('./sandbox/traffic-verbs.js')),
});

function verb(
  spec: Omit<CommandSpec, 'run'>,
  run: (m: Awaited<ReturnType<typeof verbs>>, ctx: CommandContext) => Promise<number | undefined>,
): CommandSpec {
  // A nested verb's parent (`traffic` of `traffic start`) parses these too: remember them the same way.
  const target = {
    flags: '--port <port>',
    description: 'port of the running sandbox on 127.0.0.1 (else --endpoint-url, AWS_ENDPOINT_URL, 4566)',
    parse: (value: string) => {
      explicitPort = parsePort(value);
      return explicitPort;
    },
  };
  const state = {
    flags: '--state <file>',
    description:
      'the --state the sandbox was started with: its token is read from sandbox.token beside it (else .rails/; RAILS_SANDBOX_TOKEN wins)',
    parse: (value: string) => {
      explicitState = value;
      return value;
    },
  };
  return {
    ...spec,
    options: [...(spec.options ?? []), target, state],
    run: async (ctx) =>
      run(await verbs(), {
        ...ctx,
        opts: { ...ctx.opts, port: ctx.opts.port ?? explicitPort, state: ctx.opts.state ?? explicitState },
      }),
  };
}

export const sandbox: CommandSpec = {
  name: 'sandbox',
  summary: 'Run the loopback AWS stand-in, or control a running one',
  description:
    'Runs the sandbox: one HTTP endpoint on 127.0.0.1 for every AWS service rails uses, plus a DNS server ' +
    'for load balancer names. Prints the endpoint, the DNS address and the environment variables that point ' +
    'the AWS CLI and SDKs at it; runs until Ctrl-C. The subcommands control a running sandbox, with the ' +
    'control token it wrote to sandbox.token beside its state (.rails/ without --state) or RAILS_SANDBOX_TOKEN.',
  options: [
    {
      flags: '--port <port>',
      description: 'port to listen on (0 for an ephemeral one)',
      default: '4566',
      parse: (value: string) => {
        explicitPort = parsePort(value);
        return explicitPort;
      },
    },
    {
      flags: '--dns-port <port>',
      description: 'UDP port of the DNS server (0: ephemeral)',
      parse: int('--dns-port', 0, 65535),
    },
    {
      flags: '--state <file>',
      description:
        'persist state to this file (loaded at start, written after each change); the control token goes to sandbox.token beside it',
      parse: (value: string) => {
        explicitState = value;
        return value;
      },
    },
    { flags: '--empty', description: 'start without the seeded environment' },
    {
      flags: '--verify-signatures',
      description:
        "check every request's SigV4 signature against --access-key (a random key is made and printed when none is given)",
    },
    {
      flags: '--access-key <id:secret>',
      description: 'an access key a verifying sandbox accepts (repeatable)',
      parse: (value: string, previous: unknown) => {
        const colon = value.indexOf(':');
        if (colon < 1 || colon === value.length - 1) {
          throw new UsageError(`--access-key must be ACCESS_KEY_ID:SECRET, got '${value}'.`);
        }
        const key = { accessKeyId: value.slice(0, colon), secretAccessKey: value.slice(colon + 1) };
        return [...((previous as unknown[] | undefined) ?? []), key];
      },
    },
    {
      flags: '--time-scale <n>',
      description: 'sandbox seconds per real second',
      parse: positive('--time-scale'),
    },
  ],
  examples: [
    'rails sandbox',
    'rails sandbox --port 0 --state .rails/sandbox.json',
    'rails sandbox --verify-signatures --access-key AKIAIOSFODNN7EXAMPLE:wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
    'rails sandbox requests',
    'rails sandbox fault CreateListener TooManyListeners --nth 1',
    'rails sandbox rotate-ips my-alb --replace all --port 4566',
  ],
  async run(ctx) {
    return (await import('./sandbox/serve.js')).serve(ctx);
  },
  subcommands: [
    verb(
      {
        name: 'requests',
        summary: 'Show (or clear) the request log of a running sandbox',
        options: [
          { flags: '--reset', description: 'clear the log' },
          { flags: '--service <name>', description: 'only this service (elbv2, ec2, ecs...)' },
          { flags: '--operation <name>', description: 'only this operation' },
        ],
        examples: [
          'rails sandbox requests',
          'rails sandbox requests --operation CreateListener --json',
          'rails sandbox requests --reset',
        ],
      },
      (m, ctx) => m.requests(ctx),
    ),
    verb(
      {
        name: 'fault',
        summary: 'Make calls fail with an AWS error, throttle them, or list/clear faults',
        arguments: [
          { name: 'operation', description: "operation to fail, e.g. CreateListener ('*' for any)" },
          { name: 'code', description: 'AWS error code, e.g. TooManyListeners' },
        ],
        options: [
          { flags: '--service <name>', description: 'only calls to this service' },
          {
            flags: '--status <n>',
            description: 'HTTP status (default 400)',
            parse: int('--status', 400, 599),
          },
          {
            flags: '--nth <n>',
            description: 'fail only the Nth matching call from now',
            parse: int('--nth', 1),
          },
          {
            flags: '--probability <p>',
            description: 'fail each matching call with this chance',
            parse: share('--probability'),
          },
          {
            flags: '--share <s>',
            description: 'fail exactly this share of matching calls',
            parse: share('--share'),
          },
          { flags: '--mutating', description: 'count only calls that change state' },
          {
            flags: '--after-effect',
            description: 'let the call take effect, then answer the error (a lost reply)',
          },
          { flags: '--message <text>', description: 'error message' },
          {
            flags: '--throttle <share>',
            description: "throttle this share of calls with the protocol's throttling error",
            parse: share('--throttle'),
          },
          { flags: '--list', description: 'list active faults' },
          { flags: '--clear', description: 'remove every fault and latency rule' },
        ],
        examples: [
          'rails sandbox fault CreateListener TooManyListeners --nth 2',
          "rails sandbox fault '*' InternalFailure --status 500 --mutating --nth 3",
          'rails sandbox fault CreateRule InternalFailure --status 500 --after-effect --nth 1',
          'rails sandbox fault --throttle 0.3 --service elbv2',
          'rails sandbox fault --clear',
        ],
      },
      (m, ctx) => m.fault(ctx),
    ),
    verb(
      {
        name: 'latency',
        summary: 'Add latency to every matching call (0 removes it)',
        arguments: [{ name: 'ms', description: 'milliseconds', required: true }],
        options: [
          { flags: '--service <name>', description: 'only calls to this service' },
          { flags: '--operation <name>', description: 'only this operation' },
        ],
        examples: [
          'rails sandbox latency 200',
          'rails sandbox latency 1000 --operation DescribeTargetHealth',
        ],
      },
      (m, ctx) => m.latency(ctx),
    ),
    verb(
      {
        name: 'rotate-ips',
        summary: "Change a load balancer's node IPs, as AWS does when it scales or replaces nodes",
        arguments: [{ name: 'load-balancer', description: 'name or ARN', required: true }],
        options: [
          { flags: '--replace <n>', description: "replace this many node IPs, or 'all' (default 1)" },
          { flags: '--add <n>', description: 'add this many nodes', parse: int('--add', 0, 100) },
        ],
        examples: [
          'rails sandbox rotate-ips web-alb',
          'rails sandbox rotate-ips web-alb --replace all --add 2',
        ],
      },
      (m, ctx) => m.rotateIps(ctx),
    ),
    verb(
      {
        name: 'info',
        summary: "Show a running sandbox's endpoint, DNS address, settings and services",
        examples: ['rails sandbox info', 'rails sandbox info --json --port 4567'],
      },
      (m, ctx) => m.info(ctx),
    ),
    verb(
      {
        name: 'state',
        summary: "Print a running sandbox's whole state as JSON",
        examples: ['rails sandbox state', 'rails sandbox state --port 4567'],
      },
      (m, ctx) => m.state(ctx),
    ),
    verb(
      {
        name: 'time-scale',
        summary: 'Set sandbox seconds per real second (60: a 1-minute schedule fires every second)',
        arguments: [{ name: 'n', description: 'scale', required: true }],
        examples: ['rails sandbox time-scale 60', 'rails sandbox time-scale 1'],
      },
      (m, ctx) => m.timeScale(ctx),
    ),
    verb(
      {
        name: 'traffic',
        summary: 'Show the requests flowing through the rail in the sandbox; start or stop them',
        description:
          'Requests made on the sandbox clock flow through the rail as AWS would route them and leave ' +
          "AWS's signals: CloudWatch metrics, ALB/NLB access logs in S3, container log lines. Without a " +
          'subcommand: what runs, the requests each has sent, and how far time is simulated.',
        subcommands: [
          verb(
            {
              name: 'start',
              summary: 'Send requests to URLs at a steady rate on the sandbox clock',
              options: [
                {
                  flags: '--url <url>',
                  description: 'a URL to request (repeatable; requests go to the URLs in turn)',
                  parse: (value: string, previous: unknown) => [
                    ...((previous as string[] | undefined) ?? []),
                    value,
                  ],
                },
                {
                  flags: '--rps <n>',
                  description: 'requests per sandbox second (default 1, at most 10000)',
                  parse: rate,
                },
                { flags: '--method <m>', description: 'HTTP method (default GET)' },
                {
                  flags: '--duration <d>',
                  description: 'sandbox time to run, e.g. 90s, 10m, 1h (default: until stopped)',
                  parse: (value: string) => durationOf(value),
                },
                {
                  flags: '--entry <lb>',
                  description: "the load balancer the requests enter, when the URLs' host is none",
                },
                {
                  flags: '--header <header>',
                  description: "a request header 'name: value' (repeatable)",
                  parse: (value: string, previous: unknown) => headerOf(value, previous),
                },
              ],
              examples: [
                'rails sandbox traffic start --url http://dev-nlb-0123456789abcdef.elb.us-east-1.amazonaws.com/orders --rps 50 --duration 10m',
                "rails sandbox traffic start --url https://api.abq.com/users --entry dev-nlb --header 'x-tenant: 7' --sandbox",
              ],
            },
            (m, ctx) => m.trafficStart(ctx),
          ),
          verb(
            {
              name: 'stop',
              summary: 'Stop one traffic source, or all',
              arguments: [{ name: 'id', description: 'the source (t-1...); all when left out' }],
              examples: ['rails sandbox traffic stop', 'rails sandbox traffic stop t-2'],
            },
            (m, ctx) => m.trafficStop(ctx),
          ),
        ],
        examples: ['rails sandbox traffic', 'rails sandbox traffic --json --sandbox'],
      },
      (m, ctx) => m.traffic(ctx),
    ),
    verb(
      {
        name: 'target',
        summary: 'Make targets answer errors, slowly, not at all, or fail health checks; list or clear',
        arguments: [
          {
            name: 'target',
            description: 'an ECS service name, a task id (or ARN) or a target IP; without it: list',
          },
        ],
        options: [
          { flags: '--cluster <name>', description: 'the ECS cluster of the service or task' },
          {
            flags: '--error-rate <r>',
            description: 'share 0..1 of requests answered with --status',
            parse: share('--error-rate'),
          },
          {
            flags: '--status <n>',
            description: 'the error status (default 500)',
            parse: int('--status', 100, 599),
          },
          {
            flags: '--latency <ms>',
            description: 'ms the target takes to answer',
            parse: int('--latency', 0),
          },
          {
            flags: '--timeout-rate <r>',
            description: 'share 0..1 of requests never answered (the ALB answers 504)',
            parse: share('--timeout-rate'),
          },
          {
            flags: '--reset-rate <r>',
            description: 'share 0..1 of requests whose connection the target closes (the ALB answers 502)',
            parse: share('--reset-rate'),
          },
          {
            flags: '--fail-health',
            description: 'fail ELB health checks (with --status: that code), so ECS replaces the task',
          },
          { flags: '--clear [id]', description: 'remove one behaviour (b-1...), or all' },
        ],
        examples: [
          'rails sandbox target orders --error-rate 0.05 --status 503',
          'rails sandbox target 10.0.1.23 --latency 2000',
          'rails sandbox target 0123456789abcdef0123456789abcdef --fail-health',
          'rails sandbox target',
          'rails sandbox target --clear',
        ],
      },
      (m, ctx) => m.target(ctx),
    ),
  ],
};

function rate(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0 || n > 10_000)
    throw new UsageError(`--rps must be a number above 0 and at most 10000, got '${value}'.`);
  return n;
}

/** `10m`, `90s`, `1h`, `500ms` as sandbox ms (parsed as the options are, so bad input changes nothing). */
function durationOf(value: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)$/.exec(value.trim());
  const unit: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
  const ms = m ? Math.round(Number(m[1]) * unit[m[2]!]!) : Number.NaN;
  if (!(ms > 0))
    throw new UsageError(`--duration must be a sandbox duration such as 90s, 10m or 1h, got '${value}'.`, {
      hint: 'units: ms, s, m, h; leave --duration out to run until `rails sandbox traffic stop`.',
    });
  return ms;
}

/** `--header 'k: v'`, repeatable, into one map. */
function headerOf(value: string, previous: unknown): Record<string, string> {
  const colon = value.indexOf(':');
  const name = colon > 0 ? value.slice(0, colon).trim() : '';
  if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name))
    throw new UsageError(`--header must be 'name: value', got '${value}'.`, {
      hint: "e.g. --header 'x-request-id: 42'",
    });
  return {
    ...((previous as Record<string, string> | undefined) ?? {}),
    [name.toLowerCase()]: value.slice(colon + 1).trim(),
  };
}
