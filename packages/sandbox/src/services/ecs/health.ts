/**
 * Task health, both ways: the oracle ELBv2 asks when it health-checks a task's IP, and what the
 * scheduler reads back from ELBv2 to decide whether a task is healthy in its target groups.
 */
import type { HealthOracle, HealthVerdict, Sandbox } from '../../core/types.js';
import { describeTargetHealthInternal, findTargetGroup } from '../elbv2/targets.js';
import { type EcsTask, ecsState, type TaskDefinition } from './state.js';
import { findTaskDefinition } from './task-definitions.js';

/** ELB descriptions for the reasons a make-unhealthy control call may give. */
export const UNHEALTHY_DESCRIPTIONS: Record<string, string> = {
  'Target.ResponseCodeMismatch': 'Health checks failed with these codes: [500]',
  'Target.Timeout': 'Request timed out',
  'Target.FailedHealthChecks': 'Health checks failed',
};

function containerPorts(td: TaskDefinition | undefined): number[] {
  if (!td) return [];
  return td.containerDefinitions.flatMap((c) =>
    c.portMappings.map((p) => p.containerPort).filter((p): p is number => p !== undefined),
  );
}

/**
 * A task answers health checks on its container ports once RUNNING (and while it drains), unless
 * the control API made it unhealthy. IPs that are no task's are left to the other oracles.
 */
export const ecsHealthOracle: HealthOracle = (target, sb): HealthVerdict | undefined => {
  const task = ecsState(sb).tasks.find((t) => t.ip === target.ip && t.lastStatus !== 'STOPPED');
  if (!task) return undefined;
  if (task.lastStatus !== 'RUNNING' && task.lastStatus !== 'DEACTIVATING')
    return { state: 'unhealthy', reason: 'Target.Timeout', description: 'Request timed out' };
  if (!containerPorts(findTaskDefinition(sb, task.taskDefinitionArn)).includes(target.port))
    return { state: 'unhealthy', reason: 'Target.FailedHealthChecks', description: 'Health checks failed' };
  if (task.sim.unhealthy)
    return {
      state: 'unhealthy',
      reason: task.sim.unhealthy.reason,
      description: task.sim.unhealthy.description,
    };
  return { state: 'healthy' };
};

export interface TargetState {
  targetGroupArn: string;
  port: number;
  /** ELB state: initial, healthy, unhealthy, draining, unused, unavailable; undefined when not registered. */
  state?: string;
  description?: string;
}

/** The ELB health of each target a task has (or had) in its target groups. */
export function taskTargetStates(sb: Sandbox, task: EcsTask): TargetState[] {
  return task.sim.registered.map(({ targetGroupArn, port }) => {
    if (!findTargetGroup(sb, targetGroupArn)) return { targetGroupArn, port };
    const [d] = describeTargetHealthInternal(sb, targetGroupArn, [{ id: task.ip, port }]);
    const state = d?.TargetHealth.State;
    return {
      targetGroupArn,
      port,
      state: state === 'unused' && d?.TargetHealth.Reason === 'Target.NotRegistered' ? undefined : state,
      description: d?.TargetHealth.Description,
    };
  });
}

/**
 * Healthy for the scheduler: RUNNING and not `initial` or `unhealthy` in any target group (a group
 * nobody forwards to reports `unused`, which ECS does not wait on).
 */
export function isTaskHealthy(sb: Sandbox, task: EcsTask): boolean {
  if (task.lastStatus !== 'RUNNING') return false;
  return taskTargetStates(sb, task).every((s) => s.state !== 'initial' && s.state !== 'unhealthy');
}
