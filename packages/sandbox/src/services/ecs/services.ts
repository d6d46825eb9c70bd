/**
 * Services: CreateService (idempotent only for an identical repeat), DescribeServices (<=10, missing
 * ones as failures), UpdateService (new deployment only when what tasks run changes),
 * DeleteService (DRAINING, then INACTIVE once its tasks are gone), ListServices (paged).
 */
import { AwsError } from '../../core/aws-error.js';
import type { RequestContext, Sandbox } from '../../core/types.js';
import { callerArn, ecsArn, findService, regionOf, requireCluster } from './arns.js';
import { startDeployment } from './deployments.js';
import { invalidParameter, optionalInt, page, parseTags, stringList } from './input.js';
import {
  parseDeploymentConfiguration,
  parseGracePeriod,
  parseLoadBalancers,
  parseNetworkConfiguration,
  parsePlacement,
  parsePlatformVersion,
  parsePropagateTags,
  resolveServiceTaskDefinition,
} from './service-input.js';
import { type EcsService, ecsState } from './state.js';
import { serviceLinkedRoleArn, serviceView } from './views.js';

function notIdempotent(): AwsError {
  return invalidParameter('Creation of service was not idempotent.');
}

export function serviceNotFound(): AwsError {
  return new AwsError('ServiceNotFoundException', 'Service not found.');
}

function serviceNotActive(): AwsError {
  return new AwsError('ServiceNotActiveException', 'Service was not ACTIVE.');
}

/** Creates a service (or returns the one an identical earlier request created). */
export function createService(sb: Sandbox, input: any, region = sb.region): EcsService {
  const name = input.serviceName;
  if (typeof name !== 'string' || !/^[A-Za-z0-9_-]{1,255}$/.test(name))
    throw invalidParameter(
      'Service name can have up to 255 characters: letters (uppercase and lowercase), numbers, hyphens and underscores.',
    );
  const cluster = requireCluster(sb, input.cluster);
  const clientToken = input.clientToken;
  if (
    clientToken !== undefined &&
    (typeof clientToken !== 'string' || !/^[\x20-\x7e]{1,36}$/.test(clientToken))
  )
    throw invalidParameter('clientToken can have up to 36 ASCII characters.');
  const schedulingStrategy = input.schedulingStrategy ?? 'REPLICA';
  if (schedulingStrategy !== 'REPLICA' && schedulingStrategy !== 'DAEMON')
    throw invalidParameter(`Invalid schedulingStrategy: ${schedulingStrategy}`);
  const placement = parsePlacement(cluster, input);
  if (schedulingStrategy === 'DAEMON' && placement.launchType === 'FARGATE')
    throw invalidParameter('The DAEMON scheduling strategy does not support the FARGATE launch type.');
  const platformVersion = parsePlatformVersion(input.platformVersion, placement);
  const td = resolveServiceTaskDefinition(sb, input.taskDefinition, placement);
  const desiredCount = optionalInt(input.desiredCount, 'desiredCount');
  if (schedulingStrategy === 'REPLICA' && desiredCount === undefined)
    throw invalidParameter(
      'The desired count must be specified for services using the REPLICA scheduling strategy.',
    );
  if (desiredCount !== undefined && desiredCount < 0)
    throw invalidParameter('desiredCount must be 0 or more.');
  const networkConfiguration = parseNetworkConfiguration(sb, input.networkConfiguration, td);
  const loadBalancers = parseLoadBalancers(sb, input.loadBalancers, td);
  if (input.role !== undefined && td.networkMode === 'awsvpc')
    throw invalidParameter('You cannot specify an IAM role for services that require a service linked role.');
  const deploymentConfiguration = parseDeploymentConfiguration(input.deploymentConfiguration);
  const healthCheckGracePeriodSeconds = parseGracePeriod(input.healthCheckGracePeriodSeconds);
  const propagateTags = parsePropagateTags(input.propagateTags);
  const tags = parseTags(input.tags);

  const normalized = JSON.stringify({
    cluster: cluster.clusterArn,
    name,
    td: td.taskDefinitionArn,
    desiredCount,
    placement,
    platformVersion,
    networkConfiguration,
    loadBalancers,
    deploymentConfiguration,
    healthCheckGracePeriodSeconds,
    propagateTags,
    enableECSManagedTags: !!input.enableECSManagedTags,
    enableExecuteCommand: !!input.enableExecuteCommand,
    schedulingStrategy,
    tags,
  });
  const existing = findService(sb, cluster, name);
  if (existing && existing.status !== 'INACTIVE') {
    // A DRAINING service blocks its name too, even for an identical request.
    if (existing.status !== 'ACTIVE') throw notIdempotent();
    if (existing.createRequest !== normalized) throw notIdempotent();
    if (clientToken && existing.clientToken && clientToken !== existing.clientToken) throw notIdempotent();
    return existing;
  }

  const service: EcsService = {
    serviceArn: ecsArn(sb, `service/${cluster.clusterName}/${name}`, region),
    serviceName: name,
    clusterArn: cluster.clusterArn,
    status: 'ACTIVE',
    desiredCount: desiredCount ?? 0,
    launchType: placement.launchType,
    capacityProviderStrategy: placement.capacityProviderStrategy,
    platformVersion,
    taskDefinition: td.taskDefinitionArn,
    deploymentConfiguration,
    networkConfiguration,
    loadBalancers,
    healthCheckGracePeriodSeconds,
    propagateTags,
    enableECSManagedTags: !!input.enableECSManagedTags,
    enableExecuteCommand: !!input.enableExecuteCommand,
    schedulingStrategy,
    roleArn: loadBalancers.length ? serviceLinkedRoleArn(sb) : undefined,
    createdAt: sb.clock.now(),
    createdBy: callerArn(sb),
    deployments: [],
    events: [],
    tags,
    createRequest: normalized,
    clientToken,
    sim: { steady: false, launchNotBeforeReal: 0, consecutiveFailures: 0, nextSubnet: 0 },
  };
  ecsState(sb).services.push(service);
  startDeployment(sb, service);
  return service;
}

