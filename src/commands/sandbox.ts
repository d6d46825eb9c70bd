import { NotImplementedError } from '../lib/errors.js';
import type { CommandSpec } from './types.js';

export const sandbox: CommandSpec = {
  name: 'sandbox',
  summary: 'Run the loopback AWS stand-in, or control a running one',
  options: [
    { flags: '--port <port>', description: 'port to listen on (0 for an ephemeral one)', default: '4566' },
    { flags: '--state <file>', description: 'persist state to this file' },
    { flags: '--empty', description: 'start without the seeded environment' },
    { flags: '--time-scale <n>', description: 'sandbox seconds per real second' },
  ],
  examples: ['rails sandbox', 'rails sandbox --port 0 --state .rails/sandbox.json'],
  async run() {
    throw new NotImplementedError('sandbox');
  },
};
