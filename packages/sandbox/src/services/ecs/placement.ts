/**
 * Placing a service's tasks: Fargate tasks go round-robin over the service's subnets; an EC2 launch
 * type finds no container instances (the sandbox runs none); the control API can make placement fail.
 */
import { AwsError } from '../../core/aws-error.js';
import type { Sandbox } from '../../core/types.js';
import { noteFailure } from './deployments.js';
import { startedTasks, unableToPlace } from './events.js';
import { type Deployment, type EcsService, type EcsTask, ecsState, type ServiceFaults } from './state.js';
import { findTaskDefinition } from './task-definitions.js';
import { launchTask, pickSubnet } from './task-lifecycle.js';

const NO_CONTAINER_INSTANCES =
  'was unable to place a task because no container instance met all of its requirements. Reason: No Container Instances were found in your cluster. For more information, see the Troubleshooting section of the Amazon ECS Developer Guide.';

/** Default reason of a placement failure made through the control API (Fargate's wording). */
export const DEFAULT_PLACEMENT_FAILURE =
  'Capacity is unavailable at this time. Please try again later or in a different availability zone';

/** The start failure the control API set for tasks of this task definition, if any. */
function failureFor(faults: ServiceFaults, taskDefinitionArn: string): string | undefined {
  const f = faults.taskFailure;
  if (!f) return undefined;
  return !f.taskDefinition || f.taskDefinition === taskDefinitionArn ? f.reason : undefined;
}

function usesFargate(d: Deployment): boolean {
  if (d.launchType) return d.launchType === 'FARGATE';
  return (d.capacityProviderStrategy ?? []).some((c) => c.capacityProvider.startsWith('FARGATE'));
}

/** Starts up to `count` tasks of the deployment; writes "has started" or the placement failure. */
export function placeTasks(
  sb: Sandbox,
  service: EcsService,
  deployment: Deployment,
  count: number,
): EcsTask[] {
  if (!usesFargate(deployment)) {
    unableToPlace(sb, service, NO_CONTAINER_INSTANCES);
    noteFailure(sb, service, undefined);
    return [];
  }
  const faults = ecsState(sb).faults[service.serviceArn] ?? {};
  if (faults.placement !== undefined) {
    unableToPlace(sb, service, `was unable to place a task. Reason: ${faults.placement}.`);
    noteFailure(sb, service, deployment);
    return [];
  }
  const td = findTaskDefinition(sb, deployment.taskDefinition);
  const subnets = deployment.networkConfiguration?.awsvpcConfiguration.subnets ?? [];
  const launched: EcsTask[] = [];
  let failure: string | undefined;
  for (let i = 0; i < count; i++) {
    const subnetId = pickSubnet(sb, service, subnets);
    if (!td || !subnetId) {
      failure = !td
        ? 'TaskDefinition not found.'
        : `ResourceInitializationError: none of the subnets ${subnets.join(', ')} exists any more`;
      break;
    }
    try {
      const task = launchTask(sb, {
        service,
        deployment,
        taskDefinition: td,
        subnetId,
        failWith: failureFor(faults, td.taskDefinitionArn),
      });
      ecsState(sb).tasks.push(task);
      launched.push(task);
    } catch (err) {
      failure = err instanceof AwsError ? `ResourceInitializationError: ${err.message}` : String(err);
      break;
    }
  }
  if (launched.length) {
    service.sim.lastPlacementMessage = undefined;
    service.sim.steady = false;
    startedTasks(sb, service, launched);
  }
  if (failure) {
    unableToPlace(sb, service, `was unable to place a task. Reason: ${failure}.`);
    noteFailure(sb, service, deployment);
  }
  return launched;
}
