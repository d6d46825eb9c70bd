/**
 * `create-nlb`, `create-alb` and `add-service`: rail.yaml (when present) with the command's flags over
 * it, laid like `up` but for one hop, then the flags recorded in rail.yaml so the next `up` keeps
 * them. Flags mirror the config fields; rail.yaml, when present, supplies the rest.
 */

import { crossFieldProblems } from '../../lib/config/checks.js';
import { recordRailFields, recordServiceFields } from '../../lib/config/edit-rail.js';
import { formatPath } from '../../lib/config/load.js';
import { type RailConfig, railSchema } from '../../lib/config/schema.js';
import { ConfigError, UsageError } from '../../lib/errors.js';
import type { CommandContext } from '../types.js';
import { layOptions, layRail } from './lay-rail.js';
import { recordInRail } from './record-in-rail.js';

/** rail.yaml (if any) with `patch` applied, validated again as a whole. */
export async function configWithFlags(
  ctx: CommandContext,
  patch: (raw: Record<string, any>) => void,
): Promise<RailConfig> {
  const base = await ctx.loadConfigIfPresent();
  const raw: Record<string, any> = base ? structuredClone(base) : {};
  if (ctx.global.stage) raw.stage = ctx.global.stage;
  if (ctx.global.region) raw.region = ctx.global.region;
  patch(raw);
  const file = base ? ctx.global.config : 'flags (no rail.yaml)';
  const parsed = railSchema.safeParse(raw, { reportInput: true });
  if (!parsed.success)
    throw new ConfigError(
      file,
      parsed.error.issues.map((i) => ({ path: formatPath(i.path), message: i.message })),
      base ? undefined : 'give the missing fields as flags (and --stage), or write a rail.yaml.',
    );
  const problems = crossFieldProblems(parsed.data);
  if (problems.length) throw new ConfigError(file, problems);
  return parsed.data;
}

function intFlag(value: unknown, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n)) throw new UsageError(`${flag} must be a whole number, got '${value}'.`);
  return n;
}

export async function createNlbCommand(ctx: CommandContext): Promise<number> {
  const rail = await configWithFlags(ctx, (raw) => {
    if (ctx.opts.subnets) raw.subnets = ctx.opts.subnets;
    if (ctx.opts.certificate) raw.certificate = ctx.opts.certificate;
    if (ctx.opts.staticIps) raw.staticIps = ctx.opts.staticIps;
  });
  await layRail(ctx, rail, { kind: 'nlb' }, layOptions(ctx));
  return recordFlags(ctx, {
    subnets: ctx.opts.subnets,
    certificate: ctx.opts.certificate,
    staticIps: ctx.opts.staticIps,
  });
}

/** Records the top-level fields a one-hop command's flags gave, so the next `up` keeps them. */
async function recordFlags(ctx: CommandContext, fields: Record<string, unknown>): Promise<number> {
  const given = Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));
  if (ctx.opts.dryRun || !Object.keys(given).length) return 0;
  await recordInRail(
    ctx,
    (file) => recordRailFields(file, given),
    `recorded ${Object.keys(given).join(', ')}`,
  );
  return 0;
}

export async function createAlbCommand(ctx: CommandContext): Promise<number> {
  const rail = await configWithFlags(ctx, (raw) => {
    if (ctx.opts.vpc) raw.vpc = ctx.opts.vpc;
    if (ctx.opts.subnets) raw.subnets = ctx.opts.subnets;
    if (ctx.opts.certificate) raw.certificate = ctx.opts.certificate;
  });
  await layRail(ctx, rail, { kind: 'alb' }, layOptions(ctx));
  return recordFlags(ctx, {
    vpc: ctx.opts.vpc,
    subnets: ctx.opts.subnets,
    certificate: ctx.opts.certificate,
  });
}

export async function addServiceCommand(ctx: CommandContext): Promise<number> {
  const name = ctx.args[0]!;
  const o = ctx.opts;
  const rail = await configWithFlags(ctx, (raw) => {
    raw.services ??= [];
    let svc = raw.services.find((s: { name: string }) => s.name === name);
    if (!svc) {
      svc = { name };
      raw.services.push(svc);
    }
    if (o.host) svc.host = o.host;
    if (o.path) svc.paths = o.path;
    if (o.port !== undefined) svc.port = intFlag(o.port, '--port');
    if (o.taskDefinition) svc.taskDefinition = o.taskDefinition;
    if (o.container) svc.container = o.container;
    if (o.desiredCount !== undefined) svc.desiredCount = intFlag(o.desiredCount, '--desired-count');
  });
  await layRail(ctx, rail, { kind: 'service', name }, layOptions(ctx));
  if (o.dryRun) return 0;
  // What the flags gave, so the next `up` keeps the service rather than removing it.
  const given: Record<string, unknown> = {
    host: o.host,
    paths: o.path,
    port: intFlag(o.port, '--port'),
    taskDefinition: o.taskDefinition,
    container: o.container,
    desiredCount: intFlag(o.desiredCount, '--desired-count'),
  };
  const fields = Object.fromEntries(Object.entries(given).filter(([, v]) => v !== undefined));
  await recordInRail(ctx, (file) => recordServiceFields(file, name, fields), `recorded service ${name}`);
  return 0;
}
