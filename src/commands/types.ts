/**
 * Commands are data: each module in src/commands/ exports a CommandSpec. The registrar (src/cli.ts)
 * turns them into commander commands. A handler imports the library it needs with `import()`, so
 * `rails --help` loads no AWS SDK.
 */
import type { AwsClients } from '../lib/aws/clients.js';
import type { ConfigOverrides } from '../lib/config/resolve.js';
import type { RailConfig } from '../lib/config/schema.js';

export interface OptionSpec {
  /** commander flags, e.g. `--listener <port>`. */
  flags: string;
  description: string;
  default?: string | boolean | number | string[];
  choices?: string[];
  /** Parses the raw value; throw UsageError for bad input. */
  parse?: (value: string, previous: unknown) => unknown;
}

export interface ArgumentSpec {
  name: string;
  description: string;
  required?: boolean;
  variadic?: boolean;
}

/** The global options every command accepts (see README "Global options"). */
export interface GlobalOptions {
  config: string;
  /** True when --config was given explicitly (a missing file is then an error). */
  configExplicit: boolean;
  stage?: string;
  region?: string;
  profile?: string;
  endpointUrl?: string;
  sandbox: boolean;
  json: boolean;
  color: boolean;
  quiet: boolean;
  verbose: boolean;
  yes: boolean;
}

export interface CommandContext {
  args: string[];
  opts: Record<string, any>;
  global: GlobalOptions;
  /** Aborted on Ctrl-C / SIGTERM: long waits and loops stop and clean up. */
  signal: AbortSignal;
  /** The rail.yaml this run reads: --config, or the sandbox example standing in for ./rail.yaml. */
  configFile: string;
  /** Reads and validates rail.yaml (cached). */
  loadConfig(): Promise<RailConfig>;
  /** Reads rail.yaml when present; undefined when the default file does not exist. */
  loadConfigIfPresent(): Promise<RailConfig | undefined>;
  /**
   * rail.yaml when present with --stage, --region and what the command's flags give over it (read
   * once the file is), validated once. Cached: a run has one config, so this comes before anything
   * else reads it.
   */
  resolveConfig(flags: () => ConfigOverrides): Promise<RailConfig>;
  /** AWS clients for this run (starts the embedded sandbox first under --sandbox). */
  aws(): Promise<AwsClients>;
  /** Registers cleanup to run before exit, also after Ctrl-C. */
  onCleanup(fn: () => Promise<void> | void): void;
}

export interface CommandSpec {
  name: string;
  summary: string;
  description?: string;
  arguments?: ArgumentSpec[];
  options?: OptionSpec[];
  examples: string[];
  subcommands?: CommandSpec[];
  /** Returns the exit code (0 when omitted). */
  run?: (ctx: CommandContext) => Promise<number | undefined>;
}
