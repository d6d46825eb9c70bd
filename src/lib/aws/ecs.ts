/** The ECS calls rails makes, batched to AWS's limits (10 services per DescribeServices). */
import {
  type Cluster,
  CreateClusterCommand,
  CreateServiceCommand,
  type CreateServiceCommandInput,
  DeleteClusterCommand,
  DeleteServiceCommand,
  DeregisterTaskDefinitionCommand,
  DescribeClustersCommand,
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  ListServicesCommand,
  ListTaskDefinitionsCommand,
  RegisterTaskDefinitionCommand,
  type RegisterTaskDefinitionCommandInput,
  type Service,
  type Tag,
  type TaskDefinition,
  UpdateServiceCommand,
  type UpdateServiceCommandInput,
} from '@aws-sdk/client-ecs';
import type { AwsClients } from './clients.js';
import { errorCode } from './errors.js';
import { allPages, chunk } from './paging.js';

export const DESCRIBE_SERVICES_MAX = 10;

/** Services of a cluster by name, with tags; missing ones are simply absent. An unknown cluster gives none. */
export async function describeServices(
  aws: AwsClients,
  cluster: string,
  names: string[],
): Promise<Service[]> {
  if (names.length === 0) return [];
  const client = await aws.ecs();
  try {
    const pages = await Promise.all(
      chunk(names, DESCRIBE_SERVICES_MAX).map((batch) =>
        client.send(new DescribeServicesCommand({ cluster, services: batch, include: ['TAGS'] })),
      ),
    );
    return pages.flatMap((p) => p.services ?? []);
  } catch (err) {
    if (errorCode(err) === 'ClusterNotFoundException') return [];
    throw err;
  }
}

/** Every service ARN of a cluster ([] when the cluster does not exist). */
export async function listServiceArns(aws: AwsClients, cluster: string): Promise<string[]> {
  const client = await aws.ecs();
  try {
    return await allPages(async (nextToken) => {
      const out = await client.send(new ListServicesCommand({ cluster, nextToken, maxResults: 100 }));
      return { items: out.serviceArns, next: out.nextToken };
    });
  } catch (err) {
    if (errorCode(err) === 'ClusterNotFoundException') return [];
    throw err;
  }
}

/** Clusters by name (ACTIVE or not), with tags; unknown names are absent. */
export async function describeClusters(aws: AwsClients, names: string[]): Promise<Cluster[]> {
  if (names.length === 0) return [];
  const client = await aws.ecs();
  const pages = await Promise.all(
    chunk(names, 100).map((batch) =>
      client.send(new DescribeClustersCommand({ clusters: batch, include: ['TAGS'] })),
    ),
  );
  return pages.flatMap((p) => p.clusters ?? []);
}

export async function createCluster(aws: AwsClients, name: string, tags: Tag[]): Promise<Cluster> {
  const out = await (await aws.ecs()).send(new CreateClusterCommand({ clusterName: name, tags }));
  return out.cluster!;
}

/** A task definition by family (latest ACTIVE revision), family:revision or ARN; undefined when unknown. */
export async function findTaskDefinition(
  aws: AwsClients,
  ref: string,
): Promise<{ taskDefinition: TaskDefinition; tags: Tag[] } | undefined> {
  try {
    const out = await (await aws.ecs()).send(
      new DescribeTaskDefinitionCommand({ taskDefinition: ref, include: ['TAGS'] }),
    );
    return out.taskDefinition ? { taskDefinition: out.taskDefinition, tags: out.tags ?? [] } : undefined;
  } catch (err) {
    if (errorCode(err) === 'ClientException' || errorCode(err) === 'InvalidParameterException')
      return undefined;
    throw err;
  }
}

/** Every ACTIVE revision of a family (ListTaskDefinitions's familyPrefix is the whole family name). */
export async function listActiveTaskDefinitionArns(aws: AwsClients, family: string): Promise<string[]> {
  const client = await aws.ecs();
  return allPages(async (nextToken) => {
    const out = await client.send(
      new ListTaskDefinitionsCommand({ familyPrefix: family, status: 'ACTIVE', nextToken, maxResults: 100 }),
    );
    return { items: out.taskDefinitionArns, next: out.nextToken };
  });
}

/** Marks a revision INACTIVE: running tasks keep it, nothing new can use it. */
export async function deregisterTaskDefinition(aws: AwsClients, arn: string): Promise<void> {
  await (await aws.ecs()).send(new DeregisterTaskDefinitionCommand({ taskDefinition: arn }));
}

export async function registerTaskDefinition(
  aws: AwsClients,
  input: RegisterTaskDefinitionCommandInput,
): Promise<TaskDefinition> {
  const out = await (await aws.ecs()).send(new RegisterTaskDefinitionCommand(input));
  return out.taskDefinition!;
}

export async function createService(aws: AwsClients, input: CreateServiceCommandInput): Promise<Service> {
  const out = await (await aws.ecs()).send(new CreateServiceCommand(input));
  return out.service!;
}

export async function updateService(aws: AwsClients, input: UpdateServiceCommandInput): Promise<Service> {
  const out = await (await aws.ecs()).send(new UpdateServiceCommand(input));
  return out.service!;
}

/** Deletes a service even while tasks run (they are drained and stopped by ECS). */
export async function deleteService(aws: AwsClients, cluster: string, service: string): Promise<void> {
  await (await aws.ecs()).send(new DeleteServiceCommand({ cluster, service, force: true }));
}

export async function deleteCluster(aws: AwsClients, cluster: string): Promise<void> {
  await (await aws.ecs()).send(new DeleteClusterCommand({ cluster }));
}
