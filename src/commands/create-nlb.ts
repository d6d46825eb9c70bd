import type { CommandSpec } from './types.js';

export const createNlb: CommandSpec = {
  name: 'create-nlb',
  summary: 'Create or update the internal NLB hop (load balancer, target groups, listeners)',
  options: [
    { flags: '--dry-run', description: 'print the plan and make no mutating call' },
    { flags: '--no-wait', description: 'do not wait for load balancers to be active and services stable' },
    { flags: '--subnets <ids...>', description: 'private subnets in at least two AZs (rail.yaml: subnets)' },
    {
      flags: '--certificate <arn>',
      description: 'ACM certificate for the TLS:443 listener (rail.yaml: certificate)',
    },
    {
      flags: '--static-ips <mode>',
      description: 'how the NLB reaches the ALB: sync or alb-target (rail.yaml: staticIps)',
    },
  ],
  examples: ['rails create-nlb', 'rails create-nlb --static-ips alb-target --dry-run'],
  async run(ctx) {
    return (await import('./hop-commands.js')).createNlbCommand(ctx);
  },
};
