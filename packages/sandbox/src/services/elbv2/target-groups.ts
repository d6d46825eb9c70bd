/**
 * Create/Describe/Modify/DeleteTargetGroup(s). Names are unique across ALB and NLB groups; an
 * identical repeat returns the existing group, a different one is DuplicateTargetGroupName.
 */
import { AwsError, validationError } from '../../core/aws-error.js';
import type { OperationHandler, Sandbox } from '../../core/types.js';
import { findVpc } from '../ec2/network.js';
import { targetGroupArn } from './arns.js';
import {
  ALB_TG_ATTRIBUTES,
  type AttributeTable,
  attributeList,
  defaults,
  LAMBDA_TG_ATTRIBUTES,
  mergeAttributes,
  nlbTargetGroupAttributes,
  STICKINESS_TYPES,
} from './attributes.js';
import { isTcpFamily, resolveHealthCheck } from './health-check.js';
import { int, list, oneOf, required, str } from './input.js';
import {
  requireTargetGroup,
  targetGroupInUse,
  targetGroupLoadBalancerArns,
  targetGroupNotFound,
} from './lookup.js';
import { checkResourceName } from './names.js';
import { paginate } from './paging.js';
import { elbv2State, type TargetGroup } from './state.js';
import { parseTags } from './tags.js';

const PROTOCOLS = ['HTTP', 'HTTPS', 'TCP', 'TLS', 'UDP', 'TCP_UDP', 'GENEVE'] as const;
const TARGET_TYPES = ['instance', 'ip', 'lambda', 'alb'] as const;

/** The attributes a group supports, by kind (ALB, NLB, lambda). */
export function targetGroupAttributeTable(tg: Pick<TargetGroup, 'protocol' | 'targetType'>): AttributeTable {
  if (tg.targetType === 'lambda') return LAMBDA_TG_ATTRIBUTES;
  return isTcpFamily(tg.protocol) ? nlbTargetGroupAttributes(tg.targetType) : ALB_TG_ATTRIBUTES;
}

/** The wire shape of a target group. */
export function targetGroupOutput(sb: Sandbox, tg: TargetGroup) {
  const hc = tg.healthCheck;
  return {
    TargetGroupArn: tg.arn,
    TargetGroupName: tg.name,
    Protocol: tg.protocol,
    Port: tg.port,
    VpcId: tg.vpcId,
    HealthCheckProtocol: hc.protocol,
    HealthCheckPort: hc.port,
    HealthCheckEnabled: hc.enabled,
    HealthCheckIntervalSeconds: hc.intervalSeconds,
    HealthCheckTimeoutSeconds: hc.timeoutSeconds,
    HealthyThresholdCount: hc.healthyThresholdCount,
    UnhealthyThresholdCount: hc.unhealthyThresholdCount,
    HealthCheckPath: hc.path,
    Matcher: hc.matcher ? { HttpCode: hc.matcher } : undefined,
    LoadBalancerArns: targetGroupLoadBalancerArns(sb, tg.arn),
    TargetType: tg.targetType,
    ProtocolVersion: tg.protocolVersion,
    IpAddressType: tg.ipAddressType,
  };
}

/** Everything CreateTargetGroup settles, for the "same settings" comparison of a repeat. */
function settingsOf(tg: TargetGroup): string {
  return JSON.stringify([
    tg.protocol,
    tg.protocolVersion,
    tg.port,
    tg.vpcId,
    tg.targetType,
    tg.ipAddressType,
    tg.healthCheck,
  ]);
}

function buildTargetGroup(sb: Sandbox, input: any, region: string): TargetGroup {
  const name = checkResourceName('Target group', str(input.Name));
  const targetType = oneOf(input.TargetType, 'targetType', TARGET_TYPES) ?? 'instance';
  const protocol = oneOf(input.Protocol, 'protocol', PROTOCOLS);
  const port = int(input.Port, 'port', 1, 65535);
  const vpcId = str(input.VpcId);
  if (targetType === 'lambda') {
    if (protocol || port !== undefined || vpcId) {
      throw validationError(
        `Protocol, port and VPC ID cannot be specified for target groups of target type 'lambda'`,
      );
    }
  } else {
    if (!protocol) throw validationError('A protocol must be specified');
    if (port === undefined) throw validationError('A port must be specified');
    if (!vpcId) throw validationError('A VPC ID must be specified');
    if (!findVpc(sb, vpcId)) throw validationError(`The VPC ID '${vpcId}' is not found`);
  }
  if (targetType === 'alb' && protocol !== 'TCP') {
    throw validationError(`Target groups of target type 'alb' support only the 'TCP' protocol`);
  }
  const protocolVersion = str(input.ProtocolVersion);
  if (protocolVersion && !['HTTP', 'HTTPS'].includes(protocol ?? '')) {
    throw validationError('A protocol version can be specified only for HTTP and HTTPS target groups');
  }
  if (protocolVersion && !['HTTP1', 'HTTP2', 'GRPC'].includes(protocolVersion)) {
    throw validationError(`Protocol version '${protocolVersion}' must be one of 'HTTP1, HTTP2, GRPC'`);
  }
  const shape = { protocol, targetType };
  return {
    arn: targetGroupArn(sb, region, name),
    name,
    protocol,
    protocolVersion: protocolVersion ?? (['HTTP', 'HTTPS'].includes(protocol ?? '') ? 'HTTP1' : undefined),
    port,
    vpcId,
    targetType,
    ipAddressType: oneOf(input.IpAddressType, 'ipAddressType', ['ipv4', 'ipv6']) ?? 'ipv4',
    healthCheck: resolveHealthCheck(input, shape),
    attributes: defaults(targetGroupAttributeTable(shape)),
    targets: [],
    tags: parseTags(input.Tags),
  };
}

