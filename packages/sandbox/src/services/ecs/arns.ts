/** ECS ARNs (the long format AWS uses today) and lookups by name-or-ARN with AWS's errors. */
import { AwsError } from '../../core/aws-error.js';
import type { RequestContext, Sandbox } from '../../core/types.js';
import { type Cluster, type EcsService, type EcsTask, ecsState } from './state.js';

export function ecsArn(sb: Sandbox, resource: string, region = sb.region): string {
  return `arn:aws:ecs:${region}:${sb.accountId}:${resource}`;
}

/** The name part of a cluster given as name or ARN (`arn:...:cluster/<name>`). */
export function clusterNameOf(nameOrArn: string | undefined): string {
  if (!nameOrArn) return 'default';
  const m = /^arn:aws[a-z-]*:ecs:[^:]*:\d*:cluster\/(.+)$/.exec(nameOrArn);
  return m ? m[1]! : nameOrArn;
}

export function clusterNotFound(): AwsError {
  return new AwsError('ClusterNotFoundException', 'Cluster not found.');
}

/** The ACTIVE cluster a request names (default `default`), or ClusterNotFoundException. */
export function requireCluster(sb: Sandbox, nameOrArn: string | undefined): Cluster {
  const name = clusterNameOf(nameOrArn);
  const c = ecsState(sb).clusters.find((x) => x.clusterName === name && x.status === 'ACTIVE');
  if (!c) throw clusterNotFound();
  return c;
}

/** The service name part of a name or ARN (`arn:...:service/<cluster>/<name>` or the old `service/<name>`). */
export function serviceNameOf(nameOrArn: string): string {
  const m = /^arn:aws[a-z-]*:ecs:[^:]*:\d*:service\/(?:[^/]+\/)?([^/]+)$/.exec(nameOrArn);
  return m ? m[1]! : nameOrArn;
}

/**
 * The newest service of that name in the cluster. INACTIVE services stay findable for a while, as on
 * AWS; callers decide what a non-ACTIVE status means for them.
 */
export function findService(sb: Sandbox, cluster: Cluster, nameOrArn: string): EcsService | undefined {
  const name = serviceNameOf(nameOrArn);
  const all = ecsState(sb).services.filter(
    (s) => s.clusterArn === cluster.clusterArn && s.serviceName === name,
  );
  return all.find((s) => s.status !== 'INACTIVE') ?? all[all.length - 1];
}

export function taskIdOf(idOrArn: string): string {
  const m = /^arn:aws[a-z-]*:ecs:[^:]*:\d*:task\/(?:[^/]+\/)?([0-9a-f]+)$/.exec(idOrArn);
  return m ? m[1]! : idOrArn;
}

export function findTask(sb: Sandbox, cluster: Cluster | undefined, idOrArn: string): EcsTask | undefined {
  const id = taskIdOf(idOrArn);
  return ecsState(sb).tasks.find((t) => t.taskId === id && (!cluster || t.clusterArn === cluster.clusterArn));
}

/** The region a request was signed for (ARNs carry it). */
export function regionOf(ctx: RequestContext): string {
  return ctx.region || ctx.sb.region;
}

/** The IAM identity ECS reports as `createdBy` / `registeredBy`. */
export function callerArn(sb: Sandbox): string {
  return `arn:aws:iam::${sb.accountId}:root`;
}
