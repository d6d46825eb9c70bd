/**
 * The error taxonomy. Only the top of the CLI (src/cli.ts) turns these into messages and exit codes;
 * nothing deep calls process.exit.
 *
 *  - UsageError / ConfigError: the user's input is wrong. Exit 2, no stack, nothing changed in AWS.
 *  - AwsCallError: an AWS call failed. Exit 1, names the operation and resource, keeps the SDK error.
 *  - FailedError: the command ran but its job failed (a step failed, the rail is unhealthy). Exit 1.
 *  - AbortError: the user declined or interrupted. Exit 130 for Ctrl-C, 1 for a declined prompt.
 */
export class RailsError extends Error {
  readonly exitCode: number = 1;
  /** What to do next; printed after the message. */
  readonly hint?: string;
  constructor(message: string, options?: { hint?: string; cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.hint = options?.hint;
  }
}

export class UsageError extends RailsError {
  override readonly exitCode = 2;
}

export interface ConfigProblem {
  /** Field path such as `services[0].port`, or '' for the whole file. */
  path: string;
  message: string;
}

export class ConfigError extends RailsError {
  override readonly exitCode = 2;
  constructor(
    readonly file: string,
    readonly problems: ConfigProblem[],
    hint = 'Fix the fields above and run again (`rails validate` checks the file without touching AWS).',
  ) {
    super(
      `${file}: ${problems.length === 1 ? 'invalid field' : `${problems.length} problems`}\n` +
        problems.map((p) => `  ${p.path || '(file)'}: ${p.message}`).join('\n'),
      { hint },
    );
  }
}

export class FailedError extends RailsError {}

export class AbortError extends RailsError {
  constructor(
    message: string,
    override readonly exitCode = 130,
  ) {
    super(message);
  }
}

/** An AWS call that failed, with the operation and the resource it was about. */
export class AwsCallError extends RailsError {
  constructor(
    readonly operation: string,
    readonly resource: string | undefined,
    readonly code: string,
    awsMessage: string,
    options?: { hint?: string; cause?: unknown },
  ) {
    super(`${operation}${resource ? ` ${resource}` : ''}: ${code}: ${awsMessage}`, options);
  }
}
