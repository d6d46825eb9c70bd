/**
 * The seeded ECS environment: cluster `default` and the Fargate task definition examples/rail.yaml
 * uses, logging through awslogs to the group the logs seed makes, with the execution role IAM seeds.
 */
import {
  SEED_CLUSTER,
  SEED_CONTAINER,
  SEED_CONTAINER_PORT,
  SEED_EXECUTION_ROLE,
  SEED_LOG_GROUP,
  SEED_TASK_FAMILY,
} from '../../core/seed-ids.js';
import type { Sandbox } from '../../core/types.js';
import { createCluster } from './clusters.js';
import { registerTaskDefinition } from './task-definitions.js';

export function seedEcs(sb: Sandbox): void {
  // A cluster made in the console comes with the Fargate capacity providers.
  createCluster(sb, { clusterName: SEED_CLUSTER, capacityProviders: ['FARGATE', 'FARGATE_SPOT'] });
  registerTaskDefinition(sb, {
    family: SEED_TASK_FAMILY,
    requiresCompatibilities: ['FARGATE'],
    networkMode: 'awsvpc',
    cpu: '256',
    memory: '512',
    runtimePlatform: { operatingSystemFamily: 'LINUX', cpuArchitecture: 'X86_64' },
    executionRoleArn: `arn:aws:iam::${sb.accountId}:role/${SEED_EXECUTION_ROLE}`,
    containerDefinitions: [
      {
        name: SEED_CONTAINER,
        image: `public.ecr.aws/docker/library/${SEED_TASK_FAMILY}:latest`,
        essential: true,
        portMappings: [
          {
            containerPort: SEED_CONTAINER_PORT,
            protocol: 'tcp',
            name: `${SEED_CONTAINER}-${SEED_CONTAINER_PORT}`,
          },
        ],
        healthCheck: {
          command: ['CMD-SHELL', `curl -fsS http://localhost:${SEED_CONTAINER_PORT}/health || exit 1`],
          interval: 30,
          timeout: 5,
          retries: 3,
          startPeriod: 10,
        },
        logConfiguration: {
          logDriver: 'awslogs',
          options: {
            'awslogs-group': SEED_LOG_GROUP,
            'awslogs-region': sb.region,
            'awslogs-stream-prefix': 'ecs',
          },
        },
      },
    ],
  });
}