function requireActiveService(sb: Sandbox, input: any): EcsService {
  const cluster = requireCluster(sb, input.cluster);
  if (typeof input.service !== 'string' || input.service === '')
    throw invalidParameter('service is required.');
  const service = findService(sb, cluster, input.service);
  if (!service) throw serviceNotFound();
  if (service.status !== 'ACTIVE') throw serviceNotActive();
  return service;
}

/** UpdateService: desiredCount and settings in place; what the tasks run changes in a new deployment. */
export function updateService(sb: Sandbox, input: any): EcsService {
  const service = requireActiveService(sb, input);
  const cluster = requireCluster(sb, input.cluster);
  let redeploy = input.forceNewDeployment === true;
  const placement =
    input.launchType !== undefined || input.capacityProviderStrategy !== undefined
      ? parsePlacement(cluster, input)
      : { launchType: service.launchType, capacityProviderStrategy: service.capacityProviderStrategy };
  const platformVersion =
    input.platformVersion !== undefined
      ? parsePlatformVersion(input.platformVersion, placement)
      : service.platformVersion;
  const td = resolveServiceTaskDefinition(sb, input.taskDefinition ?? service.taskDefinition, placement);
  const networkConfiguration =
    input.networkConfiguration !== undefined
      ? parseNetworkConfiguration(sb, input.networkConfiguration, td)
      : td.networkMode === 'awsvpc'
        ? parseNetworkConfiguration(sb, service.networkConfiguration, td)
        : undefined;
  const loadBalancers =
    input.loadBalancers !== undefined
      ? parseLoadBalancers(sb, input.loadBalancers, td)
      : service.loadBalancers;
  const desiredCount = optionalInt(input.desiredCount, 'desiredCount');
  if (desiredCount !== undefined && desiredCount < 0)
    throw invalidParameter('desiredCount must be 0 or more.');
  const deploymentConfiguration = parseDeploymentConfiguration(
    input.deploymentConfiguration,
    service.deploymentConfiguration,
  );
  const grace =
    input.healthCheckGracePeriodSeconds !== undefined
      ? parseGracePeriod(input.healthCheckGracePeriodSeconds)
      : service.healthCheckGracePeriodSeconds;
  const propagateTags =
    input.propagateTags !== undefined ? parsePropagateTags(input.propagateTags) : service.propagateTags;

  const changed = (a: unknown, b: unknown) => JSON.stringify(a) !== JSON.stringify(b);
  if (td.taskDefinitionArn !== service.taskDefinition) redeploy = true;
  if (changed(networkConfiguration, service.networkConfiguration)) redeploy = true;
  if (changed(loadBalancers, service.loadBalancers)) redeploy = true;
  if (platformVersion !== service.platformVersion) redeploy = true;
  if (changed(placement.capacityProviderStrategy, service.capacityProviderStrategy)) redeploy = true;

  service.taskDefinition = td.taskDefinitionArn;
  service.networkConfiguration = networkConfiguration;
  service.loadBalancers = loadBalancers;
  service.launchType = placement.launchType;
  service.capacityProviderStrategy = placement.capacityProviderStrategy;
  service.platformVersion = platformVersion;
  service.deploymentConfiguration = deploymentConfiguration;
  service.healthCheckGracePeriodSeconds = grace;
  service.propagateTags = propagateTags;
  if (input.enableECSManagedTags !== undefined) service.enableECSManagedTags = !!input.enableECSManagedTags;
  if (input.enableExecuteCommand !== undefined) service.enableExecuteCommand = !!input.enableExecuteCommand;
  if (loadBalancers.length) service.roleArn ??= serviceLinkedRoleArn(sb);
  if (desiredCount !== undefined && desiredCount !== service.desiredCount) {
    service.desiredCount = desiredCount;
    service.deployments[0]!.desiredCount = desiredCount;
    service.sim.steady = false;
  }
  if (redeploy) startDeployment(sb, service);
  sb.markDirty();
  return service;
}

