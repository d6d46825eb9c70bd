/**
 * Task definitions: every RegisterTaskDefinition is a new revision; Fargate's rules (awsvpc, the
 * cpu/memory table, the log drivers of container-logs.ts) give ClientException as on AWS.
 */
import type { RequestContext, Sandbox } from '../../core/types.js';
import { callerArn, ecsArn, regionOf } from './arns.js';
import { checkLogConfiguration } from './container-logs.js';
import { isFargateSize, normalizeCpu, normalizeMemory } from './fargate.js';
import { clientError, page, parseTags, stringList, tagList } from './input.js';
import { type ContainerDefinition, ecsState, type TaskDefinition } from './state.js';

/** Validates and stores a new revision of the family. */
export function registerTaskDefinition(sb: Sandbox, input: any, region = sb.region): TaskDefinition {
  const family = input.family;
  if (typeof family !== 'string' || family === '') throw clientError('Family is required.');
  if (!/^[A-Za-z0-9_-]{1,255}$/.test(family))
    throw clientError(
      'Family can have up to 255 characters: letters (uppercase and lowercase), numbers, hyphens and underscores.',
    );
  const raw = input.containerDefinitions;
  if (!Array.isArray(raw) || raw.length === 0) throw clientError('Container definitions are required.');
  const requires = stringList(input.requiresCompatibilities, 'requiresCompatibilities');
  const fargate = requires.includes('FARGATE');
  const networkMode: string = input.networkMode ?? 'bridge';
  const cpu = normalizeCpu(input.cpu);
  const memory = normalizeMemory(input.memory);
  if (input.cpu !== undefined && cpu === undefined) throw clientError(`Invalid 'cpu' setting for task.`);
  if (input.memory !== undefined && memory === undefined)
    throw clientError(`Invalid 'memory' setting for task.`);

  const containers = raw.map((c: any) => containerDefinition(c, networkMode, memory));
  const names = new Set<string>();
  for (const c of containers) {
    if (names.has(c.name)) throw clientError(`Duplicate container name '${c.name}' in the task definition.`);
    names.add(c.name);
  }
  if (fargate) {
    if (networkMode !== 'awsvpc') throw clientError("Fargate only supports network mode 'awsvpc'.");
    if (cpu === undefined) throw clientError("Fargate requires that 'cpu' be defined at the task level.");
    if (memory === undefined)
      throw clientError("Fargate requires that 'memory' be defined at the task level.");
    if (!isFargateSize(cpu, memory))
      throw clientError(`No Fargate configuration exists for given values: ${cpu} CPU, ${memory} memory`);
  }
  for (const c of containers) {
    const logConfiguration = checkLogConfiguration(c, fargate, input.executionRoleArn);
    if (logConfiguration) c.logConfiguration = logConfiguration;
  }

  const state = ecsState(sb);
  const revision = state.taskDefinitions.filter((t) => t.family === family).length + 1;
  const compatibilities = ['EC2'];
  if (networkMode === 'awsvpc' && cpu !== undefined && memory !== undefined) compatibilities.push('FARGATE');
  const td: TaskDefinition = {
    taskDefinitionArn: ecsArn(sb, `task-definition/${family}:${revision}`, region),
    family,
    revision,
    status: 'ACTIVE',
    containerDefinitions: containers,
    networkMode,
    requiresCompatibilities: requires,
    compatibilities,
    cpu,
    memory,
    executionRoleArn: input.executionRoleArn,
    taskRoleArn: input.taskRoleArn,
    volumes: Array.isArray(input.volumes) ? input.volumes : [],
    placementConstraints: Array.isArray(input.placementConstraints) ? input.placementConstraints : [],
    requiresAttributes: requiredAttributes(containers, networkMode, !!input.executionRoleArn),
    runtimePlatform: input.runtimePlatform,
    ephemeralStorage: input.ephemeralStorage,
    registeredAt: sb.clock.now(),
    registeredBy: callerArn(sb),
    tags: parseTags(input.tags),
  };
  state.taskDefinitions.push(td);
  sb.markDirty();
  return td;
}

