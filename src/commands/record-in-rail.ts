/**
 * The one-hop commands and `route add|remove` record what their flags changed in rail.yaml (comments
 * kept), so the next `up` keeps it rather than undoing it.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { exampleConfigPath } from './example-config.js';
import { result } from './output.js';
import type { CommandContext } from './types.js';

/**
 * Records a one-hop command's change in rail.yaml (`edit` returns whether the file changed) and says
 * so. Without a rail.yaml there is nothing to record; the shipped example is never edited.
 */
export async function recordInRail(
  ctx: CommandContext,
  edit: (file: string) => Promise<boolean>,
  what: string,
): Promise<void> {
  const file = ctx.configFile;
  if (!existsSync(file)) return;
  if (resolve(file) === exampleConfigPath()) {
    result(`note: ${file} is the shipped example and is not edited; \`rails up\` follows it.`);
    return;
  }
  if (await edit(file)) result(`${file}: ${what}.`);
}
