/**
 * Which running sandbox a verb talks to, and how the control API's failures read as the CLI's errors:
 * shared by every verb that drives a running sandbox.
 */
import { SandboxControl, SandboxControlError } from 'rails-sandbox';
import { FailedError, UsageError } from '../../lib/errors.js';
import type { CommandContext } from '../types.js';
import { controlToken, tokenFilePath } from './token-file.js';

/**
 * The sandbox a verb talks to: --port, else --endpoint-url, else AWS_ENDPOINT_URL, else :4566; with
 * its token from RAILS_SANDBOX_TOKEN, else the token file beside --state (else .rails/).
 */
export function controlFor(ctx: CommandContext): SandboxControl {
  const token = controlToken(ctx.opts.state);
  const port = ctx.opts.port;
  if (port !== undefined) return new SandboxControl(`http://127.0.0.1:${port}`, token);
  const endpoint = ctx.global.endpointUrl ?? process.env.AWS_ENDPOINT_URL ?? 'http://127.0.0.1:4566';
  return new SandboxControl(endpoint, token);
}

/** Turns control failures into the CLI's error taxonomy (a bad request is the user's to fix). */
export async function guarded<T>(ctx: CommandContext, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof SandboxControlError) {
      if (err.status === 0) {
        throw new FailedError(err.message, {
          hint: 'start one with `rails sandbox` (or pass --port / --endpoint-url of the one you started).',
        });
      }
      if (err.status === 403) {
        throw new UsageError(`the sandbox refused: ${err.message}`, {
          hint: `export RAILS_SANDBOX_TOKEN as \`rails sandbox\` printed it, or pass the --state it was started with (the token is read from ${tokenFilePath(ctx.opts.state)}).`,
        });
      }
      if (err.status >= 400 && err.status < 500) throw new UsageError(`the sandbox refused: ${err.message}`);
      throw new FailedError(`the sandbox failed: ${err.message}`);
    }
    throw err;
  }
}
