/**
 * The ALB listener rules: per path of a service, a :80 301 redirect to HTTPS:443 and a :443 forward to
 * the service's target group(s), both with host-header and path-pattern conditions. Rules are found
 * again by tag (rails:service) and matched to routes by their conditions; priorities come from
 * priorities.ts so they are stable across runs. Rules without our tags are never touched.
 */
import type { Rule, RuleCondition } from '@aws-sdk/client-elastic-load-balancing-v2';
import { listRules } from '../aws/elbv2.js';
import { createRule, deleteRule, modifyRule, setRulePriorities } from '../aws/elbv2-changes.js';
import { errorCode } from '../aws/errors.js';
import { isOurs, ROLES, TAG_SERVICE } from '../common/names.js';
import type { ServiceConfig } from '../config/schema.js';
import { ruleFieldValues } from '../observe/alb-rules.js';
import { diffRule, forwardAction, HTTPS_REDIRECT, type RuleSpec } from './diff.js';
import type { ObservedRule } from './discover.js';
import { serviceTags } from './plan-services.js';
import { choosePriorities, type Route, routeKey } from './priorities.js';
import { need, type PlanContext, type Step } from './steps.js';

export interface RouteSteps {
  deletes: Step[];
  moves: Step[];
  changes: Step[];
}

interface Wanted extends Route {
  svc: ServiceConfig;
  key: string;
}

export function conditionsOf(host: string, path: string): RuleCondition[] {
  return [
    { Field: 'host-header', HostHeaderConfig: { Values: [host] } },
    { Field: 'path-pattern', PathPatternConfig: { Values: [path] } },
  ];
}

function ruleRoute(rule: Rule): Route {
  return {
    host: ruleFieldValues(rule, 'host-header')[0] ?? '',
    path: ruleFieldValues(rule, 'path-pattern')[0] ?? '',
  };
}

/** Our rules matched to wanted routes, per listener: `${port} ${key}` -> rule; the rest are stale. */
function matchRules(ours: ObservedRule[], wanted: Wanted[]) {
  const matched = new Map<string, ObservedRule>();
  const stale: ObservedRule[] = [];
  for (const port of [80, 443] as const) {
    const left = new Set(ours.filter((r) => r.listenerPort === port));
    // Same route first, then same path (the service moved to a new host).
    const take = (same: (r: ObservedRule, w: Wanted) => boolean) => {
      for (const w of wanted) {
        if (matched.has(`${port} ${w.key}`)) continue;
        const hit = [...left].find((r) => r.tags[TAG_SERVICE] === w.svc.name && same(r, w));
        if (hit) {
          matched.set(`${port} ${w.key}`, hit);
          left.delete(hit);
        }
      }
    };
    take((r, w) => routeKey(ruleRoute(r.rule)) === w.key);
    take((r, w) => ruleRoute(r.rule).path === w.path);
    stale.push(...left);
  }
  return { matched, stale };
}

/** A rule no route wants any more: deleted (already gone is fine). */
function staleRuleStep(ctx: PlanContext, r: ObservedRule): Step {
  const route = ruleRoute(r.rule);
  return {
    service: r.tags[TAG_SERVICE],
    item: {
      kind: 'rule',
      name: `:${r.listenerPort} ${route.host}${route.path} (${r.tags[TAG_SERVICE]})`,
      action: 'delete',
    },
    apply: async () => {
      try {
        await deleteRule(ctx.aws, r.rule.RuleArn!);
      } catch (err) {
        if (errorCode(err) !== 'RuleNotFound') throw err;
      }
    },
  };
}

interface PriorityMove {
  RuleArn: string;
  Priority: number;
  label: string;
  from: number;
}

/**
 * The rule of one route on one listener: created, updated (conditions or action; with `later` the
 * forward is compared again when applying, as the service's target groups are still to be made) or
 * unchanged. A priority that moves is collected in `moves`, applied in one call per listener.
 */
