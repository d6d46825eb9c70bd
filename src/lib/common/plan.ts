/**
 * A plan is what `up`, `create-*`, `add-service`, `route` and `down` print before they act: each
 * resource with what will happen to it. `--dry-run` prints it and stops before the first mutating call.
 * Below the rail engine: its steps and the sync runner's deployment both speak these types.
 */
export type PlanAction = 'create' | 'update' | 'unchanged' | 'delete' | 'blocked';

export interface FieldChange {
  field: string;
  from: unknown;
  to: unknown;
}

export interface PlanItem {
  /** Kind of resource: `load-balancer`, `target-group`, `listener`, `rule`, `security-group`, `ecs-service`, `lambda`... */
  kind: string;
  /** Name (or a short description) that a user recognises. */
  name: string;
  action: PlanAction;
  changes?: FieldChange[];
  /** Why (for `blocked`: what AWS will not do in place and what to do instead). */
  note?: string;
}

/** Receives plan items as they are decided, so output can stream while work goes on. */
export type PlanReporter = (item: PlanItem) => void;
