/**
 * Every `rails sandbox` verb works on the embedded sandbox's state too (the one `rails up --sandbox`
 * keeps in .rails/sandbox.json): under --sandbox, or when no sandbox answers and that file exists.
 * The verb then starts the sandbox in-process on the file, does its work through the same control
 * client, and stops it (which writes the state). Time that passed since the last command is simulated
 * by the sandbox as it starts; a lock beside the file keeps a concurrent `rails up --sandbox` and the
 * verb from losing each other's writes.
 */
import { existsSync } from 'node:fs';
import { SandboxControl, SandboxControlError } from 'rails-sandbox';
import type { CommandContext } from '../types.js';
import { controlFor, guarded } from './control-target.js';

async function embeddedStateFile(): Promise<string> {
  return (await import('../aws/session.js')).EMBEDDED_SANDBOX_STATE;
}

/** Runs `work` against an in-process sandbox on the embedded state file, then stops it. */
async function onEmbedded<T>(ctx: CommandContext, work: (control: SandboxControl) => Promise<T>): Promise<T> {
  const { startSandbox } = await import('rails-sandbox');
  const running = await startSandbox({ port: 0, stateFile: await embeddedStateFile() });
  try {
    return await guarded(ctx, () => work(new SandboxControl(running.endpoint, running.controlToken)));
  } finally {
    await running.stop();
  }
}

/** Whether the verb was pointed at a particular sandbox (then falling back would be a surprise). */
function pointedAtOne(ctx: CommandContext): boolean {
  return (
    ctx.opts.port !== undefined ||
    ctx.global.endpointUrl !== undefined ||
    process.env.AWS_ENDPOINT_URL !== undefined
  );
}

/**
 * The verb's work against the sandbox it means: --sandbox's embedded state, else the running one,
 * else (none answers, and .rails/sandbox.json exists) the embedded state, said so on stderr.
 */
export async function withControl<T>(
  ctx: CommandContext,
  work: (control: SandboxControl) => Promise<T>,
): Promise<T> {
  if (ctx.global.sandbox) return onEmbedded(ctx, work);
  const control = controlFor(ctx);
  try {
    return await work(control);
  } catch (err) {
    const unreachable = err instanceof SandboxControlError && err.status === 0;
    const state = await embeddedStateFile();
    if (unreachable && !pointedAtOne(ctx) && existsSync(state)) {
      const { info } = await import('../output.js');
      info(`no sandbox answers at ${control.endpoint}; working on the embedded sandbox's state in ${state}`);
      return onEmbedded(ctx, work);
    }
    return guarded(ctx, () => Promise.reject(err));
  }
}
