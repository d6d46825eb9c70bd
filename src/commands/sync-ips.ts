import type { CommandSpec } from './types.js';

export const syncIps: CommandSpec = {
  name: 'sync-ips',
  summary: "Keep the NLB's IP target groups on the ALB's current IPs (loop, or --once)",
  options: [
    { flags: '--once', description: 'run one pass and exit (incident use)' },
    { flags: '--dry-run', description: 'print the plan of the pass and change nothing' },
    { flags: '--interval <seconds>', description: 'seconds between passes (rail.yaml: sync.interval)' },
    {
      flags: '--listener <port>',
      description: 'only the NLB target group of this listener port (80 or 443)',
    },
    {
      flags: '--source <source>',
      description: 'where ALB IPs come from: eni or dns (rail.yaml: sync.source)',
    },
    {
      flags: '--dns-server <host:port>',
      description: 'ask this DNS server for the ALB name (rail.yaml: sync.dnsServer)',
    },
    { flags: '--misses <n>', description: 'passes an IP must be missing before it is deregistered' },
  ],
  examples: [
    'rails sync-ips --once',
    'rails sync-ips --once --dry-run',
    'rails sync-ips --interval 30',
    'rails sync-ips --once --misses 2 --listener 443',
    'rails sync-ips --once --source dns --dns-server 127.0.0.1:5353 --json',
  ],
  async run(ctx) {
    const { runSyncIpsCommand } = await import('./sync-ips-loop.js');
    return runSyncIpsCommand(ctx);
  },
};
