/**
 * The ALB's listener rules as routes: read in priority order (route list), and the rules of one
 * host+path of a service that rails made, to remove (route remove). Laying a route is `up`'s
 * planning with the routes scope.
 */
import type { AwsClients } from '../aws/clients.js';
import { describeTags, findLoadBalancersByName, listListeners, listRules } from '../aws/elbv2.js';
import { deleteRule } from '../aws/elbv2-changes.js';
import { isOurs, railNames, TAG_SERVICE } from '../common/names.js';
import type { PlanItem } from '../common/plan.js';
import type { RailConfig } from '../config/schema.js';
import { UsageError } from '../errors.js';
import { ruleFieldValues } from '../observe/alb-rules.js';
import { forwardTargets } from './diff.js';
import { routeKey } from './priorities.js';

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
      host: ruleFieldValues(rule, 'host-header').join(',') || '*',
      path: ruleFieldValues(rule, 'path-pattern').join(',') || '*',
      action,
      service: t?.[TAG_SERVICE] ?? '',
      ours: isOurs(t, rail.stage),
      ruleArn: rule.RuleArn!,
    };
  });
  const order = (p: string) => (p === 'default' ? Number.POSITIVE_INFINITY : Number(p));
  return rows.sort((a, b) => a.listener - b.listener || order(a.priority) - order(b.priority));
}

export interface RouteRemoval {
  /** Our rules of the route, on :80 and :443. */
  rows: RouteRow[];
  /** One delete item per rule: the plan a user reads. */
  items: PlanItem[];
}

/** The rules of this stage that route `host` + `path` to `service`; reads only. */
export async function planRouteRemoval(
  aws: AwsClients,
  rail: RailConfig,
  route: { service: string; host: string; path: string },
): Promise<RouteRemoval> {
  const key = routeKey({ host: route.host, path: route.path });
  const rows = (await readRoutes(aws, rail)).filter(
    (r) => r.ours && r.service === route.service && routeKey({ host: r.host, path: r.path }) === key,
  );
  const items: PlanItem[] = rows.map((r) => ({
    kind: 'rule',
    name: `:${r.listener} ${r.host}${r.path} (${route.service})`,
    action: 'delete',
  }));
  return { rows, items };
}

export async function removeRouteRules(aws: AwsClients, removal: RouteRemoval): Promise<void> {
  for (const r of removal.rows) await deleteRule(aws, r.ruleArn);
}