function routeRuleStep(
  ctx: PlanContext,
  port: 80 | 443,
  w: Wanted,
  priority: number,
  found: ObservedRule | undefined,
  later: boolean,
  moves: PriorityMove[],
): Step | undefined {
  const label = `:${port} ${w.host}${w.path} -> ${w.svc.name}`;
  const spec = (): RuleSpec => ({
    host: w.host,
    path: w.path,
    priority,
    action:
      port === 80
        ? { type: 'redirect' }
        : { type: 'forward', targetGroupArns: ctx.res.serviceTargetGroups.get(w.svc.name) ?? [] },
  });
  const actions = () =>
    port === 80
      ? [
          {
            Type: 'redirect' as const,
            RedirectConfig: { ...HTTPS_REDIRECT, StatusCode: 'HTTP_301' as const },
          },
        ]
      : [forwardAction(need(ctx.res.serviceTargetGroups.get(w.svc.name), w.svc.name), found?.rule.Actions)];
  if (!found)
    return {
      service: w.svc.name,
      item: { kind: 'rule', name: label, action: 'create', note: `priority ${priority}` },
      apply: () => createRuleOnce(ctx, port, priority, w, actions()),
    };
  const d = diffRule(spec(), found.rule);
  const priorityChange = d.update.find((c) => c.field === 'priority');
  if (priorityChange)
    moves.push({
      RuleArn: found.rule.RuleArn!,
      Priority: priority,
      label,
      from: Number(found.rule.Priority),
    });
  const fields = d.update.filter((c) => c.field !== 'priority');
  if (!fields.length && !later)
    return priorityChange
      ? undefined
      : { service: w.svc.name, item: { kind: 'rule', name: label, action: 'unchanged' } };
  return {
    service: w.svc.name,
    item: {
      kind: 'rule',
      name: label,
      action: 'update',
      changes: fields.length
        ? fields
        : [{ field: 'action', from: 'current target groups', to: 'the new set' }],
    },
    apply: async () => {
      const now = diffRule(spec(), found.rule).update.filter((c) => c.field !== 'priority');
      if (!now.length) return;
      await modifyRule(ctx.aws, {
        RuleArn: found.rule.RuleArn!,
        Conditions: conditionsOf(w.host, w.path),
        Actions: actions(),
      });
    },
  };
}

/** The priority changes of one listener, made in one call. */
function prioritiesStep(ctx: PlanContext, port: 80 | 443, moves: PriorityMove[]): Step {
  return {
    item: {
      kind: 'rule-priorities',
      name: `:${port} listener`,
      action: 'update',
      changes: moves.map((m) => ({ field: `priority ${m.label}`, from: m.from, to: m.Priority })),
    },
    apply: () =>
      setRulePriorities(
        ctx.aws,
        moves.map(({ RuleArn, Priority }) => ({ RuleArn, Priority })),
      ),
  };
}

/**
 * Plans every rule of the rail. `tgChanging` names services whose target group set is still to be
 * made, so their forward rules are compared again when applying.
 */
export function planRoutes(ctx: PlanContext, tgChanging: Set<string>): RouteSteps {
  const { rail, seen } = ctx;
  const ours = seen.rules.filter((r) => isOurs(r.tags, rail.stage) && r.tags[TAG_SERVICE]);
  const occupied = new Set(seen.rules.filter((r) => !ours.includes(r)).map((r) => Number(r.rule.Priority)));
  const wanted: Wanted[] = rail.services.flatMap((svc) =>
    svc.paths.map((path) => ({ svc, host: svc.host, path, key: routeKey({ host: svc.host, path }) })),
  );
  const { matched, stale } = matchRules(ours, wanted);
  for (const r of stale) occupied.add(Number(r.rule.Priority));

  const existing = new Map<string, number>();
  for (const w of wanted) {
    const r = matched.get(`443 ${w.key}`) ?? matched.get(`80 ${w.key}`);
    if (r) existing.set(w.key, Number(r.rule.Priority));
  }
  const { priorities } = choosePriorities(wanted, existing, occupied);

  const out: RouteSteps = { deletes: stale.map((r) => staleRuleStep(ctx, r)), moves: [], changes: [] };
  for (const port of [80, 443] as const) {
    const moves: PriorityMove[] = [];
    for (const w of wanted) {
      const later = port === 443 && tgChanging.has(w.svc.name);
      const found = matched.get(`${port} ${w.key}`);
      const s = routeRuleStep(ctx, port, w, priorities.get(w.key)!, found, later, moves);
      if (s) out.changes.push(s);
    }
    if (moves.length) out.moves.push(prioritiesStep(ctx, port, moves));
  }
  return out;
}

/** CreateRule is not idempotent: when a lost reply left the rule behind, find it and adopt it. */
async function createRuleOnce(
  ctx: PlanContext,
  port: 80 | 443,
  priority: number,
  w: Wanted,
  actions: ReturnType<typeof forwardAction>[],
): Promise<void> {
  const listenerArn = need(ctx.res.listeners.get(`alb:${port}`), `the ALB :${port} listener`);
  try {
    await createRule(ctx.aws, {
      ListenerArn: listenerArn,
      Priority: priority,
      Conditions: conditionsOf(w.host, w.path),
      Actions: actions,
      Tags: Object.entries(serviceTags(ctx, w.svc, ROLES.rule(port))).map(([Key, Value]) => ({ Key, Value })),
    });
  } catch (err) {
    if (errorCode(err) !== 'PriorityInUse') throw err;
    const rules = await listRules(ctx.aws, listenerArn);
    const same = rules.find((r) => Number(r.Priority) === priority && routeKey(ruleRoute(r)) === w.key);
    if (!same) throw err;
  }
}
