/** `rails validate --aws`: the checks `up` runs before any change, without planning or changing anything. */
import type { RailConfig } from '../lib/config/schema.js';
import { ConfigError } from '../lib/errors.js';
import { checkAgainstAws } from '../lib/rail/preflight.js';
import type { CommandContext } from './types.js';

/** Throws ConfigError (exit 2) listing every field AWS disagrees with; reads only. */
export async function validateAgainstAws(ctx: CommandContext, rail: RailConfig): Promise<void> {
  const problems = await checkAgainstAws(await ctx.aws(), rail);
  if (problems.length)
    throw new ConfigError(ctx.configFile, problems, 'Fix the fields above; nothing was changed in AWS.');
}
