import type { CommandSpec } from './types.js';

export const addService: CommandSpec = {
  name: 'add-service',
  summary: 'Add or update one ECS Fargate service behind the ALB (target groups, rules, service)',
  arguments: [{ name: 'name', description: 'the service name (rail.yaml: services[].name)', required: true }],
  options: [
    { flags: '--dry-run', description: 'print the plan and make no mutating call' },
    { flags: '--no-wait', description: 'do not wait for load balancers to be active and services stable' },
    { flags: '--host <host>', description: 'host header the service answers' },
    { flags: '--path <pattern...>', description: 'path patterns routed to the service' },
    { flags: '--port <port>', description: 'container port' },
    { flags: '--task-definition <family>', description: 'task definition family, family:revision or ARN' },
    { flags: '--container <name>', description: 'container that receives traffic' },
    { flags: '--desired-count <n>', description: 'number of tasks' },
  ],
  examples: [
    'rails add-service ice-station-zebra',
    'rails add-service billing --host api.abq.com --path "/billing/*" --port 8080',
  ],
  async run(ctx) {
    return (await import('./hop-commands.js')).addServiceCommand(ctx);
  },
};
