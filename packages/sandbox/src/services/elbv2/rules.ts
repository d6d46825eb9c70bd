/**
 * ALB listener rules: Create/Describe/Modify/DeleteRule(s) and SetRulePriorities. Priorities are
 * 1-50000 and unique per listener; 100 rules per ALB; DescribeRules includes the default rule
 * (IsDefault, Priority "default"), which cannot be deleted.
 */
import { AwsError, validationError } from '../../core/aws-error.js';
import type { OperationHandler, Sandbox } from '../../core/types.js';
import { resolveActions } from './actions.js';
import { ruleArn } from './arns.js';
import { resolveConditions } from './conditions.js';
import { int, list, required, str } from './input.js';
import {
  findListener,
  requireListener,
  requireLoadBalancer,
  ruleNotFound,
  syncTargetGroupUsage,
} from './lookup.js';
import { paginate } from './paging.js';
import { elbv2State, type Listener, type Rule } from './state.js';
import { parseTags } from './tags.js';

const MAX_RULES_PER_ALB = 100;

function ruleOutput(r: Rule) {
  return {
    RuleArn: r.arn,
    Priority: String(r.priority),
    Conditions: r.conditions,
    Actions: r.actions,
    IsDefault: false,
  };
}

function defaultRuleOutput(l: Listener) {
  return {
    RuleArn: l.defaultRuleArn,
    Priority: 'default',
    Conditions: [],
    Actions: l.defaultActions,
    IsDefault: true,
  };
}

function priorityInUse(priority: number): AwsError {
  return new AwsError('PriorityInUse', `Priority '${priority}' is currently in use`);
}

function parsePriority(value: unknown, field: string): number {
  const p = int(value, field, 1, 50000);
  if (p === undefined) throw validationError('A priority must be specified');
  return p;
}

function actionContext(sb: Sandbox, listener: Listener) {
  const lb = requireLoadBalancer(sb, listener.loadBalancerArn);
  return { sb, lb, listenerProtocol: listener.protocol, listenerPort: listener.port };
}

function defaultRuleListener(sb: Sandbox, arn: string): Listener | undefined {
  return elbv2State(sb).listeners.find((l) => l.defaultRuleArn === arn);
}

function sortedRules(sb: Sandbox, listenerArn: string): Rule[] {
  return elbv2State(sb)
    .rules.filter((r) => r.listenerArn === listenerArn)
    .sort((a, b) => a.priority - b.priority);
}

