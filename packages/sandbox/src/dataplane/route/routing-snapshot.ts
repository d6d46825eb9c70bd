/**
 * What routing reads, indexed once per simulated slice so that routing a request is a few map
 * lookups: load balancers by DNS name, name and ARN, listeners by port, each listener's rules sorted
 * and compiled, each target group's targets with the health ELBv2 itself reports, load balancer
 * nodes by IP, and ECS tasks by IP with their container ports and injected behaviours.
 */
import type { Sandbox } from '../../core/types.js';
import { acmState } from '../../services/acm/state.js';
import { type EcsTask, ecsState } from '../../services/ecs/state.js';
import { findTaskDefinition } from '../../services/ecs/task-definitions.js';
import { loadBalancerPath } from '../../services/elbv2/arns.js';
import { describeTarget } from '../../services/elbv2/health.js';
import { isLoadBalancerActive } from '../../services/elbv2/lb-state.js';
import { targetGroupLoadBalancerArns } from '../../services/elbv2/lookup.js';
import {
  elbv2State,
  type Listener,
  type LoadBalancer,
  type LoadBalancerNode,
  type Rule,
  type TargetGroup,
} from '../../services/elbv2/state.js';
import type { TargetBehaviour } from '../types.js';
import { compileRule, type RuleMatcher } from './rule-match.js';

/** A registered target and the state DescribeTargetHealth gives it now. */
export interface TargetEntry {
  ip: string;
  port: number;
  /** Its zone, `all`, or undefined when unknown. */
  zone?: string;
  state: string;
}

export interface GroupEntry {
  tg: TargetGroup;
  /** `targetgroup/<name>/<id>`. */
  dimension: string;
  targets: TargetEntry[];
  /** The group's own cross-zone setting; undefined: the load balancer's. */
  crossZone?: boolean;
  preserveClientIp: boolean;
}

export interface ListenerEntry {
  listener: Listener;
  /** Ascending priority. */
  rules: { rule: Rule; match: RuleMatcher }[];
  /** Some rule has a query-string condition (the query is parsed only then). */
  needsQuery: boolean;
  /** The listener's certificates with the names each covers, default first. */
  certs: { arn: string; names: RegExp[] }[];
}

export interface LbEntry {
  lb: LoadBalancer;
  /** `app/<name>/<id>` or `net/<name>/<id>`. */
  dimension: string;
  active: boolean;
  listeners: Map<number, ListenerEntry>;
  crossZone: boolean;
  /** ALB `idle_timeout.timeout_seconds` in ms. */
  idleTimeoutMs: number;
}

export interface TaskEntry {
  task: EcsTask;
  ports: Set<number>;
  clusterName: string;
  serviceName?: string;
  /** The injected behaviours whose selector matches this task, in the order given. */
  behaviours: TargetBehaviour[];
  /** Those behaviours as one: for each field, the last behaviour that sets it. */
  behaviour: Omit<TargetBehaviour, 'id' | 'selector'>;
}

export interface RoutingSnapshot {
  lbs: LbEntry[];
  /** Lowercase DNS names (and their `dualstack.` forms). */
  byHost: Map<string, LbEntry>;
  /** Names and ARNs. */
  byKey: Map<string, LbEntry>;
  /** Current node IPs of every load balancer. */
  nodeOwners: Map<string, { lb: LbEntry; node: LoadBalancerNode }>;
  groups: Map<string, GroupEntry>;
  /** Tasks by IP; a live task wins over a stopped one that had the IP before. */
  tasks: Map<string, TaskEntry>;
}

/** A certificate name as a regex: a leading `*.` stands for exactly one label. */
function certNameRegex(name: string): RegExp {
  const escaped = name.replace(/[.+^${}()|[\]\\/?-]/g, '\\$&').replace(/\*/g, '[^.]+');
  return new RegExp(`^${escaped}$`, 'i');
}

function certificatesOf(sb: Sandbox, listener: Listener): ListenerEntry['certs'] {
  const acm = acmState(sb)?.certificates ?? [];
  const sorted = [...listener.certificates].sort((a, b) => Number(!!b.IsDefault) - Number(!!a.IsDefault));
  return sorted.map((c) => {
    const cert = acm.find((x) => x.arn === c.CertificateArn);
    const names = cert ? [cert.domainName, ...cert.subjectAlternativeNames] : [];
    // A wildcard certificate name covers exactly one label.
    return {
      arn: c.CertificateArn,
      names: [...new Set(names)].map(certNameRegex),
    };
  });
}

