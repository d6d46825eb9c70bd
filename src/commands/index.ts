/** Every command, in the order `rails --help` lists them. */
import { addService } from './add-service.js';
import { createAlb } from './create-alb.js';
import { createApi } from './create-api.js';
import { createNlb } from './create-nlb.js';
import { down } from './down.js';
import { logs } from './logs.js';
import { route } from './route.js';
import { sandbox } from './sandbox.js';
import { status } from './status.js';
import { syncIps } from './sync-ips.js';
import type { CommandSpec } from './types.js';
import { up } from './up.js';
import { validate } from './validate.js';

export const commands: CommandSpec[] = [
  up,
  createNlb,
  createAlb,
  createApi,
  addService,
  route,
  syncIps,
  status,
  logs,
  down,
  sandbox,
  validate,
];
