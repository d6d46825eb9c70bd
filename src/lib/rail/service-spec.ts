/**
 * The ECS service of a rail service: the desired settings (the article's, with platform LATEST and
 * the circuit breaker) and their comparison with DescribeServices. Pure.
 */
import type { CreateServiceCommandInput, Service } from '@aws-sdk/client-ecs';
import type { FieldChange } from '../common/plan.js';
import type { Diff } from './diff.js';

export interface EcsServiceSpec {
  cluster: string;
  serviceName: string;
  taskDefinitionArn: string;
  desiredCount: number;
  targetGroupArn: string;
  containerName: string;
  containerPort: number;
  subnets: string[];
  securityGroups: string[];
  tags: Record<string, string>;
}

export const DEPLOYMENT = {
  maximumPercent: 200,
  minimumHealthyPercent: 100,
  deploymentCircuitBreaker: { enable: true, rollback: true },
};
/** The article pins Fargate 1.3.0, long retired; LATEST follows AWS's current platform. */
export const PLATFORM_VERSION = 'LATEST';
/** Tasks carry the service's tags (rails:stage...), so they are found by tag too. */
export const PROPAGATE_TAGS = 'SERVICE';

export function createServiceInput(spec: EcsServiceSpec, clientToken: string): CreateServiceCommandInput {
  return {
    cluster: spec.cluster,
    serviceName: spec.serviceName,
    taskDefinition: spec.taskDefinitionArn,
    desiredCount: spec.desiredCount,
    launchType: 'FARGATE',
    platformVersion: PLATFORM_VERSION,
    schedulingStrategy: 'REPLICA',
    deploymentController: { type: 'ECS' },
    deploymentConfiguration: DEPLOYMENT,
    loadBalancers: [
      {
        targetGroupArn: spec.targetGroupArn,
        containerName: spec.containerName,
        containerPort: spec.containerPort,
      },
    ],
    networkConfiguration: {
      awsvpcConfiguration: {
        subnets: spec.subnets,
        securityGroups: spec.securityGroups,
        assignPublicIp: 'DISABLED',
      },
    },
    propagateTags: PROPAGATE_TAGS,
    tags: Object.entries(spec.tags).map(([key, value]) => ({ key, value })),
    clientToken,
  };
}

function sorted(values: string[] | undefined): string[] {
  return [...(values ?? [])].sort();
}

function cmp(out: FieldChange[], field: string, from: unknown, to: unknown): void {
  if (JSON.stringify(from) !== JSON.stringify(to)) out.push({ field, from, to });
}

/** What UpdateService must change, and what it cannot (launch type, deployment controller). */
export function diffService(spec: EcsServiceSpec, svc: Service): Diff {
  const blocked: FieldChange[] = [];
  if (svc.launchType !== 'FARGATE')
    blocked.push({ field: 'launchType', from: svc.launchType ?? 'capacity provider', to: 'FARGATE' });
  cmp(blocked, 'deploymentController', svc.deploymentController?.type ?? 'ECS', 'ECS');
  cmp(blocked, 'schedulingStrategy', svc.schedulingStrategy ?? 'REPLICA', 'REPLICA');

  const update: FieldChange[] = [];
  cmp(update, 'taskDefinition', svc.taskDefinition, spec.taskDefinitionArn);
  cmp(update, 'desiredCount', svc.desiredCount, spec.desiredCount);
  const lbs = (svc.loadBalancers ?? []).map(
    (l) => `${l.targetGroupArn}|${l.containerName}|${l.containerPort}`,
  );
  cmp(update, 'loadBalancers', lbs, [`${spec.targetGroupArn}|${spec.containerName}|${spec.containerPort}`]);
  const net = svc.networkConfiguration?.awsvpcConfiguration;
  cmp(update, 'subnets', sorted(net?.subnets), sorted(spec.subnets));
  cmp(update, 'securityGroups', sorted(net?.securityGroups), sorted(spec.securityGroups));
  cmp(update, 'assignPublicIp', net?.assignPublicIp ?? 'DISABLED', 'DISABLED');
  const dc = svc.deploymentConfiguration;
  cmp(
    update,
    'deployment',
    {
      maximumPercent: dc?.maximumPercent,
      minimumHealthyPercent: dc?.minimumHealthyPercent,
      circuitBreaker: {
        enable: dc?.deploymentCircuitBreaker?.enable ?? false,
        rollback: dc?.deploymentCircuitBreaker?.rollback ?? false,
      },
    },
    {
      maximumPercent: DEPLOYMENT.maximumPercent,
      minimumHealthyPercent: DEPLOYMENT.minimumHealthyPercent,
      circuitBreaker: DEPLOYMENT.deploymentCircuitBreaker,
    },
  );
  cmp(update, 'platformVersion', svc.platformVersion ?? PLATFORM_VERSION, PLATFORM_VERSION);
  cmp(update, 'propagateTags', svc.propagateTags ?? 'NONE', PROPAGATE_TAGS);
  return { update, blocked };
}
