/** `rails validate --aws`: the checks `up` runs before any change, without planning or changing anything. */
import type { CommandContext } from '../../commands/types.js';
import type { RailConfig } from '../config/schema.js';
import { ConfigError } from '../errors.js';
import { discoverRail } from './discover.js';
import { awsProblems } from './preflight.js';

/** Throws ConfigError (exit 2) listing every field AWS disagrees with; reads only. */
export async function checkAgainstAws(ctx: CommandContext, rail: RailConfig): Promise<void> {
  const seen = await discoverRail(await ctx.aws(), rail);
  const problems = awsProblems(rail, seen);
  if (problems.length)
    throw new ConfigError(ctx.global.config, problems, 'Fix the fields above; nothing was changed in AWS.');
}
