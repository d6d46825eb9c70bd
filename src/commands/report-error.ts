/**
 * Turns any error into what the user reads and the exit code. The only place that decides how an
 * error looks: what happened, why, what to do.
 */
import { awsErrorHint, isAwsSdkError, toAwsCallError } from '../lib/aws/errors.js';
import { AbortError, RailsError } from '../lib/errors.js';
import { error, info, outputSettings } from './output.js';

export function describeError(err: unknown): number {
  if (err instanceof AbortError) {
    error(err.message);
    return err.exitCode;
  }
  if (err instanceof RailsError) {
    error(err.message);
    if (err.hint) info(`hint: ${err.hint}`);
    if (outputSettings().verbose && err.cause instanceof Error && err.cause.stack) info(err.cause.stack);
    return err.exitCode;
  }
  if (isAwsSdkError(err)) {
    const wrapped = toAwsCallError(err);
    error(wrapped.message);
    const hint = awsErrorHint(err);
    if (hint) info(`hint: ${hint}`);
    return wrapped.exitCode;
  }
  const message = err instanceof Error ? err.message : String(err);
  error(`unexpected: ${message.split('\n')[0]}`);
  if (outputSettings().verbose && err instanceof Error && err.stack) info(err.stack);
  else info('hint: run again with --verbose for the stack; please report it if it persists.');
  return 1;
}
