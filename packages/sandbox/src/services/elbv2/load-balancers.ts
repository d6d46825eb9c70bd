/**
 * Create/Describe/DeleteLoadBalancer(s) and their attributes. A load balancer is `provisioning` for
 * settings.provisionMs real ms, then `active`; it runs one node (an ENI with a private IP) per subnet.
 */
import { AwsError, validationError } from '../../core/aws-error.js';
import type { OperationHandler, Sandbox } from '../../core/types.js';
import { apigwRegions } from '../apigateway/state.js';
import { ec2State } from '../ec2/state.js';
import { checkAccessLogDelivery } from './access-log-delivery.js';
import { canonicalHostedZoneId, loadBalancerArn, loadBalancerDnsName } from './arns.js';
import { ALB_ATTRIBUTES, attributeList, defaults, mergeAttributes, NLB_ATTRIBUTES } from './attributes.js';
import { keyValues, list, oneOf, required, str } from './input.js';
import { loadBalancerState } from './lb-state.js';
import { loadBalancerNotFound, requireLoadBalancer, syncTargetGroupUsage } from './lookup.js';
import { checkResourceName } from './names.js';
import { addNode, removeNode } from './nodes.js';
import { paginate } from './paging.js';
import { checkInternetFacing, resolveSecurityGroups, resolveSubnets } from './placement.js';
import { elbv2State, type LoadBalancer } from './state.js';
import { parseTags } from './tags.js';

/** Load balancers of each type per region (AWS's default quota). */
const MAX_PER_TYPE = 50;

/** The wire shape of a load balancer (state derived now). */
export function loadBalancerOutput(sb: Sandbox, lb: LoadBalancer) {
  return {
    LoadBalancerArn: lb.arn,
    DNSName: lb.dnsName,
    CanonicalHostedZoneId: lb.canonicalHostedZoneId,
    CreatedTime: new Date(lb.createdAt),
    LoadBalancerName: lb.name,
    Scheme: lb.scheme,
    VpcId: lb.vpcId,
    State: loadBalancerState(lb),
    Type: lb.type,
    AvailabilityZones: lb.subnetIds.map((subnetId) => {
      const subnet = ec2State(sb).subnets.find((s) => s.subnetId === subnetId);
      return { ZoneName: subnet?.availabilityZone, SubnetId: subnetId, LoadBalancerAddresses: [] };
    }),
    SecurityGroups: lb.securityGroups.length > 0 || lb.type === 'application' ? lb.securityGroups : undefined,
    IpAddressType: lb.ipAddressType,
  };
}

/** Everything CreateLoadBalancer settles, for the "same settings" comparison of a repeat. */
function settingsOf(
  lb: Pick<LoadBalancer, 'type' | 'scheme' | 'ipAddressType' | 'subnetIds' | 'securityGroups'>,
) {
  return JSON.stringify([
    lb.type,
    lb.scheme,
    lb.ipAddressType,
    [...lb.subnetIds].sort(),
    [...lb.securityGroups].sort(),
  ]);
}

function subnetIdsOf(input: any): string[] {
  const subnets = list<string>(input.Subnets);
  const mappings = list<any>(input.SubnetMappings);
  if (subnets?.length && mappings?.length) {
    throw validationError('You can specify subnets or subnet mappings, not both');
  }
  if (mappings?.some((m) => m?.PrivateIPv4Address || m?.AllocationId)) {
    throw validationError('The sandbox does not support fixed addresses in subnet mappings');
  }
  return subnets?.length
    ? subnets
    : (mappings ?? []).map((m, i) => required(m?.SubnetId, `subnetMappings.${i + 1}.subnetId`));
}

