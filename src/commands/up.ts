import type { CommandSpec } from './types.js';

export const up: CommandSpec = {
  name: 'up',
  summary: 'Lay the whole rail from rail.yaml: print the plan, then apply it',
  options: [
    { flags: '--dry-run', description: 'print the plan and make no mutating call' },
    { flags: '--no-wait', description: 'do not wait for load balancers to be active and services stable' },
  ],
  examples: ['rails up --sandbox', 'rails up --dry-run', 'rails up --config prod.yaml --stage prod --yes'],
  async run(ctx) {
    return (await import('./lay-rail.js')).upCommand(ctx);
  },
};