/** Create/Describe/Modify/DeleteRule(s) and SetRulePriorities. */
export const ruleHandlers: Record<string, OperationHandler> = {
  CreateRule(input, { sb }) {
    const listener = requireListener(sb, str(input.ListenerArn));
    const ctx = actionContext(sb, listener);
    if (ctx.lb.type !== 'application') {
      throw validationError('Rules can be added only to listeners of application load balancers');
    }
    const priority = parsePriority(input.Priority, 'priority');
    const conditions = resolveConditions(input.Conditions);
    const actions = resolveActions(ctx, input.Actions);
    const tags = parseTags(input.Tags);
    const state = elbv2State(sb);
    if (state.rules.some((r) => r.listenerArn === listener.arn && r.priority === priority))
      throw priorityInUse(priority);
    const albListeners = new Set(
      state.listeners.filter((l) => l.loadBalancerArn === ctx.lb.arn).map((l) => l.arn),
    );
    if (state.rules.filter((r) => albListeners.has(r.listenerArn)).length >= MAX_RULES_PER_ALB) {
      throw new AwsError(
        'TooManyRules',
        `You have reached the limit of ${MAX_RULES_PER_ALB} rules per load balancer`,
      );
    }
    const rule: Rule = {
      arn: ruleArn(sb, listener.arn),
      listenerArn: listener.arn,
      priority,
      conditions,
      actions,
      tags,
    };
    state.rules.push(rule);
    syncTargetGroupUsage(sb);
    return { Rules: [ruleOutput(rule)] };
  },

  DescribeRules(input, { sb }) {
    const listenerArn = str(input.ListenerArn);
    const arns = list<string>(input.RuleArns);
    if (listenerArn && arns?.length)
      throw validationError('A listener ARN and rule ARNs cannot be specified together');
    if (!listenerArn && !arns?.length) throw validationError('A listener ARN or rule ARNs must be specified');
    let found: object[];
    if (listenerArn) {
      const listener = requireListener(sb, listenerArn);
      found = [...sortedRules(sb, listener.arn).map(ruleOutput), defaultRuleOutput(listener)];
    } else {
      found = arns!.map((arn) => {
        const rule = elbv2State(sb).rules.find((r) => r.arn === arn);
        if (rule) return ruleOutput(rule);
        const owner = defaultRuleListener(sb, arn);
        if (owner) return defaultRuleOutput(owner);
        throw ruleNotFound();
      });
    }
    const page = paginate(sb, found, input);
    return { Rules: page.items, NextMarker: page.NextMarker };
  },

  ModifyRule(input, { sb }) {
    const arn = required(input.RuleArn, 'RuleArn');
    const rule = elbv2State(sb).rules.find((r) => r.arn === arn);
    if (!rule) {
      if (defaultRuleListener(sb, arn)) {
        throw new AwsError(
          'OperationNotPermitted',
          `The default rule '${arn}' can be changed only with ModifyListener`,
        );
      }
      throw ruleNotFound();
    }
    const listener = findListener(sb, rule.listenerArn)!;
    // Each list given replaces the rule's list whole; lists not given stay as they were.
    const conditions = input.Conditions !== undefined ? resolveConditions(input.Conditions) : rule.conditions;
    const actions =
      input.Actions !== undefined ? resolveActions(actionContext(sb, listener), input.Actions) : rule.actions;
    rule.conditions = conditions;
    rule.actions = actions;
    syncTargetGroupUsage(sb);
    return { Rules: [ruleOutput(rule)] };
  },

  DeleteRule(input, { sb }) {
    const arn = required(input.RuleArn, 'RuleArn');
    const state = elbv2State(sb);
    if (!state.rules.some((r) => r.arn === arn)) {
      if (defaultRuleListener(sb, arn)) {
        throw new AwsError('OperationNotPermitted', `The default rule '${arn}' cannot be deleted`);
      }
      throw ruleNotFound();
    }
    state.rules = state.rules.filter((r) => r.arn !== arn);
    syncTargetGroupUsage(sb);
    return {};
  },

  /** Any new order that ends without a conflict is accepted (swaps in one call included). */
  SetRulePriorities(input, { sb }) {
    const entries = list<any>(input.RulePriorities) ?? [];
    if (entries.length === 0) throw validationError('Rule priorities must be specified');
    const changes = new Map<Rule, number>();
    entries.forEach((e, i) => {
      const arn = str(e?.RuleArn) ?? '';
      const priority = parsePriority(e?.Priority, `rulePriorities.${i + 1}.member.priority`);
      const rule = elbv2State(sb).rules.find((r) => r.arn === arn);
      if (!rule) {
        if (defaultRuleListener(sb, arn)) {
          throw new AwsError(
            'OperationNotPermitted',
            `The priority of the default rule '${arn}' cannot be changed`,
          );
        }
        throw ruleNotFound();
      }
      if (changes.has(rule)) throw validationError(`Rule '${arn}' is given more than once`);
      changes.set(rule, priority);
    });
    const listeners = new Set([...changes.keys()].map((r) => r.listenerArn));
    for (const listenerArn of listeners) {
      const seen = new Set<number>();
      for (const r of elbv2State(sb).rules.filter((x) => x.listenerArn === listenerArn)) {
        const p = changes.get(r) ?? r.priority;
        if (seen.has(p)) throw priorityInUse(p);
        seen.add(p);
      }
    }
    for (const [rule, priority] of changes) rule.priority = priority;
    sb.markDirty();
    return { Rules: [...changes.keys()].map(ruleOutput) };
  },
};
