/**
 * What the command files call: read rail.yaml (with the command's flags over it), open AWS and run
 * the library. Flags mirror the config fields; rail.yaml, when present, supplies the rest.
 */
import type { CommandContext } from '../../commands/types.js';
import { crossFieldProblems } from '../config/checks.js';
import { formatPath } from '../config/load.js';
import { type RailConfig, railSchema } from '../config/schema.js';
import { ConfigError, UsageError } from '../errors.js';
import type { PlanScope } from './plan-rail.js';
import { runUp } from './up.js';

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
  return up(ctx, rail, { kind: 'nlb' });
}

export async function createAlbCommand(ctx: CommandContext): Promise<number> {
  const rail = await configWithFlags(ctx, (raw) => {
    if (ctx.opts.vpc) raw.vpc = ctx.opts.vpc;
    if (ctx.opts.subnets) raw.subnets = ctx.opts.subnets;
    if (ctx.opts.certificate) raw.certificate = ctx.opts.certificate;
  });
  return up(ctx, rail, { kind: 'alb' });
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
  return up(ctx, rail, { kind: 'service', name });
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
