import type { CommandSpec } from './types.js';

export const createApi: CommandSpec = {
  name: 'create-api',
  summary: 'Create or update the API Gateway hop of rail.yaml (VPC link, API, stage, custom domain)',
  options: [
    { flags: '--dry-run', description: 'print the plan and make no mutating call' },
    { flags: '--no-wait', description: 'do not wait for a new VPC link to be AVAILABLE' },
  ],
  examples: ['rails create-api', 'rails create-api --dry-run'],
  async run(ctx) {
    return (await import('./hop-commands.js')).createApiCommand(ctx);
  },
};
