/**
 * `rails route list|add|remove`: the ALB's listener rules one route at a time. `add` lays the :80
 * redirect and :443 forward of a host+path for a service (priority chosen like `up`), `remove` deletes
 * the rules of a host+path that rails made. Both record the change in rail.yaml (comments kept), so
 * the next `up` keeps the route rather than undoing it; the shipped example is never edited.
 */

import { configWithFlags } from '../../commands/rail/hop-commands.js';
import { layRail } from '../../commands/rail/lay-rail.js';
import { recordInRail } from '../../commands/rail/record-in-rail.js';
import type { CommandContext } from '../../commands/types.js';
import type { AwsClients } from '../aws/clients.js';
import { describeTags, findLoadBalancersByName, listListeners, listRules } from '../aws/elbv2.js';
import { deleteRule } from '../aws/elbv2-changes.js';
import { isOurs, railNames, TAG_SERVICE } from '../common/names.js';
import type { PlanItem } from '../common/plan.js';
import { editServicePaths, type PathEdit } from '../config/edit-rail.js';
import type { RailConfig } from '../config/schema.js';
import { UsageError } from '../errors.js';
import { json, outputSettings, result, table } from '../output.js';
import { conditionValues, forwardTargets } from './diff.js';
import { routeKey } from './priorities.js';
import { printPlan } from './render.js';

export interface RouteRow {
  listener: number;
  priority: string;
  host: string;
  path: string;
  action: string;
  service: string;
  ours: boolean;
  ruleArn: string;
}

/** Every rule of the stage's ALB :80 and :443 listeners, in priority order (the defaults last). */
export async function readRoutes(aws: AwsClients, rail: RailConfig): Promise<RouteRow[]> {
  const alb = (await findLoadBalancersByName(aws, [railNames.alb(rail.stage)])).get(
    railNames.alb(rail.stage),
  );
  if (!alb)
    throw new UsageError(`stage ${rail.stage} has no ALB (${railNames.alb(rail.stage)}).`, {
      hint: 'run `rails up` first.',
    });
  const listeners = (await listListeners(aws, alb.LoadBalancerArn!)).filter(
    (l) => l.Port === 80 || l.Port === 443,
  );
  const perListener = await Promise.all(
    listeners.map(async (l) => ({ port: l.Port!, rules: await listRules(aws, l.ListenerArn!) })),
  );
  const all = perListener.flatMap((l) => l.rules.map((rule) => ({ port: l.port, rule })));
  const tags = await describeTags(
    aws,
    all.filter((r) => !r.rule.IsDefault).map((r) => r.rule.RuleArn!),
  );
  const rows = all.map(({ port, rule }) => {
    const t = tags.get(rule.RuleArn!);
    const a = rule.Actions?.[rule.Actions.length - 1];
    const action =
      a?.Type === 'redirect'
        ? `redirect ${a.RedirectConfig?.StatusCode} ${a.RedirectConfig?.Protocol}:${a.RedirectConfig?.Port}`
        : a?.Type === 'fixed-response'
          ? `fixed-response ${a.FixedResponseConfig?.StatusCode}`
          : `forward ${(
              a?.ForwardConfig?.TargetGroups ??
              forwardTargets(rule.Actions).map((arn) => ({ TargetGroupArn: arn, Weight: 1 }))
            )
              .map((g) => `${g.TargetGroupArn?.split('/')[1]}${g.Weight !== undefined ? `=${g.Weight}` : ''}`)
              .join(',')}`;
    return {
      listener: port,
      priority: rule.Priority ?? '',
      host: conditionValues(rule, 'host-header').join(',') || '*',
      path: conditionValues(rule, 'path-pattern').join(',') || '*',
      action,
      service: t?.[TAG_SERVICE] ?? '',
      ours: isOurs(t, rail.stage),
      ruleArn: rule.RuleArn!,
    };
  });
  const order = (p: string) => (p === 'default' ? Number.POSITIVE_INFINITY : Number(p));
  return rows.sort((a, b) => a.listener - b.listener || order(a.priority) - order(b.priority));
}

export async function routeListCommand(ctx: CommandContext): Promise<number> {
  const rail = await ctx.loadConfig();
  const rows = await readRoutes(await ctx.aws(), rail);
  if (outputSettings().json) {
    json(rows);
    return 0;
  }
  result(
    await table(
      ['listener', 'priority', 'host', 'path', 'action', 'service'],
      rows.map((r) => [
        `:${r.listener}`,
        r.priority,
        r.host,
        r.path,
        r.action,
        r.service || (r.ours ? '' : '(not rails)'),
      ]),
    ),
  );
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
  const rail = await configWithFlags(ctx, (raw) => {
    const svc = raw.services?.find((s: { name: string }) => s.name === name);
    if (!svc)
      throw new UsageError(`service ${name} is not in ${ctx.global.config}.`, {
        hint: `add it there, or lay it with \`rails add-service ${name} --host <host> --path <pattern> ...\`.`,
      });
    if (host && host.toLowerCase() !== String(svc.host).toLowerCase())
      throw new UsageError(`service ${name} answers host ${svc.host}; a service has one host in rail.yaml.`, {
        hint: `use --host ${svc.host}, or change services[].host in rail.yaml and run \`rails up\`.`,
      });
    if (!svc.paths.includes(path)) svc.paths.push(path);
  });
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
  if (!svcHost) throw new UsageError(`give --host: service ${name} is not in ${ctx.global.config}.`);
  const key = routeKey({ host: svcHost, path });
  const rows = (await readRoutes(aws, rail)).filter(
    (r) => r.ours && r.service === name && routeKey({ host: r.host, path: r.path }) === key,
  );
  const items: PlanItem[] = rows.map((r) => ({
    kind: 'rule',
    name: `:${r.listener} ${r.host}${r.path} (${name})`,
    action: 'delete',
  }));
  if (!rows.length) {
    result(`no rule of stage ${rail.stage} routes ${svcHost}${path} to ${name}: nothing to remove.`);
  } else {
    printPlan(
      `routes of ${name} of stage ${rail.stage}${ctx.opts.dryRun ? ' (dry run: nothing will change)' : ''}:`,
      items,
    );
    if (!ctx.opts.dryRun) for (const r of rows) await deleteRule(aws, r.ruleArn);
  }
  const svc = rail.services.find((s) => s.name === name);
  if (ctx.opts.dryRun || !svc?.paths.includes(path)) return 0;
  if (svc.paths.length === 1)
    result(
      `note: ${path} is the only path of ${name} in ${ctx.global.config}, so it stays there and \`rails up\` will lay it again; remove the service instead.`,
    );
  else await recordRoute(ctx, name, { remove: path });
  return 0;
}