/** Stickiness types are per protocol: lb_cookie/app_cookie on ALB groups, source_ip on NLB groups. */
function stickinessCheck(tg: TargetGroup) {
  return (key: string, value: string) => {
    if (key !== 'stickiness.type') return;
    const allowed = isTcpFamily(tg.protocol) ? STICKINESS_TYPES.nlb : STICKINESS_TYPES.alb;
    if (!allowed.includes(value)) {
      throw new AwsError(
        'InvalidConfigurationRequest',
        `Stickiness type '${value}' is not supported for target groups with the '${tg.protocol}' protocol`,
      );
    }
  };
}

/** Create/Describe/Modify/DeleteTargetGroup(s) and their attributes. */
export const targetGroupHandlers: Record<string, OperationHandler> = {
  CreateTargetGroup(input, { sb, region }) {
    const fresh = buildTargetGroup(sb, input, region);
    const existing = elbv2State(sb).targetGroups.find((tg) => tg.name === fresh.name);
    if (existing) {
      if (settingsOf(existing) !== settingsOf({ ...fresh, arn: existing.arn })) {
        throw new AwsError(
          'DuplicateTargetGroupName',
          `A target group with the same name '${fresh.name}' exists, but with different settings`,
        );
      }
      return { TargetGroups: [targetGroupOutput(sb, existing)] };
    }
    if (elbv2State(sb).targetGroups.length >= 3000) {
      throw new AwsError('TooManyTargetGroups', 'You have reached the limit on the number of target groups');
    }
    elbv2State(sb).targetGroups.push(fresh);
    sb.markDirty();
    return { TargetGroups: [targetGroupOutput(sb, fresh)] };
  },

  DescribeTargetGroups(input, { sb }) {
    const arns = list<string>(input.TargetGroupArns);
    const names = list<string>(input.Names);
    const lbArn = str(input.LoadBalancerArn);
    if ([arns?.length, names?.length, lbArn].filter(Boolean).length > 1) {
      throw validationError('Only one of LoadBalancerArn, TargetGroupArns or Names can be specified');
    }
    let found = elbv2State(sb).targetGroups;
    if (arns?.length) {
      found = arns
        .map((arn) => found.find((tg) => tg.arn === arn) ?? null)
        .filter((x) => x !== null) as TargetGroup[];
      if (found.length !== new Set(arns).size) throw targetGroupNotFound();
    } else if (names?.length) {
      found = names.map((n) => found.find((tg) => tg.name === n)).filter((x) => x !== undefined);
      if (found.length !== new Set(names).size) throw targetGroupNotFound();
    } else if (lbArn) {
      if (!elbv2State(sb).loadBalancers.some((lb) => lb.arn === lbArn)) {
        throw new AwsError('LoadBalancerNotFound', 'One or more load balancers not found');
      }
      found = found.filter((tg) => targetGroupLoadBalancerArns(sb, tg.arn).includes(lbArn));
    }
    const page = paginate(sb, found, input);
    return { TargetGroups: page.items.map((tg) => targetGroupOutput(sb, tg)), NextMarker: page.NextMarker };
  },

  ModifyTargetGroup(input, { sb }) {
    const tg = requireTargetGroup(sb, str(input.TargetGroupArn));
    tg.healthCheck = resolveHealthCheck(input, tg, tg.healthCheck);
    sb.markDirty();
    return { TargetGroups: [targetGroupOutput(sb, tg)] };
  },

  DeleteTargetGroup(input, { sb }) {
    const arn = required(input.TargetGroupArn, 'TargetGroupArn');
    const i = elbv2State(sb).targetGroups.findIndex((tg) => tg.arn === arn);
    if (i < 0) return {};
    if (targetGroupInUse(sb, arn)) {
      throw new AwsError(
        'ResourceInUse',
        `Target group '${arn}' is currently in use by a listener or a rule`,
      );
    }
    elbv2State(sb).targetGroups.splice(i, 1);
    sb.markDirty();
    return {};
  },

  DescribeTargetGroupAttributes(input, { sb }) {
    const tg = requireTargetGroup(sb, str(input.TargetGroupArn));
    return { Attributes: attributeList(tg.attributes) };
  },

  ModifyTargetGroupAttributes(input, { sb }) {
    const tg = requireTargetGroup(sb, str(input.TargetGroupArn));
    tg.attributes = mergeAttributes(
      tg.attributes,
      input.Attributes,
      targetGroupAttributeTable(tg),
      stickinessCheck(tg),
    );
    sb.markDirty();
    return { Attributes: attributeList(tg.attributes) };
  },
};
