/**
 * The registrar and the top of the program: builds commander commands from the specs in
 * src/commands/, applies the global options, and turns every error into a message and an exit code
 * (0 ok, 1 failed or unhealthy, 2 usage or config error, 130 interrupted).
 */
import { Command, CommanderError, Option } from 'commander';
import { commands } from './commands/index.js';
import type { CommandContext, CommandSpec, GlobalOptions } from './commands/types.js';
import { AbortError, UsageError } from './lib/errors.js';
import { VERSION } from './lib/version.js';

function addGlobalOptions(program: Command): void {
  program
    .option('--config <file>', 'rail definition', './rail.yaml')
    .option('--stage <name>', 'stage: part of every name and tag (overrides rail.yaml stage)')
    .option('--region <region>', 'AWS region (overrides rail.yaml, AWS_REGION and the profile)')
    .option('--profile <name>', 'AWS shared-config profile')
    .option('--endpoint-url <url>', 'one endpoint for every AWS service (AWS_ENDPOINT_URL works too)')
    .option('--sandbox', 'run against the embedded loopback sandbox (state in .rails/sandbox.json)')
    .option('--json', 'print only JSON on stdout')
    .option('--no-color', 'no colour (also NO_COLOR, or when stdout is not a terminal)')
    .option('--quiet', 'no progress output')
    .option('--verbose', 'one stderr line per AWS call; stacks for unexpected errors')
    .option('--yes', 'answer yes to confirmations (needed without a terminal)');
}

function globalOptions(cmd: Command): GlobalOptions {
  const o = cmd.optsWithGlobals();
  return {
    config: o.config,
    configExplicit: cmd.getOptionValueSourceWithGlobals('config') === 'cli',
    stage: o.stage,
    region: o.region,
    profile: o.profile,
    endpointUrl: o.endpointUrl,
    sandbox: o.sandbox === true,
    json: o.json === true,
    color: o.color !== false,
    quiet: o.quiet === true,
    verbose: o.verbose === true,
    yes: o.yes === true,
  };
}

function examplesHelp(spec: CommandSpec): string {
  return `\nExamples:\n${spec.examples.map((e) => `  $ ${e}`).join('\n')}\n`;
}

/** State shared by one run: interrupt signal and cleanup hooks. */
class Run {
  readonly abort = new AbortController();
  private readonly cleanups: Array<() => Promise<void> | void> = [];

  onCleanup(fn: () => Promise<void> | void): void {
    this.cleanups.push(fn);
  }

  async cleanup(): Promise<void> {
    for (const fn of this.cleanups.splice(0).reverse()) {
      try {
        await fn();
      } catch {
        // Cleanup is best effort: the original error (if any) is what the user needs to see.
      }
    }
  }
}

function definedOpts(cmd: Command): Record<string, unknown> {
  return Object.fromEntries(Object.entries(cmd.opts()).filter(([, v]) => v !== undefined));
}

async function makeContext(spec: CommandSpec, cmd: Command, run: Run): Promise<CommandContext> {
  const global = globalOptions(cmd);
  // Loaded here, not at the top: `rails --help` needs neither chalk nor the output module.
  const { configureOutput, verbose } = await import('./commands/output.js');
  await configureOutput({
    json: global.json,
    quiet: global.quiet,
    verbose: global.verbose,
    colorFlag: global.color,
  });
  const config = (await import('./commands/run-config.js')).runConfig(global);
  let clientsPromise: Promise<any> | undefined;
  const ctx: CommandContext = {
    args: cmd.args,
    // `rails logs alb --since 1h`: `logs` has --since (for `rails logs <service>`) and reads the flag
    // first, so its values fill what `alb`/`nlb` lack. Only there: other parents (`sandbox`) have
    // defaults of their own (a port) that must not reach their verbs.
    opts:
      cmd.parent?.name() === 'logs' && cmd.parent.parent
        ? { ...definedOpts(cmd.parent), ...definedOpts(cmd) }
        : cmd.opts(),
    global,
    signal: run.abort.signal,
    configFile: config.configFile,
    loadConfig: config.loadConfig,
    loadConfigIfPresent: config.loadConfigIfPresent,
    resolveConfig: config.resolveConfig,
    aws: () => {
      clientsPromise ??= import('./commands/aws/session.js').then(async (m) => {
        const clients = await m.openAwsSession(ctx);
        // Registered after the session's own cleanup, so it runs before the clients are destroyed.
        if (global.verbose) run.onCleanup(() => verbose(clients.meter.summary()));
        return clients;
      });
      return clientsPromise;
    },
    onCleanup: (fn) => run.onCleanup(fn),
  };
  void spec;
  return ctx;
}

