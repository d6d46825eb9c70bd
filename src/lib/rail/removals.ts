/**
 * Deleting rail resources in the order AWS requires, waiting where it must: a service is drained
 * before its target groups go, rules go before target groups, a security group goes once no network
 * interface (task or load balancer node) uses it. Deleting what is already gone counts as done.
 */

import type { AwsClients } from '../aws/clients.js';
import { deleteSecurityGroup } from '../aws/ec2-changes.js';
import {
  deleteService,
  deregisterTaskDefinition,
  describeServices,
  listActiveTaskDefinitionArns,
} from '../aws/ecs.js';
import { deleteLoadBalancer, deleteTargetGroup } from '../aws/elbv2-changes.js';
import { errorCode } from '../aws/errors.js';
import { FailedError } from '../errors.js';
import { sleep } from '../sleep.js';

/** How long a delete waits for AWS to let go of a dependency before it gives up. */
export const DEPENDENCY_TIMEOUT_MS = 10 * 60_000;

/** Retries `fn` while it fails with one of `codes` (AWS still holding a dependency). */
export async function retryWhile(
  codes: string[],
  fn: () => Promise<void>,
  what: string,
  signal?: AbortSignal,
  timeoutMs = DEPENDENCY_TIMEOUT_MS,
): Promise<void> {
  const started = Date.now();
  for (let delay = 200; ; delay = Math.min(delay * 2, 5000)) {
    try {
      return await fn();
    } catch (err) {
      if (!codes.includes(errorCode(err))) throw err;
      if (Date.now() - started > timeoutMs)
        throw new FailedError(
          `${what}: AWS still reports ${errorCode(err)} after ${Math.round(timeoutMs / 1000)} s.`,
          {
            hint: 'run the command again once the dependency is gone.',
            cause: err,
          },
        );
      await sleep(delay, signal);
    }
  }
}

/** Deletes an ECS service (its tasks are drained and stopped) and waits until it is INACTIVE. */
export async function deleteServiceAndWait(
  aws: AwsClients,
  cluster: string,
  name: string,
  signal?: AbortSignal,
): Promise<void> {
  const [now] = await describeServices(aws, cluster, [name]);
  if (now?.status === 'ACTIVE') {
    try {
      await deleteService(aws, cluster, name);
    } catch (err) {
      if (!['ServiceNotFoundException', 'ServiceNotActiveException'].includes(errorCode(err))) throw err;
    }
  }
  const started = Date.now();
  for (let delay = 200; ; delay = Math.min(delay * 2, 5000)) {
    const [s] = await describeServices(aws, cluster, [name]);
    if (!s || s.status === 'INACTIVE') return;
    if (Date.now() - started > DEPENDENCY_TIMEOUT_MS)
      throw new FailedError(
        `ECS service ${cluster}/${name} is still ${s.status} after ${DEPENDENCY_TIMEOUT_MS / 1000} s.`,
      );
    await sleep(delay, signal);
  }
}

export async function deleteTargetGroupWhenFree(
  aws: AwsClients,
  arn: string,
  signal?: AbortSignal,
): Promise<void> {
  await retryWhile(
    ['ResourceInUse'],
    async () => {
      try {
        await deleteTargetGroup(aws, arn);
      } catch (err) {
        if (errorCode(err) !== 'TargetGroupNotFound') throw err;
      }
    },
    `deleting target group ${arn}`,
    signal,
  );
}

export async function deleteSecurityGroupWhenFree(
  aws: AwsClients,
  id: string,
  signal?: AbortSignal,
): Promise<void> {
  await retryWhile(
    ['DependencyViolation', 'InvalidGroup.InUse'],
    async () => {
      try {
        await deleteSecurityGroup(aws, id);
      } catch (err) {
        if (errorCode(err) !== 'InvalidGroup.NotFound') throw err;
      }
    },
    `deleting security group ${id}`,
    signal,
  );
}

export async function deleteLoadBalancerQuietly(aws: AwsClients, arn: string): Promise<void> {
  // AWS: deleting an unknown load balancer succeeds; its listeners go with it.
  await deleteLoadBalancer(aws, arn);
}

/** Deregisters every ACTIVE revision of a family: running tasks keep theirs, nothing new can use it. */
export async function deregisterTaskFamily(aws: AwsClients, family: string): Promise<void> {
  for (const arn of await listActiveTaskDefinitionArns(aws, family)) await deregisterTaskDefinition(aws, arn);
}