/** DeleteService: refused while scaled above 0 unless forced; then DRAINING until its tasks stop. */
export function deleteService(sb: Sandbox, input: any): EcsService {
  const cluster = requireCluster(sb, input.cluster);
  if (typeof input.service !== 'string' || input.service === '')
    throw invalidParameter('service is required.');
  const service = findService(sb, cluster, input.service);
  if (!service) throw serviceNotFound();
  if (service.status !== 'ACTIVE') throw serviceNotActive();
  if (service.desiredCount > 0 && input.force !== true)
    throw invalidParameter('The service cannot be stopped while it is scaled above 0.');
  service.status = 'DRAINING';
  service.desiredCount = 0;
  service.deletedAt = sb.clock.now();
  service.sim.steady = false;
  for (const d of service.deployments) d.desiredCount = 0;
  sb.markDirty();
  return service;
}

export const serviceOperations = {
  CreateService(input: any, ctx: RequestContext) {
    return { service: serviceView(ctx.sb, createService(ctx.sb, input, regionOf(ctx))) };
  },

  UpdateService(input: any, ctx: RequestContext) {
    return { service: serviceView(ctx.sb, updateService(ctx.sb, input)) };
  },

  DeleteService(input: any, ctx: RequestContext) {
    return { service: serviceView(ctx.sb, deleteService(ctx.sb, input)) };
  },

  DescribeServices(input: any, ctx: RequestContext) {
    const sb = ctx.sb;
    const cluster = requireCluster(sb, input.cluster);
    const names = stringList(input.services, 'services');
    if (names.length === 0) throw invalidParameter('Services cannot be empty.');
    if (names.length > 10) throw invalidParameter('services can have at most 10 items.');
    const includeTags = stringList(input.include, 'include').includes('TAGS');
    const services: unknown[] = [];
    const failures: unknown[] = [];
    for (const n of names) {
      const s = findService(sb, cluster, n);
      if (s) services.push(serviceView(sb, s, includeTags));
      else
        failures.push({
          arn: n.startsWith('arn:') ? n : ecsArn(sb, `service/${cluster.clusterName}/${n}`, regionOf(ctx)),
          reason: 'MISSING',
        });
    }
    return { services, failures };
  },

  ListServices(input: any, ctx: RequestContext) {
    const cluster = requireCluster(ctx.sb, input.cluster);
    const list = ecsState(ctx.sb).services.filter(
      (s) =>
        s.clusterArn === cluster.clusterArn &&
        s.status !== 'INACTIVE' &&
        (!input.launchType || s.launchType === input.launchType) &&
        (!input.schedulingStrategy || s.schedulingStrategy === input.schedulingStrategy),
    );
    const p = page(ctx.sb, list, input, 10);
    return { serviceArns: p.items.map((s) => s.serviceArn), nextToken: p.nextToken };
  },
};
