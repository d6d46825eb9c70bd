import type { CommandSpec } from './types.js';

export const validate: CommandSpec = {
  name: 'validate',
  summary: 'Check rail.yaml without touching AWS: schema, names AWS would refuse, duplicate routes',
  options: [
    {
      flags: '--aws',
      description: 'also check against AWS: subnets (in the VPC, two AZs), certificate, task definitions',
    },
  ],
  examples: ['rails validate', 'rails validate --config prod.yaml', 'rails validate --aws --json'],
  async run(ctx) {
    const { result, json } = await import('./output.js');
    const config = await ctx.loadConfig();
    if (ctx.opts.aws) await (await import('./validate-aws.js')).validateAgainstAws(ctx, config);
    if (ctx.global.json)
      json({ valid: true, file: ctx.configFile, stage: config.stage, services: config.services.length });
    else result(`${ctx.configFile}: valid (stage ${config.stage}, ${config.services.length} service(s))`);
    return 0;
  },
};
