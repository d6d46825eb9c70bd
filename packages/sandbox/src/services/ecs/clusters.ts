/** Clusters: CreateCluster (idempotent for ACTIVE names), DescribeClusters, ListClusters, DeleteCluster. */
import { AwsError } from '../../core/aws-error.js';
import type { RequestContext, Sandbox } from '../../core/types.js';
import { clusterNameOf, ecsArn, regionOf } from './arns.js';
import { invalidParameter, page, parseTags, stringList, tagList } from './input.js';
import { type CapacityProviderItem, type Cluster, ecsState } from './state.js';

const FARGATE_PROVIDERS = ['FARGATE', 'FARGATE_SPOT'];

/** Creates a cluster, or returns the ACTIVE cluster of that name unchanged (AWS does not replace it). */
export function createCluster(sb: Sandbox, input: any, region = sb.region): Cluster {
  const name = input.clusterName ?? 'default';
  if (typeof name !== 'string' || !/^[A-Za-z0-9_-]{1,255}$/.test(name))
    throw invalidParameter(
      'Cluster name can have up to 255 characters: letters (uppercase and lowercase), numbers, hyphens and underscores.',
    );
  const state = ecsState(sb);
  const existing = state.clusters.find((c) => c.clusterName === name && c.status === 'ACTIVE');
  if (existing) return existing;
  const capacityProviders = stringList(input.capacityProviders, 'capacityProviders');
  for (const cp of capacityProviders)
    if (!FARGATE_PROVIDERS.includes(cp))
      throw invalidParameter(`The specified capacity provider '${cp}' is not in an ACTIVE state.`);
  const strategy = parseStrategy(input.defaultCapacityProviderStrategy);
  for (const item of strategy)
    if (!capacityProviders.includes(item.capacityProvider))
      throw invalidParameter(
        'The specified capacity provider strategy cannot contain a capacity provider that is not associated with the cluster. Associate the capacity provider with the cluster or specify a valid capacity provider and try again.',
      );
  const settings = Array.isArray(input.settings)
    ? input.settings.map((s: any) => ({ name: String(s.name), value: String(s.value) }))
    : [{ name: 'containerInsights', value: 'disabled' }];
  // A deleted cluster's name can be reused; the INACTIVE record stays describable.
  const cluster: Cluster = {
    clusterArn: ecsArn(sb, `cluster/${name}`, region),
    clusterName: name,
    status: 'ACTIVE',
    capacityProviders,
    defaultCapacityProviderStrategy: strategy,
    settings,
    createdAt: sb.clock.now(),
    tags: parseTags(input.tags),
  };
  state.clusters.push(cluster);
  sb.markDirty();
  return cluster;
}

/** A capacity provider strategy as given (`base` 0..100000, `weight` 0..1000). */
export function parseStrategy(value: unknown): CapacityProviderItem[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw invalidParameter('capacityProviderStrategy must be a list.');
  return value.map((item: any) => {
    if (typeof item?.capacityProvider !== 'string') throw invalidParameter('capacityProvider is required.');
    const out: CapacityProviderItem = { capacityProvider: item.capacityProvider };
    if (item.weight !== undefined) out.weight = Number(item.weight);
    if (item.base !== undefined) out.base = Number(item.base);
    return out;
  });
}

export function clusterView(sb: Sandbox, c: Cluster, include: string[] = []) {
  const state = ecsState(sb);
  const tasks = state.tasks.filter((t) => t.clusterArn === c.clusterArn && t.lastStatus !== 'STOPPED');
  const out: Record<string, unknown> = {
    clusterArn: c.clusterArn,
    clusterName: c.clusterName,
    status: c.status,
    registeredContainerInstancesCount: 0,
    runningTasksCount: tasks.filter((t) => t.lastStatus === 'RUNNING').length,
    pendingTasksCount: tasks.filter((t) => ['PROVISIONING', 'PENDING', 'ACTIVATING'].includes(t.lastStatus))
      .length,
    activeServicesCount: state.services.filter((s) => s.clusterArn === c.clusterArn && s.status === 'ACTIVE')
      .length,
    statistics: [],
    tags: include.includes('TAGS') ? tagList(c.tags) : [],
    settings: c.settings,
    capacityProviders: c.capacityProviders,
    defaultCapacityProviderStrategy: c.defaultCapacityProviderStrategy,
  };
  return out;
}

export const clusterOperations = {
  CreateCluster(input: any, ctx: RequestContext) {
    const cluster = createCluster(ctx.sb, input, regionOf(ctx));
    return { cluster: clusterView(ctx.sb, cluster, ['TAGS']) };
  },

  DescribeClusters(input: any, ctx: RequestContext) {
    const sb = ctx.sb;
    const names = stringList(input.clusters, 'clusters', 100);
    const include = stringList(input.include, 'include');
    const wanted = names.length ? names : ['default'];
    const clusters: unknown[] = [];
    const failures: unknown[] = [];
    for (const n of wanted) {
      const name = clusterNameOf(n);
      const all = ecsState(sb).clusters.filter((c) => c.clusterName === name);
      const c = all.find((x) => x.status === 'ACTIVE') ?? all[all.length - 1];
      if (c) clusters.push(clusterView(sb, c, include));
      else
        failures.push({
          arn: n.startsWith('arn:') ? n : ecsArn(sb, `cluster/${n}`, regionOf(ctx)),
          reason: 'MISSING',
        });
    }
    return { clusters, failures };
  },

  ListClusters(input: any, ctx: RequestContext) {
    const arns = ecsState(ctx.sb)
      .clusters.filter((c) => c.status === 'ACTIVE')
      .map((c) => c.clusterArn);
    const p = page(ctx.sb, arns, input);
    return { clusterArns: p.items, nextToken: p.nextToken };
  },

  DeleteCluster(input: any, ctx: RequestContext) {
    const sb = ctx.sb;
    const name = clusterNameOf(input.cluster);
    const c = ecsState(sb).clusters.find((x) => x.clusterName === name && x.status === 'ACTIVE');
    if (!c) throw new AwsError('ClusterNotFoundException', 'Cluster not found.');
    const state = ecsState(sb);
    if (state.services.some((s) => s.clusterArn === c.clusterArn && s.status !== 'INACTIVE'))
      throw new AwsError(
        'ClusterContainsServicesException',
        'The Cluster cannot be deleted while Services are active.',
      );
    if (state.tasks.some((t) => t.clusterArn === c.clusterArn && t.lastStatus !== 'STOPPED'))
      throw new AwsError(
        'ClusterContainsTasksException',
        'The Cluster cannot be deleted while Tasks are active.',
      );
    c.status = 'INACTIVE';
    sb.markDirty();
    return { cluster: clusterView(sb, c) };
  },
};
