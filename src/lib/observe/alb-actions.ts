/**
 * What a listener's or a rule's actions do, for every part of rails that reads them: which action
 * takes the request and which target groups a forward sends to. Pure, and below status, trace, the
 * rail's diff and the sync, so none of them keeps its own copy.
 */
import type { Action } from '@aws-sdk/client-elastic-load-balancing-v2';

/** The terminal action of a list (forward, redirect or fixed-response are always last; authenticate-* come first). */
export function terminalAction(actions: Action[] | undefined): Action | undefined {
  const sorted = [...(actions ?? [])].sort((a, b) => (a.Order ?? 0) - (b.Order ?? 0));
  return sorted.at(-1);
}

/** A target group a forward sends to; `weight` only when the forward splits between several groups. */
export interface ForwardTarget {
  arn: string;
  weight?: number;
}

/** The parts of an action a forward is read from (listeners' default actions and rules' actions alike). */
export type ForwardLike = Pick<Action, 'Type' | 'TargetGroupArn' | 'ForwardConfig'>;

/**
 * The target groups one action, or every forward action of a list, sends to: each group once, in the
 * order AWS lists them. Actions other than forward send to none.
 */
export function forwardTargets(actions: ForwardLike | ForwardLike[] | undefined): ForwardTarget[] {
  const list = actions === undefined ? [] : Array.isArray(actions) ? actions : [actions];
  const out = new Map<string, ForwardTarget>();
  for (const a of list) {
    if (a.Type !== 'forward') continue;
    const groups = a.ForwardConfig?.TargetGroups ?? [];
    // AWS describes a plain forward as a ForwardConfig of one group with weight 1: a weight only means
    // something when there are several groups.
    const weighted = groups.length > 1;
    for (const g of groups)
      if (g.TargetGroupArn && !out.has(g.TargetGroupArn))
        out.set(g.TargetGroupArn, {
          arn: g.TargetGroupArn,
          ...(weighted ? { weight: g.Weight ?? 1 } : {}),
        });
    // With a ForwardConfig, AWS allows TargetGroupArn only when it names that config's one group.
    if (a.TargetGroupArn && !out.has(a.TargetGroupArn)) out.set(a.TargetGroupArn, { arn: a.TargetGroupArn });
  }
  return [...out.values()];
}

/** The ARNs `forwardTargets` finds, in the same order. */
export function forwardTargetArns(actions: ForwardLike | ForwardLike[] | undefined): string[] {
  return forwardTargets(actions).map((t) => t.arn);
}
