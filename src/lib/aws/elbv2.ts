/**
 * The ELBv2 calls rails makes, with paging folded in. Describe-by-name calls return [] / undefined
 * for missing resources instead of throwing, because AWS fails the whole call for any missing name.
 */
import {
  DeregisterTargetsCommand,
  DescribeListenersCommand,
  DescribeLoadBalancersCommand,
  DescribeRulesCommand,
  DescribeTagsCommand,
  DescribeTargetGroupsCommand,
  DescribeTargetHealthCommand,
  type Listener,
  type LoadBalancer,
  RegisterTargetsCommand,
  type Rule,
  type TargetGroup,
  type TargetHealthDescription,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import type { AwsClients } from './clients.js';
import { errorCode } from './errors.js';
import { allPages, chunk } from './paging.js';
import { fromTagList } from './tags.js';

/** DescribeTags takes at most 20 ARNs per call. */
export const DESCRIBE_TAGS_MAX = 20;

export async function findLoadBalancer(aws: AwsClients, name: string): Promise<LoadBalancer | undefined> {
  const client = await aws.elbv2();
  try {
    const out = await client.send(new DescribeLoadBalancersCommand({ Names: [name] }));
    return out.LoadBalancers?.[0];
  } catch (err) {
    if (errorCode(err) === 'LoadBalancerNotFound') return undefined;
    throw err;
  }
}

export async function describeLoadBalancersByArn(aws: AwsClients, arns: string[]): Promise<LoadBalancer[]> {
  const client = await aws.elbv2();
  const pages = await Promise.all(
    chunk(arns, 20).map((batch) =>
      client.send(new DescribeLoadBalancersCommand({ LoadBalancerArns: batch })),
    ),
  );
  return pages.flatMap((p) => p.LoadBalancers ?? []);
}

export async function findTargetGroup(aws: AwsClients, name: string): Promise<TargetGroup | undefined> {
  const client = await aws.elbv2();
  try {
    const out = await client.send(new DescribeTargetGroupsCommand({ Names: [name] }));
    return out.TargetGroups?.[0];
  } catch (err) {
    if (errorCode(err) === 'TargetGroupNotFound') return undefined;
    throw err;
  }
}

/** Every target group of a load balancer (or all in the region when no ARN is given). */
export async function listTargetGroups(aws: AwsClients, loadBalancerArn?: string): Promise<TargetGroup[]> {
  const client = await aws.elbv2();
  return allPages(async (Marker) => {
    const out = await client.send(
      new DescribeTargetGroupsCommand({ LoadBalancerArn: loadBalancerArn, Marker }),
    );
    return { items: out.TargetGroups, next: out.NextMarker };
  });
}

export async function describeTargetGroupsByArn(aws: AwsClients, arns: string[]): Promise<TargetGroup[]> {
  if (arns.length === 0) return [];
  const client = await aws.elbv2();
  const pages = await Promise.all(
    chunk(arns, 400).map((batch) =>
      allPages(async (Marker) => {
        const out = await client.send(new DescribeTargetGroupsCommand({ TargetGroupArns: batch, Marker }));
        return { items: out.TargetGroups, next: out.NextMarker };
      }),
    ),
  );
  return pages.flat();
}

export async function listListeners(aws: AwsClients, loadBalancerArn: string): Promise<Listener[]> {
  const client = await aws.elbv2();
  return allPages(async (Marker) => {
    const out = await client.send(new DescribeListenersCommand({ LoadBalancerArn: loadBalancerArn, Marker }));
    return { items: out.Listeners, next: out.NextMarker };
  });
}

/** Every rule of a listener, the default rule included (IsDefault, Priority "default"). */
export async function listRules(aws: AwsClients, listenerArn: string): Promise<Rule[]> {
  const client = await aws.elbv2();
  return allPages(async (Marker) => {
    const out = await client.send(new DescribeRulesCommand({ ListenerArn: listenerArn, Marker }));
    return { items: out.Rules, next: out.NextMarker };
  });
}

/** Tags of many resources, 20 ARNs per call, the calls run concurrently. */
export async function describeTags(
  aws: AwsClients,
  arns: string[],
): Promise<Map<string, Record<string, string>>> {
  const result = new Map<string, Record<string, string>>();
  if (arns.length === 0) return result;
  const client = await aws.elbv2();
  const pages = await Promise.all(
    chunk(arns, DESCRIBE_TAGS_MAX).map((batch) =>
      client.send(new DescribeTagsCommand({ ResourceArns: batch })),
    ),
  );
  for (const page of pages)
    for (const d of page.TagDescriptions ?? []) result.set(d.ResourceArn!, fromTagList(d.Tags));
  return result;
}

export async function describeTargetHealth(
  aws: AwsClients,
  targetGroupArn: string,
): Promise<TargetHealthDescription[]> {
  const client = await aws.elbv2();
  const out = await client.send(new DescribeTargetHealthCommand({ TargetGroupArn: targetGroupArn }));
  return out.TargetHealthDescriptions ?? [];
}

/** The id AWS uses in an ALB's ENI description: the last segment of its ARN. */
export function loadBalancerId(arn: string): string {
  return arn.split('/').pop() ?? '';
}

/** `ELB app/<name>/<id>` (or `ELB net/...`): the description of a load balancer's network interfaces. */
export function loadBalancerEniDescription(arn: string): string {
  const [, kindNameId] = arn.split(':loadbalancer/');
  return `ELB ${kindNameId}`;
}

/** The target list of a Register/DeregisterTargets call: IPs at one port. */
function ipTargets(targetGroupArn: string, ips: string[], port: number) {
  return { TargetGroupArn: targetGroupArn, Targets: ips.map((Id) => ({ Id, Port: port })) };
}

/** Registers IP targets at one port (registering an existing target again is a no-op on AWS). */
export async function registerIpTargets(
  aws: AwsClients,
  targetGroupArn: string,
  ips: string[],
  port: number,
): Promise<void> {
  if (ips.length === 0) return;
  await (await aws.elbv2()).send(new RegisterTargetsCommand(ipTargets(targetGroupArn, ips, port)));
}

/** Deregisters IP targets at one port (the port must be repeated; unknown targets succeed on AWS). */
export async function deregisterIpTargets(
  aws: AwsClients,
  targetGroupArn: string,
  ips: string[],
  port: number,
): Promise<void> {
  if (ips.length === 0) return;
  await (await aws.elbv2()).send(new DeregisterTargetsCommand(ipTargets(targetGroupArn, ips, port)));
}

/**
 * Resources by name, in one call when all exist. AWS fails the whole call for any missing name, so
 * on `notFoundCode` each name is asked alone (a missing one is simply absent from the map).
 */
async function findManyByName<T>(
  names: string[],
  notFoundCode: string,
  describeAll: (names: string[]) => Promise<T[]>,
  findOne: (name: string) => Promise<T | undefined>,
  nameOf: (item: T) => string,
): Promise<Map<string, T>> {
  const out = new Map<string, T>();
  let found: (T | undefined)[];
  try {
    found = await describeAll(names);
  } catch (err) {
    if (errorCode(err) !== notFoundCode) throw err;
    found = names.length === 1 ? [] : await Promise.all(names.map(findOne));
  }
  for (const item of found) if (item) out.set(nameOf(item), item);
  return out;
}

/** Load balancers by name (LoadBalancerNotFound fails the whole call: see findManyByName). */
export async function findLoadBalancersByName(
  aws: AwsClients,
  names: string[],
): Promise<Map<string, LoadBalancer>> {
  const client = await aws.elbv2();
  return findManyByName(
    names,
    'LoadBalancerNotFound',
    async (Names) => (await client.send(new DescribeLoadBalancersCommand({ Names }))).LoadBalancers ?? [],
    (name) => findLoadBalancer(aws, name),
    (lb) => lb.LoadBalancerName!,
  );
}

/** Target groups by name (TargetGroupNotFound fails the whole call: see findManyByName). */
export async function findTargetGroupsByName(
  aws: AwsClients,
  names: string[],
): Promise<Map<string, TargetGroup>> {
  const client = await aws.elbv2();
  return findManyByName(
    names,
    'TargetGroupNotFound',
    async (Names) => (await client.send(new DescribeTargetGroupsCommand({ Names }))).TargetGroups ?? [],
    (name) => findTargetGroup(aws, name),
    (tg) => tg.TargetGroupName!,
  );
}
