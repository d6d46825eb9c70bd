/**
 * Waiting for AWS: load balancers `active`, ECS services stable (one deployment, running = desired).
 * Polls with backoff and stops on Ctrl-C; a timeout says what is still pending.
 */
import type { AwsClients } from '../aws/clients.js';
import { describeServices } from '../aws/ecs.js';
import { describeLoadBalancersByArn } from '../aws/elbv2.js';
import { FailedError } from '../errors.js';
import { sleep } from '../sleep.js';

export const WAIT_TIMEOUT_MS = 15 * 60_000;

async function poll(
  check: () => Promise<string[]>,
  what: string,
  progress: (pending: string[]) => void,
  signal?: AbortSignal,
  timeoutMs = WAIT_TIMEOUT_MS,
): Promise<void> {
  const started = Date.now();
  for (let delay = 100; ; delay = Math.min(Math.round(delay * 1.5), 5000)) {
    const pending = await check();
    if (!pending.length) return;
    progress(pending);
    if (Date.now() - started > timeoutMs)
      throw new FailedError(
        `${what}: still waiting after ${Math.round(timeoutMs / 1000)} s for ${pending.join(', ')}.`,
        {
          hint: '`rails status` shows why; run `rails up` again to keep waiting.',
        },
      );
    await sleep(delay, signal);
  }
}

/** Waits until every load balancer is active; a failed one is an error. */
export async function waitLoadBalancersActive(
  aws: AwsClients,
  arns: string[],
  progress: (pending: string[]) => void,
  signal?: AbortSignal,
): Promise<void> {
  if (!arns.length) return;
  await poll(
    async () => {
      const lbs = await describeLoadBalancersByArn(aws, arns);
      const failed = lbs.find((lb) => lb.State?.Code === 'failed');
      if (failed)
        throw new FailedError(
          `load balancer ${failed.LoadBalancerName} failed: ${failed.State?.Reason ?? 'no reason given'}`,
        );
      return lbs.filter((lb) => lb.State?.Code !== 'active').map((lb) => lb.LoadBalancerName!);
    },
    'load balancers',
    progress,
    signal,
  );
}

/** Waits until each service has one deployment and runs its desired count; a rolled-back deployment fails. */
export async function waitServicesStable(
  aws: AwsClients,
  byCluster: Map<string, string[]>,
  progress: (pending: string[]) => void,
  signal?: AbortSignal,
): Promise<void> {
  if (!byCluster.size) return;
  await poll(
    async () => {
      const pending: string[] = [];
      for (const [cluster, names] of byCluster) {
        const services = await describeServices(aws, cluster, [...new Set(names)]);
        for (const s of services) {
          const primary = s.deployments?.find((d) => d.status === 'PRIMARY');
          if (primary?.rolloutState === 'FAILED')
            throw new FailedError(
              `ECS service ${cluster}/${s.serviceName}: deployment failed (${primary.rolloutStateReason ?? 'circuit breaker'}).`,
              { hint: '`rails status` shows the stopped tasks and their reasons.' },
            );
          const stable = (s.deployments?.length ?? 0) === 1 && s.runningCount === s.desiredCount;
          if (!stable) pending.push(`${s.serviceName} (${s.runningCount ?? 0}/${s.desiredCount} running)`);
        }
      }
      return pending;
    },
    'ECS services',
    progress,
    signal,
  );
}
