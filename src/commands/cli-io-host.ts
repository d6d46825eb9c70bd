/** The terminal's IoHost: engines' progress through the one output module (stderr, spinners). */
import type { IoHost } from '../lib/io-host.js';
import { info, spinner, verbose, warn } from './output.js';

export const cliIoHost: IoHost = {
  info,
  warn,
  debug: verbose,
  task: spinner,
};
