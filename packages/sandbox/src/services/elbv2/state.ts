/** ELBv2 state. Times are sandbox epoch ms; health and LB state are derived from them on read. */
import type { Sandbox } from '../../core/types.js';

export interface LoadBalancerNode {
  /** The requester-managed ENI (description `ELB app/<name>/<id>` or `ELB net/<name>/<id>`). */
  networkInterfaceId: string;
  ip: string;
  subnetId: string;
  availabilityZone: string;
}

/** An ALB or NLB. */
export interface LoadBalancer {
  arn: string;
  name: string;
  type: 'application' | 'network';
  scheme: 'internal' | 'internet-facing';
  ipAddressType: string;
  vpcId: string;
  subnetIds: string[];
  securityGroups: string[];
  dnsName: string;
  canonicalHostedZoneId: string;
  createdAt: number;
  /** Real-time ms (Date.now()) after which `provisioning` becomes `active`. */
  activeAtReal: number;
  attributes: Record<string, string>;
  nodes: LoadBalancerNode[];
  tags: Record<string, string>;
  /** Region of the ARN (the caller's region at creation). */
  region: string;
}

/** A registered (or still draining) target. */
export interface Target {
  id: string;
  port: number;
  availabilityZone?: string;
  /** The zone of the subnet an in-VPC IP target sits in, worked out once at registration. */
  subnetZone?: string;
  /** Real-time ms of registration: `initial` until the first health checks have run. */
  registeredAtReal: number;
  /** Sandbox ms when deregistration started (`draining` until the delay passes). */
  drainingSince?: number;
}

/** A target group, its health-check settings and its targets. */
export interface TargetGroup {
  arn: string;
  name: string;
  protocol?: string;
  protocolVersion?: string;
  port?: number;
  vpcId?: string;
  targetType: 'instance' | 'ip' | 'lambda' | 'alb';
  ipAddressType: string;
  healthCheck: {
    enabled: boolean;
    protocol?: string;
    port?: string;
    path?: string;
    intervalSeconds: number;
    timeoutSeconds: number;
    healthyThresholdCount: number;
    unhealthyThresholdCount: number;
    matcher?: string;
  };
  attributes: Record<string, string>;
  targets: Target[];
  tags: Record<string, string>;
  /**
   * Real-time ms since a listener or rule first forwarded to this group (unset while unused):
   * targets are `initial` for the health-check delay after the later of this and their registration.
   */
  inUseSinceReal?: number;
}

/** A listener or rule action, stored in its wire shape. */
export interface Action {
  Type: string;
  Order?: number;
  TargetGroupArn?: string;
  ForwardConfig?: {
    TargetGroups: { TargetGroupArn: string; Weight?: number }[];
    TargetGroupStickinessConfig?: { Enabled?: boolean; DurationSeconds?: number };
  };
  RedirectConfig?: {
    Protocol?: string;
    Port?: string;
    Host?: string;
    Path?: string;
    Query?: string;
    StatusCode: string;
  };
  FixedResponseConfig?: { StatusCode: string; ContentType?: string; MessageBody?: string };
}

/** A rule condition, stored in its wire shape. */
export interface Condition {
  Field: string;
  Values?: string[];
  HostHeaderConfig?: { Values: string[] };
  PathPatternConfig?: { Values: string[] };
  HttpHeaderConfig?: { HttpHeaderName: string; Values: string[] };
  QueryStringConfig?: { Values: { Key?: string; Value: string }[] };
  HttpRequestMethodConfig?: { Values: string[] };
  SourceIpConfig?: { Values: string[] };
}

/** A listener; its default actions are its default rule. */
export interface Listener {
  arn: string;
  loadBalancerArn: string;
  port: number;
  protocol: string;
  sslPolicy?: string;
  certificates: { CertificateArn: string; IsDefault?: boolean }[];
  alpnPolicy?: string[];
  defaultActions: Action[];
  /** The ARN DescribeRules gives the default rule (IsDefault, Priority "default"). */
  defaultRuleArn: string;
  /** Tags on the default rule (AddTags accepts its ARN too). */
  defaultRuleTags?: Record<string, string>;
  tags: Record<string, string>;
}

/** A non-default listener rule. */
export interface Rule {
  arn: string;
  listenerArn: string;
  /** 1..50000; the default rule is not stored here (it is the listener's default actions). */
  priority: number;
  conditions: Condition[];
  actions: Action[];
  tags: Record<string, string>;
}

/** `elbv2State(sb)`. */
export interface Elbv2State {
  loadBalancers: LoadBalancer[];
  targetGroups: TargetGroup[];
  listeners: Listener[];
  rules: Rule[];
}

/** The state of a sandbox with no load balancers. */
export function emptyElbv2State(): Elbv2State {
  return { loadBalancers: [], targetGroups: [], listeners: [], rules: [] };
}

/** Where ELBv2 keeps its state in the sandbox state (and in a state file). */
export const ELBV2_STATE_KEY = 'elbv2';

/** The ELBv2 state of a sandbox. */
export function elbv2State(sb: Sandbox): Elbv2State {
  return sb.state[ELBV2_STATE_KEY] as Elbv2State;
}
