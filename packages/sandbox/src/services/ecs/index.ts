/**
 * ECS (awsJson1_1, X-Amz-Target `AmazonEC2ContainerServiceV20141113.<Op>`): clusters, task
 * definitions, services whose Fargate tasks run (ENIs in their subnets, registered in their target
 * groups, health-checked by ELBv2 through the oracle), rolling deployments and service events.
 */
import type { ServiceDefinition } from '../../core/types.js';
import { clusterOperations } from './clusters.js';
import { ecsControl } from './control.js';
import { ecsHealthOracle } from './health.js';
import { reconcileEcs } from './reconcile.js';
import { seedEcs } from './seed.js';
import { serviceOperations } from './services.js';
import { ECS_STATE_KEY, emptyEcsState } from './state.js';
import { tagOperations } from './tags.js';
import { taskDefinitionOperations } from './task-definitions.js';
import { taskOperations } from './tasks.js';

export const ecsService: ServiceDefinition = {
  signingName: 'ecs',
  protocol: 'awsJson1_1',
  stateKey: ECS_STATE_KEY,
  emptyState: emptyEcsState,
  targetPrefix: 'AmazonEC2ContainerServiceV20141113',
  operations: {
    ...clusterOperations,
    ...taskDefinitionOperations,
    ...serviceOperations,
    ...taskOperations,
    ...tagOperations,
  },
  control: ecsControl,
  init(sb) {
    sb.tickers.push(reconcileEcs);
    sb.healthOracles.push(ecsHealthOracle);
  },
  seed: seedEcs,
};
