/**
 * `failHealth` behaviours: the selected targets fail ELB's health checks. Asked before ECS's oracle,
 * so ELB marks the task unhealthy and ECS's existing replacement (services/ecs/health-replacement.ts)
 * stops it and starts another. With a status the check gets that code (`Target.ResponseCodeMismatch`),
 * otherwise it gets no answer (`Target.Timeout`); the reason codes and descriptions are ELB's (README
 * "Health checks").
 */
import type { HealthOracle, HealthVerdict } from '../../core/types.js';
import { selects, taskAtIp } from './selector.js';
import { dataplaneState } from './state.js';

export const failHealthOracle: HealthOracle = (target, sb): HealthVerdict | undefined => {
  const behaviours = dataplaneState(sb).behaviours.filter((b) => b.failHealth);
  if (behaviours.length === 0) return undefined;
  const task = taskAtIp(sb, target.ip);
  const b = behaviours.find((x) => selects(x.selector, target.ip, task));
  if (!b) return undefined;
  if (b.status !== undefined)
    return {
      state: 'unhealthy',
      reason: 'Target.ResponseCodeMismatch',
      description: `Health checks failed with these codes: [${b.status}]`,
    };
  return { state: 'unhealthy', reason: 'Target.Timeout', description: 'Request timed out' };
};
