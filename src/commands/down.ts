import type { CommandSpec } from './types.js';

export const down: CommandSpec = {
  name: 'down',
  summary: "Remove everything that carries this rail's tags, in reverse order",
  options: [{ flags: '--dry-run', description: 'print what would be removed and remove nothing' }],
  examples: ['rails down --sandbox --yes', 'rails down --dry-run'],
  async run(ctx) {
    return (await import('./remove-rail.js')).downCommand(ctx);
  },
};
