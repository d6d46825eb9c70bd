/**
 * Validation of CreateService / UpdateService parameters, with ECS's errors: launch type versus
 * capacity providers, platform versions, awsvpc network configuration, load balancers, deployment
 * configuration.
 */
import { AwsError } from '../../core/aws-error.js';
import type { Sandbox } from '../../core/types.js';
import { findSubnet } from '../ec2/network.js';
import { ec2State } from '../ec2/state.js';
import { findTargetGroup, targetGroupLoadBalancerArns } from '../elbv2/targets.js';
import { parseStrategy } from './clusters.js';
import { invalidParameter, optionalInt, stringList } from './input.js';
import type {
  AwsvpcConfiguration,
  CapacityProviderItem,
  Cluster,
  DeploymentConfiguration,
  LoadBalancerRef,
  TaskDefinition,
} from './state.js';
import { findTaskDefinition } from './task-definitions.js';

/** Fargate platform versions AWS accepts today (LATEST is 1.4.0). */
const PLATFORM_VERSIONS = ['LATEST', '1.4.0', '1.3.0'];

export interface Placement {
  launchType?: string;
  capacityProviderStrategy?: CapacityProviderItem[];
}

/** `launchType` xor `capacityProviderStrategy`; neither: the cluster's default strategy, else EC2. */
export function parsePlacement(cluster: Cluster, input: any): Placement {
  const strategy =
    input.capacityProviderStrategy === undefined ? undefined : parseStrategy(input.capacityProviderStrategy);
  if (input.launchType !== undefined && strategy?.length)
    throw invalidParameter(
      'Specifying both a launch type and capacity provider strategy is not supported. Remove one and try again.',
    );
  if (input.launchType !== undefined) {
    if (!['EC2', 'FARGATE', 'EXTERNAL', 'MANAGED_INSTANCES'].includes(input.launchType))
      throw invalidParameter(`Invalid launch type: ${input.launchType}`);
    return { launchType: input.launchType };
  }
  const chosen = strategy?.length ? strategy : cluster.defaultCapacityProviderStrategy;
  if (chosen.length) {
    for (const item of chosen)
      if (!cluster.capacityProviders.includes(item.capacityProvider))
        throw invalidParameter(
          'The specified capacity provider strategy cannot contain a capacity provider that is not associated with the cluster. Associate the capacity provider with the cluster or specify a valid capacity provider and try again.',
        );
    return { capacityProviderStrategy: chosen };
  }
  return { launchType: 'EC2' };
}

export function isFargatePlacement(p: Placement): boolean {
  return (
    p.launchType === 'FARGATE' ||
    (p.capacityProviderStrategy ?? []).some((c) => c.capacityProvider.startsWith('FARGATE'))
  );
}

/** The platform version a Fargate service runs (LATEST when not given); none for EC2. */
export function parsePlatformVersion(value: unknown, placement: Placement): string | undefined {
  if (!isFargatePlacement(placement)) {
    if (value !== undefined)
      throw invalidParameter('The platform version must be null when specifying an EC2 launch type.');
    return undefined;
  }
  const v = value === undefined ? 'LATEST' : String(value);
  if (!PLATFORM_VERSIONS.includes(v))
    throw new AwsError('PlatformUnknownException', 'The specified platform version does not exist.');
  return v;
}

/** The task definition a service names: family, family:revision or ARN, ACTIVE. */
export function resolveServiceTaskDefinition(
  sb: Sandbox,
  ref: unknown,
  placement: Placement,
): TaskDefinition {
  if (typeof ref !== 'string' || ref === '') throw invalidParameter('TaskDefinition can not be blank.');
  const td = findTaskDefinition(sb, ref);
  if (!td) throw invalidParameter('TaskDefinition not found.');
  if (td.status !== 'ACTIVE') throw invalidParameter('TaskDefinition is inactive');
  if (isFargatePlacement(placement) && !td.compatibilities.includes('FARGATE'))
    throw invalidParameter('Task definition does not support launch_type FARGATE.');
  return td;
}

/** awsvpcConfiguration: required for awsvpc task definitions, subnets (1..16, one VPC), groups <=5. */
export function parseNetworkConfiguration(
  sb: Sandbox,
  value: any,
  td: TaskDefinition,
): { awsvpcConfiguration: AwsvpcConfiguration } | undefined {
  const cfg = value?.awsvpcConfiguration;
  if (td.networkMode !== 'awsvpc') {
    if (cfg)
      throw invalidParameter(
        'Network Configuration is not valid for the given networkMode of this task definition.',
      );
    return undefined;
  }
  if (!cfg)
    throw invalidParameter("Network Configuration must be provided when networkMode 'awsvpc' is specified.");
  const subnets = stringList(cfg.subnets, 'subnets');
  if (subnets.length === 0) throw invalidParameter('subnets can not be empty.');
  if (subnets.length > 16) throw invalidParameter('subnets can have at most 16 items.');
  const securityGroups = stringList(cfg.securityGroups, 'securityGroups');
  if (securityGroups.length > 5) throw invalidParameter('securityGroups can have at most 5 items.');
  const vpcs = new Set<string>();
  for (const id of subnets) {
    const subnet = findSubnet(sb, id);
    if (!subnet)
      throw invalidParameter(
        `Error retrieving subnet information for [${id}]: The subnet ID '${id}' does not exist (ECS)`,
      );
    vpcs.add(subnet.vpcId);
  }
  if (vpcs.size > 1) throw invalidParameter('The subnets must all belong to the same VPC.');
  for (const id of securityGroups) {
    if (!ec2State(sb).securityGroups.some((g) => g.groupId === id))
      throw invalidParameter(
        `Error retrieving security group information for [${id}]: The security group '${id}' does not exist (ECS)`,
      );
  }
  const assignPublicIp = cfg.assignPublicIp ?? 'DISABLED';
  if (assignPublicIp !== 'ENABLED' && assignPublicIp !== 'DISABLED')
    throw invalidParameter(`Invalid assignPublicIp value: ${assignPublicIp}`);
  return { awsvpcConfiguration: { subnets, securityGroups, assignPublicIp } };
}

