/**
 * Reads what exists of a rail: everything `up` compares and `down` removes, found by exact name or by
 * tag, never guessed. Independent reads run concurrently and are batched to AWS's limits, so the
 * number of calls grows with services only where AWS has no batch call (target group attributes,
 * task definitions).
 *
 * The reads form a dependency graph of four rounds: (1) everything rail.yaml names, (2) what needs a
 * load balancer's or target group's ARN (tags, attributes, listeners, target health), (3) what needs
 * tags or a listener's ARN (our target groups' attributes, the ALB's rules), (4) the rules' tags;
 * services no longer in rail.yaml add a fifth only when there are some.
 */
import type { CertificateDetail } from '@aws-sdk/client-acm';
import type { SecurityGroup, Subnet, Vpc } from '@aws-sdk/client-ec2';
import type { Cluster, Service, Tag, TaskDefinition } from '@aws-sdk/client-ecs';
import type {
  Listener,
  LoadBalancer,
  Rule,
  TargetGroup,
  TargetHealthDescription,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { findCertificate } from '../aws/acm.js';
import type { AwsClients } from '../aws/clients.js';
import { describeSubnets, findVpc } from '../aws/ec2.js';
import { listSecurityGroups } from '../aws/ec2-changes.js';
import { describeClusters, describeServices, findTaskDefinition } from '../aws/ecs.js';
import {
  describeTags,
  describeTargetHealth,
  findLoadBalancersByName,
  listListeners,
  listRules,
  listTargetGroups,
} from '../aws/elbv2.js';
import { loadBalancerAttributes, targetGroupAttributes } from '../aws/elbv2-changes.js';
import { errorCode } from '../aws/errors.js';
import { mapLimit } from '../common/concurrency.js';
import { isOurs, ROLES, railNames, TAG_CLUSTER, TAG_ROLE, TAG_SERVICE } from '../common/names.js';
import type { RailConfig } from '../config/schema.js';
import { type SyncRail, syncRailOf } from '../sync/discover.js';
import { type AccessLogReading, readAccessLogBuckets } from './access-log-buckets.js';
import { type ApiSeen, type LeftFrontDoor, readApi, readLeftFrontDoor } from './discover-api.js';
import { readTaskLogging, type TaskLoggingSeen } from './discover-task-logging.js';

/** Names of service target groups: `<first 20 chars>-<6 hex>`. */
export const SERVICE_TG_NAME = /^[A-Za-z0-9-]{1,20}-[0-9a-f]{6}$/;
/** Per-resource describe calls in flight at once. */
export const READ_CONCURRENCY = 8;

export interface ObservedRule {
  listenerPort: 80 | 443;
  rule: Rule;
  tags: Record<string, string>;
}

export interface Observed {
  vpc?: Vpc;
  subnets: Subnet[];
  /** Subnet ids AWS did not know. */
  missingSubnets: string[];
  certificate?: CertificateDetail;
  nlb?: LoadBalancer;
  alb?: LoadBalancer;
  lbAttributes: Map<string, Record<string, string>>;
  listeners: Map<string, Listener[]>;
  /** ELBv2 tags by ARN (load balancers, target groups of interest, rules). */
  tags: Map<string, Record<string, string>>;
  nlbTargetGroups: Map<string, TargetGroup>;
  /** With `staticIps: alb-target`: the targets of the NLB's alb-type target groups, by ARN. */
  albTargets: Map<string, TargetHealthDescription[]>;
  /**
   * With `syncTargets` (`up` of a rail that syncs its static IPs): the targets of the NLB's IP target
   * groups found by name, by ARN, so the first sync pass's check needs no read of its own.
   */
  syncTargets: Map<string, TargetHealthDescription[]>;
  /** The sync pass's view of the rail (ALB, the NLB's IP target groups with their listener ports). */
  syncRail?: SyncRail;
  /** Security groups of the VPC by lower-cased name. */
  securityGroups: Map<string, SecurityGroup>;
  /** Our service target groups by service name. */
  serviceTargetGroups: Map<string, TargetGroup[]>;
  tgAttributes: Map<string, Record<string, string>>;
  /** Rules of the ALB's :80 and :443 listeners, default rules excluded. */
  rules: ObservedRule[];
  /** ECS services by `<cluster>/<service name>`. */
  ecsServices: Map<string, Service>;
  clusters: Map<string, Cluster>;
  taskDefinitions: Map<string, { taskDefinition: TaskDefinition; tags: Tag[] } | undefined>;
  /** Services that have resources tagged for this stage but are not in rail.yaml, with their cluster. */
  removedServices: Map<string, string>;
  /** The access-log buckets of rail.yaml (undefined when none is configured). */
  accessLogs?: AccessLogReading;
  /** The execution role and log groups rails made for its task definitions' container logs. */
  taskLogging: TaskLoggingSeen;
  /**
   * The front door (API, VPC links, domain), when rail.yaml has `apiGateway`; or, asked for with
   * `leftFrontDoor`, one this stage laid before `apiGateway:` left rail.yaml (then `leftFrontDoor` too).
   */
  api?: ApiSeen;
  leftFrontDoor?: LeftFrontDoor;
  /** Why a front door left from an earlier rail.yaml could not be looked for (no read permission). */
  leftFrontDoorUnchecked?: string;
}

export function ecsKey(cluster: string, name: string): string {
  return `${cluster}/${name}`;
}

/** Task definition reference of a service: the explicit one, or the family registered for `image:`. */
export function taskDefinitionRef(rail: RailConfig, svc: RailConfig['services'][number]): string {
  return svc.taskDefinition ?? railNames.taskFamily(rail.stage, svc.name);
}

export interface DiscoverOptions {
  /** Also read the targets of the NLB's IP target groups (see Observed.syncTargets). */
  syncTargets?: boolean;
  /**
   * Without `apiGateway` in rail.yaml, look for a front door this stage laid before, by its tags
   * (`up` of the whole rail and `down` take it away).
   */
  leftFrontDoor?: boolean;
}

export async function discoverRail(
  aws: AwsClients,
  rail: RailConfig,
  opts: DiscoverOptions = {},
): Promise<Observed> {
  const stage = rail.stage;
  // The front door's reads run alongside the rest: they need nothing the others find.
  const [named, configured, left] = await Promise.all([
    readNamed(aws, rail),
    rail.apiGateway ? readApi(aws, rail) : undefined,
    !rail.apiGateway && opts.leftFrontDoor ? readLeftFrontDoor(aws, stage) : undefined,
  ]);
  const api = configured ?? left?.seen;
  const { lbs, allTgs } = named;
  const nlb = lbs.get(railNames.nlb(stage));
  const alb = lbs.get(railNames.alb(stage));
  const nlbTgNames = new Set([80, 443].map((p) => railNames.nlbTargetGroup(stage, p)));
  const nlbTargetGroups = new Map(
    allTgs.filter((tg) => nlbTgNames.has(tg.TargetGroupName!)).map((tg) => [tg.TargetGroupName!, tg]),
  );
  const candidates = allTgs.filter((tg) => SERVICE_TG_NAME.test(tg.TargetGroupName ?? ''));
  const lbArns = [nlb, alb].filter((x): x is LoadBalancer => !!x).map((lb) => lb.LoadBalancerArn!);
  // Second level, with the targets of the NLB's groups (they need only the groups' ARNs).
  const targetType =
    rail.staticIps === 'alb-target'
      ? 'alb'
      : opts.syncTargets && rail.staticIps === 'sync'
        ? 'ip'
        : undefined;
  const [{ tags, lbAttributes, listeners }, nlbTargets] = await Promise.all([
    readLoadBalancers(aws, lbArns, [
      ...[...nlbTargetGroups.values()].map((tg) => tg.TargetGroupArn!),
      ...candidates.map((tg) => tg.TargetGroupArn!),
    ]),
    readTargets(
      aws,
      [...nlbTargetGroups.values()].filter((tg) => tg.TargetType === targetType),
    ),
  ]);

  const desired = new Set(rail.services.map((s) => s.name));
  const removedServices = new Map<string, string>();
  const serviceTargetGroups = ourServiceTargetGroups(candidates, tags, stage, desired, removedServices);
  const securityGroups = securityGroupsByName(named.groups, stage, desired, removedServices);

  // Third level: attributes of our target groups, rules of the ALB listeners.
  const albListeners = (alb ? (listeners.get(alb.LoadBalancerArn!) ?? []) : []).filter(
    (l) => l.Port === 80 || l.Port === 443,
  );
  const [tgAttributes, ruleList] = await Promise.all([
    readTargetGroupAttributes(aws, [
      ...nlbTargetGroups.values(),
      ...[...serviceTargetGroups.values()].flat(),
    ]),
    listAlbRules(aws, albListeners),
  ]);
  const rules = await tagRules(aws, ruleList, tags);
  for (const r of rules) {
    const name = r.tags[TAG_SERVICE];
    if (isOurs(r.tags, stage) && name && !desired.has(name) && !removedServices.has(name))
      removedServices.set(name, r.tags[TAG_CLUSTER] ?? 'default');
  }

  const ecsServices = new Map<string, Service>();
  const addServices = (list: Service[]) => {
    for (const s of list) ecsServices.set(ecsKey(s.clusterArn!.split('/').pop()!, s.serviceName!), s);
  };
  for (const list of named.services) addServices(list);
  const removed = await readRemovedServices(aws, stage, removedServices);
  for (const list of removed.services) addServices(list);

  return {
    vpc: named.vpc,
    subnets: named.subnets.subnets,
    missingSubnets: named.subnets.missing,
    certificate: named.certificate,
    nlb,
    alb,
    lbAttributes,
    listeners,
    tags,
    nlbTargetGroups,
    albTargets: targetType === 'alb' ? nlbTargets : new Map(),
    syncTargets: targetType === 'ip' ? nlbTargets : new Map(),
    syncRail: syncRailOf(stage, nlb, alb, nlb ? (listeners.get(nlb.LoadBalancerArn!) ?? []) : [], allTgs),
    securityGroups,
    serviceTargetGroups,
    tgAttributes,
    rules,
    ecsServices,
    clusters: new Map(named.clusters.filter((c) => c.status !== 'INACTIVE').map((c) => [c.clusterName!, c])),
    taskDefinitions: new Map([...named.taskDefinitions, ...removed.taskDefinitions]),
    removedServices,
    accessLogs: named.accessLogs,
    taskLogging: named.taskLogging,
    api,
    ...(left?.front ? { leftFrontDoor: left.front } : {}),
    ...(left?.unchecked ? { leftFrontDoorUnchecked: left.unchecked } : {}),
  };
}

/** First level: what rail.yaml names, each read once, all at the same time. */
async function readNamed(aws: AwsClients, rail: RailConfig) {
  const stage = rail.stage;
  const allSubnets = [...new Set([...rail.subnets, ...rail.services.flatMap((s) => s.subnets)])];
  const clusters = [...new Set(rail.services.map((s) => s.cluster))];
  const tdRefs = [...new Set(rail.services.map((s) => taskDefinitionRef(rail, s)))];
  const [
    vpc,
    subnets,
    certificate,
    lbs,
    allTgs,
    groups,
    clusterList,
    taskDefinitions,
    services,
    accessLogs,
    taskLogging,
  ] = await Promise.all([
    findVpc(aws, rail.vpc),
    readSubnets(aws, allSubnets),
    findCertificate(aws, rail.certificate),
    findLoadBalancersByName(aws, [railNames.nlb(stage), railNames.alb(stage)]),
    listTargetGroups(aws),
    listSecurityGroups(aws, rail.vpc),
    describeClusters(aws, clusters),
    mapLimit(tdRefs, READ_CONCURRENCY, async (ref) => [ref, await findTaskDefinition(aws, ref)] as const),
    mapLimit(clusters, READ_CONCURRENCY, (cluster) =>
      describeServices(
        aws,
        cluster,
        rail.services.filter((s) => s.cluster === cluster).map((s) => railNames.ecsService(stage, s.name)),
      ),
    ),
    readAccessLogBuckets(aws, rail),
    readTaskLogging(aws, stage),
  ]);
  return {
    vpc,
    subnets,
    certificate,
    lbs,
    allTgs,
    groups,
    clusters: clusterList,
    taskDefinitions,
    services,
    accessLogs,
    taskLogging,
  };
}

/** The subnets AWS knows, and the ids it does not. */
async function readSubnets(
  aws: AwsClients,
  ids: string[],
): Promise<{ subnets: Subnet[]; missing: string[] }> {
  const missing = (subnets: Subnet[]) => ids.filter((id) => !subnets.some((s) => s.SubnetId === id));
  try {
    const subnets = await describeSubnets(aws, ids);
    return { subnets, missing: missing(subnets) };
  } catch (err) {
    if (errorCode(err) !== 'InvalidSubnetID.NotFound') throw err;
    // Find out which ones are missing, one by one (only on this error path).
    const each = await Promise.all(ids.map((id) => describeSubnets(aws, [id]).catch(() => [] as Subnet[])));
    const subnets = each.flat();
    return { subnets, missing: missing(subnets) };
  }
}

/** Second level: tags (of the load balancers and of the target groups of interest), attributes, listeners. */
async function readLoadBalancers(aws: AwsClients, lbArns: string[], tgArns: string[]) {
  const [tags, lbAttrList, listenerList] = await Promise.all([
    describeTags(aws, [...lbArns, ...tgArns]),
    Promise.all(lbArns.map(async (arn) => [arn, await loadBalancerAttributes(aws, arn)] as const)),
    Promise.all(lbArns.map(async (arn) => [arn, await listListeners(aws, arn)] as const)),
  ]);
  return { tags, lbAttributes: new Map(lbAttrList), listeners: new Map(listenerList) };
}

/**
 * Our service target groups by service, found by tag. A service not in rail.yaml that still has one
 * goes into `removed`, with the cluster its tags name.
 */
function ourServiceTargetGroups(
  candidates: TargetGroup[],
  tags: Map<string, Record<string, string>>,
  stage: string,
  desired: Set<string>,
  removed: Map<string, string>,
): Map<string, TargetGroup[]> {
  const byService = new Map<string, TargetGroup[]>();
  for (const tg of candidates) {
    const t = tags.get(tg.TargetGroupArn!);
    if (!isOurs(t, stage) || t?.[TAG_ROLE] !== ROLES.serviceTargetGroup || !t[TAG_SERVICE]) continue;
    const name = t[TAG_SERVICE];
    byService.set(name, [...(byService.get(name) ?? []), tg]);
    if (!desired.has(name)) removed.set(name, t[TAG_CLUSTER] ?? 'default');
  }
  return byService;
}

/** The VPC's security groups by lower-cased name; a removed service's task group adds it to `removed`. */
function securityGroupsByName(
  groups: SecurityGroup[],
  stage: string,
  desired: Set<string>,
  removed: Map<string, string>,
): Map<string, SecurityGroup> {
  const byName = new Map<string, SecurityGroup>();
  for (const g of groups) {
    byName.set(g.GroupName!.toLowerCase(), g);
    const t = Object.fromEntries((g.Tags ?? []).map((x) => [x.Key!, x.Value ?? '']));
    if (
      isOurs(t, stage) &&
      t[TAG_ROLE] === ROLES.taskSecurityGroup &&
      t[TAG_SERVICE] &&
      !desired.has(t[TAG_SERVICE])
    )
      removed.set(t[TAG_SERVICE], t[TAG_CLUSTER] ?? removed.get(t[TAG_SERVICE]) ?? 'default');
  }
  return byName;
}

function readTargetGroupAttributes(
  aws: AwsClients,
  groups: TargetGroup[],
): Promise<Map<string, Record<string, string>>> {
  return mapLimit(
    groups,
    READ_CONCURRENCY,
    async (tg) => [tg.TargetGroupArn!, await targetGroupAttributes(aws, tg.TargetGroupArn!)] as const,
  ).then((list) => new Map(list));
}

/** The rules of the ALB's :80 and :443 listeners, default rules left out. */
async function listAlbRules(aws: AwsClients, albListeners: Listener[]) {
  const ruleLists = await Promise.all(
    albListeners.map(async (l) => ({
      port: l.Port as 80 | 443,
      rules: await listRules(aws, l.ListenerArn!),
    })),
  );
  return ruleLists.flatMap((l) =>
    l.rules.filter((r) => !r.IsDefault).map((rule) => ({ port: l.port, rule })),
  );
}

/** The rules with their tags (also added to `tags`). */
async function tagRules(
  aws: AwsClients,
  ruleList: Awaited<ReturnType<typeof listAlbRules>>,
  tags: Map<string, Record<string, string>>,
): Promise<ObservedRule[]> {
  const ruleTags = await describeTags(
    aws,
    ruleList.map((r) => r.rule.RuleArn!),
  );
  for (const [arn, t] of ruleTags) tags.set(arn, t);
  return ruleList.map((r) => ({
    listenerPort: r.port,
    rule: r.rule,
    tags: ruleTags.get(r.rule.RuleArn!) ?? {},
  }));
}

/** The targets of some of the NLB's target groups (the ALB, once registered; or the ALB's IPs), by ARN. */
async function readTargets(
  aws: AwsClients,
  groups: TargetGroup[],
): Promise<Map<string, TargetHealthDescription[]>> {
  const list = await Promise.all(
    groups.map(
      async (tg) => [tg.TargetGroupArn!, await describeTargetHealth(aws, tg.TargetGroupArn!)] as const,
    ),
  );
  return new Map(list);
}

/**
 * Services no longer in rail.yaml: their ECS services, in the cluster their other resources name, and
 * the task definition family an `image:` service of theirs had (only rails's is removed).
 */
async function readRemovedServices(aws: AwsClients, stage: string, removed: Map<string, string>) {
  const byCluster = new Map<string, string[]>();
  for (const [name, cluster] of removed)
    byCluster.set(cluster, [...(byCluster.get(cluster) ?? []), railNames.ecsService(stage, name)]);
  const families = [...removed.keys()].map((name) => railNames.taskFamily(stage, name));
  const [services, taskDefinitions] = await Promise.all([
    Promise.all([...byCluster].map(([cluster, names]) => describeServices(aws, cluster, names))),
    mapLimit(
      families,
      READ_CONCURRENCY,
      async (family) => [family, await findTaskDefinition(aws, family)] as const,
    ),
  ]);
  return { services, taskDefinitions };
}
