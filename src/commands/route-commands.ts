/**
 * `rails route list|add|remove`: the ALB's listener rules one route at a time. `add` lays the :80
 * redirect and :443 forward of a host+path for a service (priority chosen like `up`), `remove` deletes
 * the rules of a host+path that rails made. Both record the change in rail.yaml (comments kept), so
 * the next `up` keeps the route rather than undoing it; the shipped example is never edited.
 */
import { editServicePaths, type PathEdit } from '../lib/config/edit-rail.js';
import { UsageError } from '../lib/errors.js';
import { planRouteRemoval, readRoutes, removeRouteRules } from '../lib/rail/routes.js';
import { layRail } from './lay-rail.js';
import { json, result } from './output.js';
import { recordInRail } from './record-in-rail.js';
import { printPlan } from './render-plan.js';
import { routeTable } from './render-routes.js';
import type { CommandContext } from './types.js';

export async function routeListCommand(ctx: CommandContext): Promise<number> {
  const rail = await ctx.loadConfig();
  const rows = await readRoutes(await ctx.aws(), rail);
  if (ctx.global.json) {
    json(rows);
    return 0;
  }
  result(await routeTable(rows));
  return 0;
}

function routeFlags(ctx: CommandContext): { host?: string; path: string } {
  const path = ctx.opts.path as string | undefined;
  if (!path) throw new UsageError('give the path pattern with --path, e.g. --path "/orders/*".');
  return { host: ctx.opts.host as string | undefined, path };
}

export async function routeAddCommand(ctx: CommandContext): Promise<number> {
  const name = ctx.args[0]!;
  const { host, path } = routeFlags(ctx);
  const rail = await ctx.resolveConfig(() => ({ route: { service: name, host, path } }));
  await layRail(ctx, rail, { kind: 'routes', name }, { dryRun: ctx.opts.dryRun === true, wait: false });
  if (!ctx.opts.dryRun) await recordRoute(ctx, name, { add: path });
  return 0;
}

/** Writes the route change into rail.yaml and says so. */
function recordRoute(ctx: CommandContext, service: string, edit: PathEdit): Promise<void> {
  const path = 'add' in edit ? edit.add : edit.remove;
  return recordInRail(
    ctx,
    (file) => editServicePaths(file, service, edit),
    `${'add' in edit ? 'added' : 'removed'} ${path} in the paths of ${service}`,
  );
}

export async function routeRemoveCommand(ctx: CommandContext): Promise<number> {
  const name = ctx.args[0]!;
  const { host, path } = routeFlags(ctx);
  const rail = await ctx.loadConfig();
  const aws = await ctx.aws();
  const svcHost = host ?? rail.services.find((s) => s.name === name)?.host;
  if (!svcHost) throw new UsageError(`give --host: service ${name} is not in ${ctx.configFile}.`);
  const removal = await planRouteRemoval(aws, rail, { service: name, host: svcHost, path });
  if (!removal.rows.length) {
    result(`no rule of stage ${rail.stage} routes ${svcHost}${path} to ${name}: nothing to remove.`);
  } else {
    printPlan(
      `routes of ${name} of stage ${rail.stage}${ctx.opts.dryRun ? ' (dry run: nothing will change)' : ''}:`,
      removal.items,
    );
    if (!ctx.opts.dryRun) await removeRouteRules(aws, removal);
  }
  const svc = rail.services.find((s) => s.name === name);
  if (ctx.opts.dryRun || !svc?.paths.includes(path)) return 0;
  if (svc.paths.length === 1)
    result(
      `note: ${path} is the only path of ${name} in ${ctx.configFile}, so it stays there and \`rails up\` will lay it again; remove the service instead.`,
    );
  else await recordRoute(ctx, name, { remove: path });
  return 0;
}
