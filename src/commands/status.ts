import { NotImplementedError } from '../lib/errors.js';
import type { CommandSpec } from './types.js';

export const status: CommandSpec = {
  name: 'status',
  summary: 'Show the whole rail hop by hop, with health, drift and reasons; the first broken hop first',
  options: [
    { flags: '--nlb <name>', description: 'inspect the rail of this NLB (no rail.yaml or tags needed)' },
    { flags: '--alb <name>', description: 'inspect the rail of this ALB' },
    { flags: '--service <name>', description: 'only this service' },
    { flags: '--watch [seconds]', description: 'redraw in place every few seconds (TTY)' },
  ],
  examples: ['rails status', 'rails status --json', 'rails status --nlb prod-nlb --alb prod-alb'],
  async run() {
    throw new NotImplementedError('status');
  },
};