/** Create/Describe/DeleteLoadBalancer(s) and their attributes. */
export const loadBalancerHandlers: Record<string, OperationHandler> = {
  CreateLoadBalancer(input, { sb, region }) {
    const name = checkResourceName('Load balancer', str(input.Name));
    const type = oneOf(input.Type, 'type', ['application', 'network', 'gateway'] as const) ?? 'application';
    if (type === 'gateway') throw validationError('Gateway load balancers are not supported by the sandbox');
    const scheme =
      oneOf(input.Scheme, 'scheme', ['internet-facing', 'internal'] as const) ?? 'internet-facing';
    const ipAddressType =
      oneOf(input.IpAddressType, 'ipAddressType', ['ipv4', 'dualstack', 'dualstack-without-public-ipv4']) ??
      'ipv4';
    if (scheme === 'internal' && ipAddressType !== 'ipv4' && ipAddressType !== 'dualstack') {
      throw validationError(`An internal load balancer cannot have the IP address type '${ipAddressType}'`);
    }
    const subnets = resolveSubnets(sb, type, subnetIdsOf(input));
    const vpcId = subnets[0]!.vpcId;
    checkInternetFacing(sb, scheme, vpcId);
    const securityGroups = resolveSecurityGroups(sb, type, vpcId, list<string>(input.SecurityGroups));
    const tags = parseTags(input.Tags);
    const wanted = { type, scheme, ipAddressType, subnetIds: subnets.map((s) => s.subnetId), securityGroups };

    const existing = elbv2State(sb).loadBalancers.find((lb) => lb.name === name);
    if (existing) {
      if (settingsOf(existing) !== settingsOf(wanted)) {
        throw new AwsError(
          'DuplicateLoadBalancerName',
          `A load balancer with the same name '${name}' exists, but with different settings`,
        );
      }
      return { LoadBalancers: [loadBalancerOutput(sb, existing)] };
    }
    if (elbv2State(sb).loadBalancers.filter((lb) => lb.type === type).length >= MAX_PER_TYPE) {
      throw new AwsError(
        'TooManyLoadBalancers',
        `You have reached the limit of ${MAX_PER_TYPE} load balancers`,
      );
    }
    const arn = loadBalancerArn(sb, region, type, name);
    const lb: LoadBalancer = {
      arn,
      name,
      ...wanted,
      vpcId,
      dnsName: loadBalancerDnsName(sb, region, type, scheme, name),
      canonicalHostedZoneId: canonicalHostedZoneId(region, type),
      createdAt: sb.clock.now(),
      activeAtReal: Date.now() + sb.settings.provisionMs,
      attributes: defaults(type === 'application' ? ALB_ATTRIBUTES : NLB_ATTRIBUTES),
      nodes: [],
      tags,
      region,
    };
    elbv2State(sb).loadBalancers.push(lb);
    for (const subnetId of lb.subnetIds) addNode(sb, lb, subnetId);
    sb.markDirty();
    return { LoadBalancers: [loadBalancerOutput(sb, lb)] };
  },

  DescribeLoadBalancers(input, { sb }) {
    const arns = list<string>(input.LoadBalancerArns);
    const names = list<string>(input.Names);
    if (arns?.length && names?.length)
      throw validationError('Load balancer names and ARNs cannot be specified together');
    if (arns && arns.length > 20) throw validationError('At most 20 load balancer ARNs can be specified');
    const all = elbv2State(sb).loadBalancers;
    let found = all;
    if (arns?.length) {
      found = all.filter((lb) => arns.includes(lb.arn));
      if (found.length !== new Set(arns).size) throw loadBalancerNotFound();
    } else if (names?.length) {
      found = all.filter((lb) => names.includes(lb.name));
      if (found.length !== new Set(names).size) throw loadBalancerNotFound();
    }
    const page = paginate(sb, found, input);
    return { LoadBalancers: page.items.map((lb) => loadBalancerOutput(sb, lb)), NextMarker: page.NextMarker };
  },

  DeleteLoadBalancer(input, { sb }) {
    const arn = required(input.LoadBalancerArn, 'LoadBalancerArn');
    const lb = elbv2State(sb).loadBalancers.find((x) => x.arn === arn);
    if (!lb) return {};
    if (lb.attributes['deletion_protection.enabled'] === 'true') {
      throw new AwsError(
        'OperationNotPermitted',
        `Load balancer '${arn}' cannot be deleted because deletion protection is enabled`,
      );
    }
    const asTarget = elbv2State(sb).targetGroups.find(
      (tg) => tg.targetType === 'alb' && tg.targets.some((t) => t.id === arn),
    );
    if (asTarget) {
      throw new AwsError(
        'ResourceInUse',
        `Load balancer '${arn}' cannot be deleted because it is registered with target group '${asTarget.arn}'`,
      );
    }
    // A VPC link v1 is an endpoint service on its NLB: AWS refuses the delete while the link exists
    // (docs/aws-behaviour.md §11, "Laying the front door").
    const link = apigwRegions(sb)
      .flatMap(([, r]) => Object.values(r.vpcLinks))
      .find((l) => l.targetArns.includes(arn));
    if (link) {
      throw new AwsError(
        'ResourceInUse',
        `Load balancer '${arn}' cannot be deleted because it is currently associated with another service`,
      );
    }
    const state = elbv2State(sb);
    const listenerArns = new Set(state.listeners.filter((l) => l.loadBalancerArn === arn).map((l) => l.arn));
    state.rules = state.rules.filter((r) => !listenerArns.has(r.listenerArn));
    state.listeners = state.listeners.filter((l) => l.loadBalancerArn !== arn);
    for (const node of [...lb.nodes]) removeNode(sb, lb, node);
    state.loadBalancers = state.loadBalancers.filter((x) => x.arn !== arn);
    syncTargetGroupUsage(sb);
    return {};
  },

  DescribeLoadBalancerAttributes(input, { sb }) {
    const lb = requireLoadBalancer(sb, str(input.LoadBalancerArn));
    return { Attributes: attributeList(lb.attributes) };
  },

  ModifyLoadBalancerAttributes(input, { sb, accountId }) {
    const lb = requireLoadBalancer(sb, str(input.LoadBalancerArn));
    const merged = mergeAttributes(
      lb.attributes,
      input.Attributes,
      lb.type === 'application' ? ALB_ATTRIBUTES : NLB_ATTRIBUTES,
    );
    for (const logs of ['access_logs', 'connection_logs']) {
      if (merged[`${logs}.s3.enabled`] === 'true' && !merged[`${logs}.s3.bucket`]) {
        throw validationError(
          `The value of '${logs}.s3.bucket' cannot be empty when '${logs}.s3.enabled' is true`,
        );
      }
    }
    // Only a request that touches access logs is checked against the bucket (as AWS does).
    if (keyValues(input.Attributes).some((a) => a.Key?.startsWith('access_logs.')))
      checkAccessLogDelivery(sb, lb, merged, accountId);
    lb.attributes = merged;
    sb.markDirty();
    return { Attributes: attributeList(lb.attributes) };
  },
};