function lbEntry(sb: Sandbox, lb: LoadBalancer, listeners: Listener[], rules: Rule[]): LbEntry {
  const byPort = new Map<number, ListenerEntry>();
  for (const listener of listeners) {
    if (listener.loadBalancerArn !== lb.arn) continue;
    const own = rules
      .filter((r) => r.listenerArn === listener.arn)
      .sort((a, b) => a.priority - b.priority)
      .map((rule) => ({ rule, match: compileRule(rule.conditions) }));
    const needsQuery = own.some((r) => r.rule.conditions.some((c) => c.Field === 'query-string'));
    byPort.set(listener.port, { listener, rules: own, needsQuery, certs: certificatesOf(sb, listener) });
  }
  const crossZoneDefault = lb.type === 'application' ? 'true' : 'false';
  return {
    lb,
    dimension: loadBalancerPath(lb.arn),
    active: isLoadBalancerActive(lb),
    listeners: byPort,
    crossZone: (lb.attributes['load_balancing.cross_zone.enabled'] ?? crossZoneDefault) === 'true',
    idleTimeoutMs: Number(lb.attributes['idle_timeout.timeout_seconds'] ?? 60) * 1000,
  };
}

function groupEntry(sb: Sandbox, tg: TargetGroup): GroupEntry {
  const lbArns = targetGroupLoadBalancerArns(sb, tg.arn);
  const targets = tg.targets.map((t) => {
    const d = describeTarget(sb, tg, t, lbArns);
    return { ip: t.id, port: t.port, zone: d.Target.AvailabilityZone, state: d.TargetHealth.State };
  });
  const cz = tg.attributes['load_balancing.cross_zone.enabled'];
  return {
    tg,
    dimension: tg.arn.split(':').pop() ?? '',
    targets,
    ...(cz === 'true' || cz === 'false' ? { crossZone: cz === 'true' } : {}),
    preserveClientIp: tg.attributes['preserve_client_ip.enabled'] === 'true',
  };
}

function containerPorts(sb: Sandbox, task: EcsTask): Set<number> {
  const td = findTaskDefinition(sb, task.taskDefinitionArn);
  const ports = (td?.containerDefinitions ?? []).flatMap((c) => c.portMappings.map((p) => p.containerPort));
  return new Set(ports.filter((p): p is number => p !== undefined));
}

function merged(list: TargetBehaviour[]): TaskEntry['behaviour'] {
  const out: TaskEntry['behaviour'] = {};
  for (const b of list) {
    for (const key of ['errorRate', 'status', 'latencyMs', 'timeoutRate', 'resetRate'] as const) {
      if (b[key] !== undefined) out[key] = b[key];
    }
  }
  return out;
}

/** Every given selector field must match. */
function selects(b: TargetBehaviour, t: Omit<TaskEntry, 'behaviours' | 'behaviour'>): boolean {
  const s = b.selector ?? {};
  if (s.cluster !== undefined && s.cluster !== t.clusterName && s.cluster !== t.task.clusterArn) return false;
  if (s.service !== undefined && s.service !== t.serviceName && s.service !== t.task.serviceArn) return false;
  if (s.taskId !== undefined && s.taskId !== t.task.taskId && s.taskId !== t.task.taskArn) return false;
  if (s.ip !== undefined && s.ip !== t.task.ip) return false;
  return true;
}

function taskEntries(sb: Sandbox, behaviours: TargetBehaviour[]): Map<string, TaskEntry> {
  const byIp = new Map<string, TaskEntry>();
  for (const task of ecsState(sb).tasks) {
    if (!task.ip) continue;
    const known = byIp.get(task.ip);
    if (known && known.task.lastStatus !== 'STOPPED') continue;
    const base = {
      task,
      ports: containerPorts(sb, task),
      clusterName: task.clusterArn.split('/').pop() ?? '',
      ...(task.group.startsWith('service:') ? { serviceName: task.group.slice('service:'.length) } : {}),
    };
    const own = behaviours.filter((b) => selects(b, base));
    byIp.set(task.ip, { ...base, behaviours: own, behaviour: merged(own) });
  }
  return byIp;
}

/** Indexes the sandbox's state for routing (see the top of this file). */
export function buildSnapshot(sb: Sandbox, behaviours: TargetBehaviour[]): RoutingSnapshot {
  const { loadBalancers, listeners, rules, targetGroups } = elbv2State(sb);
  const snap: RoutingSnapshot = {
    lbs: [],
    byHost: new Map(),
    byKey: new Map(),
    nodeOwners: new Map(),
    groups: new Map(),
    tasks: taskEntries(sb, behaviours),
  };
  for (const lb of loadBalancers) {
    const entry = lbEntry(sb, lb, listeners, rules);
    snap.lbs.push(entry);
    const dns = lb.dnsName.toLowerCase();
    snap.byHost.set(dns, entry);
    snap.byHost.set(`dualstack.${dns}`, entry);
    snap.byKey.set(lb.name, entry);
    snap.byKey.set(lb.arn, entry);
    for (const node of lb.nodes) snap.nodeOwners.set(node.ip, { lb: entry, node });
  }
  for (const tg of targetGroups) snap.groups.set(tg.arn, groupEntry(sb, tg));
  return snap;
}
