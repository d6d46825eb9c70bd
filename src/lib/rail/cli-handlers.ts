/**
 * What the command files call: read rail.yaml (with the command's flags over it), open AWS and run
 * the library. Flags mirror the config fields; rail.yaml, when present, supplies the rest.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { CommandContext } from '../../commands/types.js';
import { crossFieldProblems } from '../config/checks.js';
import { recordRailFields, recordServiceFields } from '../config/edit-rail.js';
import { formatPath } from '../config/load.js';
import { type RailConfig, railSchema } from '../config/schema.js';
import { ConfigError, UsageError } from '../errors.js';
import { result } from '../output.js';
import { exampleConfigPath } from './example-config.js';
import type { PlanScope } from './plan-rail.js';
import { runUp } from './up.js';

/**
 * Records a one-hop command's change in rail.yaml (`edit` returns whether the file changed) and says
 * so. Without a rail.yaml there is nothing to record; the shipped example is never edited.
 */
export async function recordInRail(
  ctx: CommandContext,
  edit: (file: string) => Promise<boolean>,
  what: string,
): Promise<void> {
  const file = ctx.global.config;
  if (!existsSync(file)) return;
  if (resolve(file) === exampleConfigPath()) {
    result(`note: ${file} is the shipped example and is not edited; \`rails up\` follows it.`);
    return;
  }
  if (await edit(file)) result(`${file}: ${what}.`);
}

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

async function up(ctx: CommandContext, rail: RailConfig, scope: PlanScope): Promise<number> {
  const aws = await ctx.aws();
  await runUp(aws, rail, {
    dryRun: ctx.opts.dryRun === true,
    wait: ctx.opts.wait !== false,
    scope,
    configFile: ctx.global.config,
    signal: ctx.signal,
  });
  return 0;
}

export async function upCommand(ctx: CommandContext): Promise<number> {
  return up(ctx, await ctx.loadConfig(), { kind: 'all' });
}

export async function createNlbCommand(ctx: CommandContext): Promise<number> {
  const rail = await configWithFlags(ctx, (raw) => {
    if (ctx.opts.subnets) raw.subnets = ctx.opts.subnets;
    if (ctx.opts.certificate) raw.certificate = ctx.opts.certificate;
    if (ctx.opts.staticIps) raw.staticIps = ctx.opts.staticIps;
  });
  await up(ctx, rail, { kind: 'nlb' });
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
  await up(ctx, rail, { kind: 'alb' });
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
  await up(ctx, rail, { kind: 'service', name });
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

export async function downCommand(ctx: CommandContext): Promise<number> {
  const rail = await ctx.loadConfig();
  const { runDown } = await import('./down.js');
  await runDown(await ctx.aws(), rail, {
    dryRun: ctx.opts.dryRun === true,
    yes: ctx.global.yes,
    signal: ctx.signal,
  });
  return 0;
}