/**
 * loadBalancers[]: each target group exists, is of type `ip` for awsvpc tasks, is attached to a load
 * balancer, and the container and port exist in the task definition.
 */
export function parseLoadBalancers(sb: Sandbox, value: unknown, td: TaskDefinition): LoadBalancerRef[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw invalidParameter('loadBalancers must be a list.');
  if (value.length > 5) throw invalidParameter('loadBalancers can have at most 5 items.');
  return value.map((lb: any) => {
    const arn = lb?.targetGroupArn;
    if (typeof arn !== 'string' || arn === '')
      throw invalidParameter(
        'Either targetGroupArn or loadBalancerName must be specified for each load balancer.',
      );
    if (lb.loadBalancerName !== undefined)
      throw invalidParameter('loadBalancerName can not be specified together with targetGroupArn.');
    const containerName = lb.containerName;
    const containerPort = optionalInt(lb.containerPort, 'containerPort');
    if (typeof containerName !== 'string' || containerPort === undefined)
      throw invalidParameter('containerName and containerPort must be specified for each load balancer.');
    const tg = findTargetGroup(sb, arn);
    if (!tg) throw invalidParameter(`The target group with targetGroupArn ${arn} does not exist.`);
    if (td.networkMode === 'awsvpc' && tg.targetType !== 'ip')
      throw invalidParameter(
        `The provided target group ${arn} has target type ${tg.targetType}, which is incompatible with the awsvpc network mode specified in the task definition.`,
      );
    if (targetGroupLoadBalancerArns(sb, arn).length === 0)
      throw invalidParameter(
        `The target group with targetGroupArn ${arn} does not have an associated load balancer.`,
      );
    const container = td.containerDefinitions.find((c) => c.name === containerName);
    if (!container)
      throw invalidParameter(`The container ${containerName} does not exist in the task definition.`);
    if (!container.portMappings.some((p) => p.containerPort === containerPort))
      throw invalidParameter(
        `The container ${containerName} did not have a container port ${containerPort} defined.`,
      );
    return { targetGroupArn: arn, containerName, containerPort };
  });
}

/** maximumPercent (default 200), minimumHealthyPercent (default 100), the circuit breaker (off). */
export function parseDeploymentConfiguration(
  value: any,
  base?: DeploymentConfiguration,
): DeploymentConfiguration {
  const out: DeploymentConfiguration = base
    ? { ...base, deploymentCircuitBreaker: { ...base.deploymentCircuitBreaker } }
    : {
        deploymentCircuitBreaker: { enable: false, rollback: false },
        maximumPercent: 200,
        minimumHealthyPercent: 100,
      };
  if (value === undefined || value === null) return out;
  const max = optionalInt(value.maximumPercent, 'maximumPercent');
  const min = optionalInt(value.minimumHealthyPercent, 'minimumHealthyPercent');
  if (max !== undefined) out.maximumPercent = max;
  if (min !== undefined) out.minimumHealthyPercent = min;
  if (out.minimumHealthyPercent < 0 || out.minimumHealthyPercent > 100)
    throw invalidParameter('minimumHealthyPercent must be between 0 and 100.');
  if (out.maximumPercent < 100 || out.maximumPercent > 200)
    throw invalidParameter('maximumPercent must be between 100 and 200.');
  const cb = value.deploymentCircuitBreaker;
  if (cb) {
    if (typeof cb.enable !== 'boolean' || typeof cb.rollback !== 'boolean')
      throw invalidParameter('deploymentCircuitBreaker requires both enable and rollback.');
    out.deploymentCircuitBreaker = { enable: cb.enable, rollback: cb.rollback };
  }
  return out;
}

export function parsePropagateTags(value: unknown): string {
  const v = value ?? 'NONE';
  if (!['NONE', 'SERVICE', 'TASK_DEFINITION'].includes(String(v)))
    throw invalidParameter(`Invalid propagateTags value: ${String(v)}`);
  return String(v);
}

/**
 * healthCheckGracePeriodSeconds (0..2^31-1). AWS once required load balancers for it; today it also
 * covers container health checks, and is simply unused when a service has neither.
 */
export function parseGracePeriod(value: unknown): number | undefined {
  const grace = optionalInt(value, 'healthCheckGracePeriodSeconds');
  if (grace === undefined) return undefined;
  if (grace < 0 || grace > 2147483647)
    throw invalidParameter('healthCheckGracePeriodSeconds must be between 0 and 2147483647.');
  return grace;
}
