/**
 * Plan steps and the engine that applies them. Planning is pure reading: every step carries its plan
 * item (create / update / unchanged / delete / blocked) and, when something must change, an `apply`
 * closure. Steps are grouped in phases (dependency order); within a phase, chains run concurrently
 * (bounded) and the steps of a chain in order. `--dry-run` prints the plan and never calls `apply`.
 */
import type { AwsClients } from '../aws/clients.js';
import { mapLimit } from '../common/concurrency.js';
import type { PlanItem } from '../common/plan.js';
import type { RailConfig } from '../config/schema.js';
import { AbortError } from '../errors.js';
import type { Observed } from './discover.js';

export interface Step {
  item: PlanItem;
  /** The rail service the step belongs to, when it belongs to one. */
  service?: string;
  apply?: () => Promise<void>;
}

export interface Phase {
  name: string;
  chains: Step[][];
}

/** ARNs and ids known from discovery or learnt while applying, read by later steps. */
export interface Resolved {
  albSecurityGroupId?: string;
  nlbArn?: string;
  albArn?: string;
  /** `nlb:80`, `alb:443` -> listener ARN. */
  listeners: Map<string, string>;
  nlbTargetGroups: Map<number, string>;
  /** Service target group ARNs, the one that takes traffic first. */
  serviceTargetGroups: Map<string, string[]>;
  taskSecurityGroups: Map<string, string>;
  taskDefinitions: Map<string, string>;
  /** The rail's task execution role (container logs of the `image:` task definitions). */
  executionRoleArn?: string;
  /** Load balancers created or still provisioning, and services changed: what `up` waits for. */
  waitLoadBalancers: Set<string>;
  waitServices: Map<string, string[]>;
  /** The front door's ids, known from discovery or learnt while applying. */
  api: ApiResolved;
}

export interface ApiResolved {
  /** The VPC link rail.yaml asks for, and its status as last seen. */
  linkId?: string;
  linkStatus?: string;
  linkSecurityGroupId?: string;
  restApiId?: string;
  /** REST resource ids by path (`/` is the root). */
  resources: Map<string, string>;
  httpApiId?: string;
  /** HTTP API integration ids by service host. */
  httpIntegrations: Map<string, string>;
  /** One wait for the link per run, shared by every step that sends traffic through it. */
  linkReady?: Promise<void>;
}

export interface PlanContext {
  aws: AwsClients;
  rail: RailConfig;
  seen: Observed;
  res: Resolved;
  /** Resources of our names that rails did not make: planning stops with these. */
  conflicts: string[];
  /** False under --no-wait: a new VPC link is not waited for unless traffic moves onto it. */
  wait?: boolean;
}

export function newResolved(): Resolved {
  return {
    listeners: new Map(),
    nlbTargetGroups: new Map(),
    serviceTargetGroups: new Map(),
    taskSecurityGroups: new Map(),
    taskDefinitions: new Map(),
    waitLoadBalancers: new Set(),
    waitServices: new Map(),
    api: { resources: new Map(), httpIntegrations: new Map() },
  };
}

/** The value a later step needs; a missing one is a bug in the phase order, said plainly. */
export function need<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`internal: ${what} is not known yet at this step`);
  return value;
}

export function unchanged(kind: string, name: string): Step {
  return { item: { kind, name, action: 'unchanged' } };
}

export interface ApplyOptions {
  signal?: AbortSignal;
  concurrency?: number;
  /** Called after each phase, with its name. */
  afterPhase?: (name: string) => void;
  /** Called as each step with changes finishes. */
  done?: (item: PlanItem) => void;
}

/** Applies the phases in order; stops at the first failure or on Ctrl-C (re-running converges). */
export async function applyPhases(phases: Phase[], opts: ApplyOptions = {}): Promise<void> {
  for (const phase of phases) {
    await mapLimit(phase.chains, opts.concurrency ?? 8, async (chain) => {
      for (const step of chain) {
        if (!step.apply) continue;
        if (opts.signal?.aborted) throw opts.signal.reason ?? new AbortError('interrupted');
        await step.apply();
        opts.done?.(step.item);
      }
    });
    opts.afterPhase?.(phase.name);
  }
}

/** Every plan item of the phases, in the order they would be applied. */
export function planItems(phases: Phase[]): PlanItem[] {
  return phases.flatMap((p) => p.chains.flat().map((s) => s.item));
}