/** A container definition with the defaults AWS fills in. */
function containerDefinition(
  c: any,
  networkMode: string,
  taskMemory: string | undefined,
): ContainerDefinition {
  if (typeof c?.name !== 'string' || c.name === '')
    throw clientError('Container.name should not be null or empty.');
  if (typeof c.image !== 'string' || c.image === '')
    throw clientError('Container.image should not be null or empty.');
  if (taskMemory === undefined && c.memory === undefined && c.memoryReservation === undefined)
    throw clientError(
      `Invalid setting for container '${c.name}'. At least one of 'memory' or 'memoryReservation' must be specified.`,
    );
  const portMappings = (Array.isArray(c.portMappings) ? c.portMappings : []).map((p: any) => {
    const containerPort = p.containerPort === undefined ? undefined : Number(p.containerPort);
    let hostPort = p.hostPort === undefined ? undefined : Number(p.hostPort);
    if (networkMode === 'awsvpc') {
      if (hostPort !== undefined && hostPort !== containerPort)
        throw clientError(
          'When networkMode=awsvpc, the host ports and container ports in port mappings must match.',
        );
      hostPort = containerPort;
    }
    return { ...p, containerPort, hostPort, protocol: p.protocol ?? 'tcp' };
  });
  const out: ContainerDefinition = {
    cpu: 0,
    environment: [],
    mountPoints: [],
    volumesFrom: [],
    systemControls: [],
    ...c,
    portMappings,
    essential: c.essential ?? true,
  };
  if (c.healthCheck) {
    if (!Array.isArray(c.healthCheck.command) || c.healthCheck.command.length === 0)
      throw clientError('Container health check command should not be empty.');
    out.healthCheck = { interval: 30, timeout: 5, retries: 3, ...c.healthCheck };
  }
  return out;
}

function requiredAttributes(containers: ContainerDefinition[], networkMode: string, executionRole: boolean) {
  const names = new Set<string>(['com.amazonaws.ecs.capability.docker-remote-api.1.18']);
  if (networkMode === 'awsvpc') names.add('ecs.capability.task-eni');
  if (containers.some((c) => c.healthCheck)) names.add('ecs.capability.container-health-check');
  if (containers.some((c) => c.logConfiguration?.logDriver === 'awslogs')) {
    names.add('com.amazonaws.ecs.capability.logging-driver.awslogs');
    if (executionRole) names.add('ecs.capability.execution-role-awslogs');
  }
  return [...names].map((name) => ({ name }));
}

/**
 * The task definition a `family`, `family:revision` or ARN names. A bare family is its latest ACTIVE
 * revision; a named revision is found whatever its status (callers check it).
 */
export function findTaskDefinition(sb: Sandbox, ref: string | undefined): TaskDefinition | undefined {
  if (!ref) return undefined;
  const all = ecsState(sb).taskDefinitions;
  const arn = /^arn:aws[a-z-]*:ecs:[^:]*:\d*:task-definition\/([A-Za-z0-9_-]+):(\d+)$/.exec(ref);
  const short = /^([A-Za-z0-9_-]+):(\d+)$/.exec(ref);
  const m = arn ?? short;
  if (m) return all.find((t) => t.family === m[1] && t.revision === Number(m[2]));
  const active = all.filter((t) => t.family === ref && t.status === 'ACTIVE');
  return active[active.length - 1];
}

export function taskDefinitionView(td: TaskDefinition) {
  const { tags: _tags, ...rest } = td;
  return {
    ...rest,
    registeredAt: new Date(td.registeredAt),
    deregisteredAt: td.deregisteredAt === undefined ? undefined : new Date(td.deregisteredAt),
  };
}

export const taskDefinitionOperations = {
  RegisterTaskDefinition(input: any, ctx: RequestContext) {
    const td = registerTaskDefinition(ctx.sb, input, regionOf(ctx));
    return { taskDefinition: taskDefinitionView(td), tags: tagList(td.tags) };
  },

  DescribeTaskDefinition(input: any, ctx: RequestContext) {
    const td = findTaskDefinition(ctx.sb, input.taskDefinition);
    if (!td) throw clientError('Unable to describe task definition.');
    const include = stringList(input.include, 'include');
    return {
      taskDefinition: taskDefinitionView(td),
      tags: include.includes('TAGS') ? tagList(td.tags) : undefined,
    };
  },

  ListTaskDefinitions(input: any, ctx: RequestContext) {
    const status = input.status ?? 'ACTIVE';
    let list = ecsState(ctx.sb).taskDefinitions.filter(
      (t) => t.status === status && (!input.familyPrefix || t.family === input.familyPrefix),
    );
    if (input.sort === 'DESC') list = [...list].reverse();
    const p = page(ctx.sb, list, input);
    return { taskDefinitionArns: p.items.map((t) => t.taskDefinitionArn), nextToken: p.nextToken };
  },

  DeregisterTaskDefinition(input: any, ctx: RequestContext) {
    const ref: unknown = input.taskDefinition;
    if (typeof ref !== 'string' || !/:\d+$/.test(ref))
      throw clientError('The task definition must be given as family:revision or as its full ARN.');
    const td = findTaskDefinition(ctx.sb, ref);
    if (!td) throw clientError('The specified task definition does not exist.');
    if (td.status === 'ACTIVE') {
      td.status = 'INACTIVE';
      td.deregisteredAt = ctx.sb.clock.now();
      ctx.sb.markDirty();
    }
    return { taskDefinition: taskDefinitionView(td) };
  },
};