function register(parent: Command, spec: CommandSpec, run: Run, setExit: (code: number) => void): void {
  const cmd = parent
    .command(spec.name)
    .summary(spec.summary)
    .description(spec.description ?? spec.summary);
  for (const a of spec.arguments ?? []) {
    const name = a.variadic ? `${a.name}...` : a.name;
    cmd.argument(a.required ? `<${name}>` : `[${name}]`, a.description);
  }
  for (const o of spec.options ?? []) {
    const opt = new Option(o.flags, o.description);
    if (o.default !== undefined) opt.default(o.default);
    if (o.choices) opt.choices(o.choices);
    if (o.parse) opt.argParser(o.parse as (v: string, p: unknown) => unknown);
    cmd.addOption(opt);
  }
  cmd.addHelpText('after', examplesHelp(spec));
  for (const sub of spec.subcommands ?? []) register(cmd, sub, run, setExit);
  if (spec.run) {
    const handler = spec.run;
    cmd.action(async (..._args: unknown[]) => {
      const ctx = await makeContext(spec, cmd, run);
      setExit((await handler(ctx)) ?? 0);
    });
  }
}

export function buildProgram(run = new Run(), setExit: (code: number) => void = () => {}): Command {
  const program = new Command('rails')
    .description(
      'Lay and inspect an AWS rail: internal NLB -> internal ALB -> ECS Fargate services.\n' +
        'Exit codes: 0 ok, 1 failed or unhealthy, 2 usage or config error, 130 interrupted.',
    )
    .version(VERSION, '-V, --version')
    .showHelpAfterError('(run with --help for usage)')
    // 80 columns whatever the terminal: the build prints `rails --help` once into dist/help.txt
    // (bin/rails.js prints that file without loading commander), so the text must not depend on it.
    .configureHelp({ showGlobalOptions: true, sortSubcommands: false, helpWidth: 80 })
    // Before the subcommands are added, so they inherit it: errors reach main() instead of exiting.
    .exitOverride();
  addGlobalOptions(program);
  program.addHelpText(
    'after',
    examplesHelp({
      name: 'rails',
      summary: '',
      examples: ['npx rails up --sandbox', 'rails status', 'rails sync-ips --once'],
    }),
  );
  for (const spec of commands) register(program, spec, run, setExit);
  return program;
}

/**
 * What `rails <args>` prints on stdout for a command line commander answers alone (`--help`,
 * `--version`): the build writes dist/help.txt and dist/version.txt with it.
 */
export function commanderOutput(args: string[]): string {
  let out = '';
  const program = buildProgram().configureOutput({
    writeOut: (s) => {
      out += s;
    },
  });
  try {
    program.parse(args, { from: 'user' });
  } catch (err) {
    if (!(err instanceof CommanderError) || err.exitCode !== 0) throw err;
  }
  return out;
}

/** Runs the CLI; sets process.exitCode rather than exiting, so output is flushed. */
export async function main(argv: string[]): Promise<void> {
  // `rails status | head`: a reader that goes away is not an error worth a stack trace.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  });
  const run = new Run();
  let exitCode = 0;
  let interrupted = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (interrupted) process.exit(130); // a second Ctrl-C: stop now
    interrupted = true;
    run.abort.abort(new AbortError(`interrupted (${signal})`));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const program = buildProgram(run, (code) => {
    exitCode = code;
  });
  try {
    await program.parseAsync(argv);
  } catch (err) {
    exitCode = await reportError(err);
  } finally {
    await run.cleanup();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
  if (interrupted && exitCode !== 0) exitCode = 130;
  process.exitCode = exitCode;
}

async function reportError(err: unknown): Promise<number> {
  if (err instanceof CommanderError) {
    // commander already printed the message (or the help / version text).
    return err.exitCode === 0 ? 0 : 2;
  }
  const { describeError } = await import('./commands/report-error.js');
  return describeError(err);
}

export { UsageError };
