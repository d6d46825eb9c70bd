/**
 * `create-nlb`, `create-alb` and `add-service`: rail.yaml (when present) with the command's flags over
 * it, laid like `up` but for one hop, then the flags recorded in rail.yaml so the next `up` keeps
 * them. Flags mirror the config fields; rail.yaml, when present, supplies the rest.
 */

import { recordRailFields, recordServiceFields } from '../lib/config/edit-rail.js';
import { UsageError } from '../lib/errors.js';
import { layOptions, layRail } from './lay-rail.js';
import { recordInRail } from './record-in-rail.js';
import type { CommandContext } from './types.js';

/** The fields a flag was given for. */
function given(fields: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));
}

/** The fields that go over rail.yaml's: those given a value (an empty one leaves the file's). */
function over(fields: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined && v !== ''));
}

function intFlag(value: unknown, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n)) throw new UsageError(`${flag} must be a whole number, got '${value}'.`);
  return n;
}

export async function createNlbCommand(ctx: CommandContext): Promise<number> {
  const { subnets, certificate, staticIps } = ctx.opts;
  const flags = { subnets, certificate, staticIps };
  const rail = await ctx.resolveConfig(() => ({ fields: over(flags) }));
  await layRail(ctx, rail, { kind: 'nlb' }, layOptions(ctx));
  return recordFlags(ctx, flags);
}

/** Records the top-level fields a one-hop command's flags gave, so the next `up` keeps them. */
async function recordFlags(ctx: CommandContext, fields: Record<string, unknown>): Promise<number> {
  const flags = given(fields);
  if (ctx.opts.dryRun || !Object.keys(flags).length) return 0;
  await recordInRail(
    ctx,
    (file) => recordRailFields(file, flags),
    `recorded ${Object.keys(flags).join(', ')}`,
  );
  return 0;
}

export async function createAlbCommand(ctx: CommandContext): Promise<number> {
  const { vpc, subnets, certificate } = ctx.opts;
  const flags = { vpc, subnets, certificate };
  const rail = await ctx.resolveConfig(() => ({ fields: over(flags) }));
  await layRail(ctx, rail, { kind: 'alb' }, layOptions(ctx));
  return recordFlags(ctx, flags);
}

/** `rails create-api`: only the front door of rail.yaml, against a rail whose load balancers exist. */
export async function createApiCommand(ctx: CommandContext): Promise<number> {
  await layRail(ctx, await ctx.loadConfig(), { kind: 'api' }, layOptions(ctx));
  return 0;
}

export async function addServiceCommand(ctx: CommandContext): Promise<number> {
  const name = ctx.args[0]!;
  const o = ctx.opts;
  // The service's fields the flags give: over rail.yaml's now, recorded there after, so the next `up`
  // keeps the service rather than removing it.
  const serviceFields = () => ({
    host: o.host,
    paths: o.path,
    port: intFlag(o.port, '--port'),
    taskDefinition: o.taskDefinition,
    container: o.container,
    desiredCount: intFlag(o.desiredCount, '--desired-count'),
  });
  const rail = await ctx.resolveConfig(() => ({ service: { name, fields: over(serviceFields()) } }));
  await layRail(ctx, rail, { kind: 'service', name }, layOptions(ctx));
  if (o.dryRun) return 0;
  const fields = given(serviceFields());
  await recordInRail(ctx, (file) => recordServiceFields(file, name, fields), `recorded service ${name}`);
  return 0;
}
