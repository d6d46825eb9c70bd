import type { CommandSpec } from './types.js';

export const createAlb: CommandSpec = {
  name: 'create-alb',
  summary: 'Create or update the internal ALB hop (security group, load balancer, listeners)',
  options: [
    { flags: '--dry-run', description: 'print the plan and make no mutating call' },
    { flags: '--no-wait', description: 'do not wait for load balancers to be active and services stable' },
    { flags: '--vpc <id>', description: 'the VPC (rail.yaml: vpc)' },
    { flags: '--subnets <ids...>', description: 'private subnets in at least two AZs (rail.yaml: subnets)' },
    {
      flags: '--certificate <arn>',
      description: 'ACM certificate for the HTTPS:443 listener (rail.yaml: certificate)',
    },
  ],
  examples: ['rails create-alb', 'rails create-alb --dry-run'],
  async run(ctx) {
    return (await import('./hop-commands.js')).createAlbCommand(ctx);
  },
};
