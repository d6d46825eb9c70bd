/**
 * The ECS reads `status` and `route trace` make, with paging folded in and batches sized to AWS's
 * limits (10 services per DescribeServices, 100 tasks per DescribeTasks); batches run concurrently.
 * Writes live in ecs.ts.
 */
import {
  DescribeServicesCommand,
  DescribeTasksCommand,
  ListClustersCommand,
  ListServicesCommand,
  ListTasksCommand,
  type Service,
  type Task,
} from '@aws-sdk/client-ecs';
import type { AwsClients } from './clients.js';
import { allPages, chunk } from './paging.js';

export const DESCRIBE_SERVICES_MAX = 10;
export const DESCRIBE_TASKS_MAX = 100;

/** Every cluster ARN in the region. */
export async function listClusters(aws: AwsClients): Promise<string[]> {
  const client = await aws.ecs();
  return allPages(async (nextToken) => {
    const out = await client.send(new ListClustersCommand({ nextToken, maxResults: 100 }));
    return { items: out.clusterArns, next: out.nextToken };
  });
}

/** Every service ARN of a cluster (100 per page, the most AWS allows). */
export async function listServices(aws: AwsClients, cluster: string): Promise<string[]> {
  const client = await aws.ecs();
  return allPages(async (nextToken) => {
    const out = await client.send(new ListServicesCommand({ cluster, nextToken, maxResults: 100 }));
    return { items: out.serviceArns, next: out.nextToken };
  });
}

/** Services of one cluster by name or ARN; missing ones are left out (AWS reports them as failures). */
export async function describeServices(
  aws: AwsClients,
  cluster: string,
  services: string[],
): Promise<Service[]> {
  if (services.length === 0) return [];
  const client = await aws.ecs();
  const pages = await Promise.all(
    chunk(services, DESCRIBE_SERVICES_MAX).map((batch) =>
      client.send(new DescribeServicesCommand({ cluster, services: batch })),
    ),
  );
  return pages.flatMap((p) => p.services ?? []);
}

/** Task ARNs of a cluster (optionally one service's) with the given desired status (100 per page). */
export async function listTasks(
  aws: AwsClients,
  cluster: string,
  desiredStatus: 'RUNNING' | 'STOPPED',
  serviceName?: string,
): Promise<string[]> {
  const client = await aws.ecs();
  return allPages(async (nextToken) => {
    const out = await client.send(
      new ListTasksCommand({ cluster, desiredStatus, serviceName, nextToken, maxResults: 100 }),
    );
    return { items: out.taskArns, next: out.nextToken };
  });
}

/** Tasks of one cluster, 100 per call, the calls concurrent. */
export async function describeTasks(aws: AwsClients, cluster: string, taskArns: string[]): Promise<Task[]> {
  if (taskArns.length === 0) return [];
  const client = await aws.ecs();
  const pages = await Promise.all(
    chunk(taskArns, DESCRIBE_TASKS_MAX).map((batch) =>
      client.send(new DescribeTasksCommand({ cluster, tasks: batch })),
    ),
  );
  return pages.flatMap((p) => p.tasks ?? []);
}
