/**
 * What AWS hides: a load balancer runs as nodes, each with a private IP in one of its subnets and a
 * requester-managed network interface described `ELB app/<name>/<id>` (`ELB net/...` for an NLB).
 * ALB nodes change when AWS scales or maintains the ALB; the `rotate-ips` control verb plays that.
 */
import { AwsError } from '../../core/aws-error.js';
import type { HealthOracle, Sandbox } from '../../core/types.js';
import { createNetworkInterface, deleteNetworkInterface } from '../ec2/network.js';
import { loadBalancerPath } from './arns.js';
import { isLoadBalancerActive } from './lb-state.js';
import { elbv2State, type LoadBalancer, type LoadBalancerNode } from './state.js';

/** `ELB app/<name>/<id>`: the description AWS gives a load balancer's network interfaces. */
export function nodeDescription(lb: LoadBalancer): string {
  return `ELB ${loadBalancerPath(lb.arn)}`;
}

/** Starts a node in the subnet: a new ENI with a fresh IP. */
export function addNode(sb: Sandbox, lb: LoadBalancer, subnetId: string): LoadBalancerNode {
  const eni = createNetworkInterface(sb, {
    subnetId,
    description: nodeDescription(lb),
    requesterId: 'amazon-elb',
    interfaceType: 'interface',
    groupIds: lb.securityGroups,
  });
  const node: LoadBalancerNode = {
    networkInterfaceId: eni.networkInterfaceId,
    ip: eni.privateIpAddress,
    subnetId,
    availabilityZone: eni.availabilityZone,
  };
  lb.nodes.push(node);
  sb.markDirty();
  return node;
}

/** Stops a node: its ENI is deleted and its IP goes back to the subnet. */
export function removeNode(sb: Sandbox, lb: LoadBalancer, node: LoadBalancerNode): void {
  deleteNetworkInterface(sb, node.networkInterfaceId);
  lb.nodes = lb.nodes.filter((n) => n !== node);
  sb.markDirty();
}

/** The subnet with the fewest nodes: AWS spreads scaling across the enabled zones. */
function leastLoadedSubnet(lb: LoadBalancer, leaving: LoadBalancerNode[]): string {
  const staying = lb.nodes.filter((n) => !leaving.includes(n));
  const counts = lb.subnetIds.map((id) => ({ id, n: staying.filter((x) => x.subnetId === id).length }));
  counts.sort((a, b) => a.n - b.n);
  return counts[0]!.id;
}

/** The body of the `rotate-ips` control verb. */
export interface RotateRequest {
  loadBalancer?: string;
  /** How many node IPs to replace (oldest first), or 'all'. */
  replace?: number | 'all';
  /** How many nodes to add (AWS scaling out). */
  add?: number;
}

/**
 * Replaces some or all node IPs (new ENIs first, then the old ones go, as AWS overlaps them) and/or
 * adds nodes. Network load balancers keep one static IP per zone, so they cannot be rotated.
 */
export function rotateIps(sb: Sandbox, body: RotateRequest): { before: string[]; after: string[] } {
  const key = body?.loadBalancer;
  const lb = elbv2State(sb).loadBalancers.find((x) => x.arn === key || x.name === key);
  if (!lb) throw new AwsError('LoadBalancerNotFound', `No load balancer named or with ARN '${key ?? ''}'`);
  if (lb.type === 'network') {
    throw new AwsError(
      'InvalidConfigurationRequest',
      'Network load balancer IPs are static and do not rotate',
    );
  }
  const before = lb.nodes.map((n) => n.ip);
  const replace =
    body.replace === 'all'
      ? lb.nodes.length
      : Math.max(0, Math.min(Number(body.replace ?? 0), lb.nodes.length));
  const add = Math.max(0, Number(body.add ?? 0));
  const old = lb.nodes.slice(0, replace);
  // New nodes first, old ones last: AWS overlaps them, and no IP freed here is handed out again here.
  for (const node of old) addNode(sb, lb, node.subnetId);
  for (let i = 0; i < add; i++) addNode(sb, lb, leastLoadedSubnet(lb, old));
  for (const node of old) removeNode(sb, lb, node);
  return { before, after: lb.nodes.map((n) => n.ip) };
}

/**
 * Health oracle for load balancer node IPs registered as targets (the static-IP pattern: ALB node
 * IPs in an NLB `ip` group): healthy on ports the load balancer listens on, else the check times out.
 */
export const loadBalancerNodeOracle: HealthOracle = ({ ip, port }, sb) => {
  const lb = elbv2State(sb).loadBalancers.find((x) => x.nodes.some((n) => n.ip === ip));
  if (!lb) return undefined;
  if (!isLoadBalancerActive(lb)) return { state: 'unhealthy', reason: 'Target.Timeout' };
  const listening = elbv2State(sb).listeners.some((l) => l.loadBalancerArn === lb.arn && l.port === port);
  return listening ? { state: 'healthy' } : { state: 'unhealthy', reason: 'Target.Timeout' };
};
