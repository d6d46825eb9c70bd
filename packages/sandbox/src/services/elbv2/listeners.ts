/**
 * Create/Describe/Modify/DeleteListener(s). Protocols per load balancer type; HTTPS/TLS need exactly
 * one certificate that exists; an identical repeat on a port returns the listener, a different one
 * is DuplicateListener.
 */
import { AwsError, validationError } from '../../core/aws-error.js';
import type { OperationHandler, Sandbox } from '../../core/types.js';
import { type ActionContext, resolveActions } from './actions.js';
import { listenerArn, ruleArn } from './arns.js';
import { certificateKnown } from './certificates.js';
import { int, list, required, str } from './input.js';
import { listenerNotFound, requireListener, requireLoadBalancer, syncTargetGroupUsage } from './lookup.js';
import { paginate } from './paging.js';
import { DEFAULT_SSL_POLICY, sslPolicyExists, sslPolicyNotFound } from './ssl-policies.js';
import { elbv2State, type Listener, type LoadBalancer } from './state.js';
import { parseTags } from './tags.js';

const PROTOCOLS = { application: ['HTTP', 'HTTPS'], network: ['TCP', 'TLS', 'UDP', 'TCP_UDP'] };
const MAX_LISTENERS = 50;
const ALPN_POLICIES = ['HTTP1Only', 'HTTP2Only', 'HTTP2Optional', 'HTTP2Preferred', 'None'];

/** The wire shape of a listener. */
export function listenerOutput(l: Listener) {
  return {
    ListenerArn: l.arn,
    LoadBalancerArn: l.loadBalancerArn,
    Port: l.port,
    Protocol: l.protocol,
    Certificates:
      l.certificates.length > 0
        ? l.certificates.map((c) => ({ CertificateArn: c.CertificateArn }))
        : undefined,
    SslPolicy: l.sslPolicy,
    DefaultActions: l.defaultActions,
    AlpnPolicy: l.alpnPolicy,
  };
}

interface ListenerSettings {
  port: number;
  protocol: string;
  sslPolicy?: string;
  certificates: { CertificateArn: string }[];
  alpnPolicy?: string[];
}

/** Port, protocol, TLS settings from Create/ModifyListener input, on top of `base` when modifying. */
function resolveSettings(
  sb: Sandbox,
  lb: LoadBalancer,
  input: any,
  base?: ListenerSettings,
): ListenerSettings {
  const allowed = PROTOCOLS[lb.type];
  const protocol = str(input.Protocol) ?? base?.protocol ?? allowed[0]!;
  if (!allowed.includes(protocol)) {
    throw validationError(`Listener protocol '${protocol}' must be one of '${allowed.join(', ')}'`);
  }
  const port = int(input.Port, 'port', 1, 65535) ?? base?.port;
  if (port === undefined) throw validationError('A listener port must be specified');
  const secure = protocol === 'HTTPS' || protocol === 'TLS';
  const given = list<any>(input.Certificates);
  let certificates =
    given?.map((c) => ({ CertificateArn: str(c?.CertificateArn) ?? '' })) ?? base?.certificates ?? [];
  if (!secure && given?.length) {
    throw validationError(`A certificate cannot be specified for ${protocol} listeners`);
  }
  if (!secure) certificates = [];
  if (secure && certificates.length === 0) {
    throw validationError(`A certificate must be specified for ${protocol} listeners`);
  }
  if (secure && certificates.length > 1) {
    throw validationError(`Exactly one certificate must be specified for ${protocol} listeners`);
  }
  for (const c of certificates) {
    if (!certificateKnown(sb, c.CertificateArn)) {
      throw new AwsError('CertificateNotFound', `Certificate '${c.CertificateArn}' not found`);
    }
  }
  const givenPolicy = str(input.SslPolicy);
  if (givenPolicy && !secure)
    throw validationError(`An SSL policy cannot be specified for ${protocol} listeners`);
  if (givenPolicy && !sslPolicyExists(givenPolicy)) throw sslPolicyNotFound(givenPolicy);
  const sslPolicy = secure ? (givenPolicy ?? base?.sslPolicy ?? DEFAULT_SSL_POLICY) : undefined;
  const alpn = list<string>(input.AlpnPolicy);
  if (alpn?.length && protocol !== 'TLS')
    throw validationError('An ALPN policy can be specified only for TLS listeners');
  if (alpn && (alpn.length > 1 || alpn.some((p) => !ALPN_POLICIES.includes(p)))) {
    throw validationError(`The ALPN policy must be one of '${ALPN_POLICIES.join(', ')}'`);
  }
  const alpnPolicy = protocol === 'TLS' ? (alpn ?? base?.alpnPolicy) : undefined;
  return { port, protocol, sslPolicy, certificates, ...(alpnPolicy?.length ? { alpnPolicy } : {}) };
}

function sameSettings(l: Listener, s: ListenerSettings, actions: Listener['defaultActions']): boolean {
  const mine = [l.port, l.protocol, l.sslPolicy, l.certificates, l.alpnPolicy ?? [], l.defaultActions];
  return (
    JSON.stringify(mine) ===
    JSON.stringify([s.port, s.protocol, s.sslPolicy, s.certificates, s.alpnPolicy ?? [], actions])
  );
}

function duplicateListener(lbArn: string): AwsError {
  return new AwsError(
    'DuplicateListener',
    `A listener already exists on this port for this load balancer '${lbArn}'`,
  );
}

/** Create/Describe/Modify/DeleteListener(s). */
export const listenerHandlers: Record<string, OperationHandler> = {
  CreateListener(input, { sb }) {
    const lb = requireLoadBalancer(sb, str(input.LoadBalancerArn));
    const settings = resolveSettings(sb, lb, input);
    const ctx: ActionContext = { sb, lb, listenerProtocol: settings.protocol, listenerPort: settings.port };
    const actions = resolveActions(ctx, input.DefaultActions);
    const tags = parseTags(input.Tags);
    const mine = elbv2State(sb).listeners.filter((l) => l.loadBalancerArn === lb.arn);
    const existing = mine.find((l) => l.port === settings.port);
    if (existing) {
      if (!sameSettings(existing, settings, actions)) throw duplicateListener(lb.arn);
      return { Listeners: [listenerOutput(existing)] };
    }
    if (mine.length >= MAX_LISTENERS) {
      throw new AwsError(
        'TooManyListeners',
        `You have reached the limit of ${MAX_LISTENERS} listeners per load balancer`,
      );
    }
    const arn = listenerArn(sb, lb.arn);
    const listener: Listener = {
      arn,
      loadBalancerArn: lb.arn,
      ...settings,
      defaultActions: actions,
      defaultRuleArn: ruleArn(sb, arn),
      tags,
    };
    elbv2State(sb).listeners.push(listener);
    syncTargetGroupUsage(sb);
    return { Listeners: [listenerOutput(listener)] };
  },

  DescribeListeners(input, { sb }) {
    const lbArn = str(input.LoadBalancerArn);
    const arns = list<string>(input.ListenerArns);
    if (lbArn && arns?.length)
      throw validationError('A load balancer ARN and listener ARNs cannot be specified together');
    if (!lbArn && !arns?.length)
      throw validationError('A load balancer ARN or listener ARNs must be specified');
    let found: Listener[];
    if (lbArn) {
      requireLoadBalancer(sb, lbArn);
      found = elbv2State(sb).listeners.filter((l) => l.loadBalancerArn === lbArn);
    } else {
      found = elbv2State(sb).listeners.filter((l) => arns!.includes(l.arn));
      if (found.length !== new Set(arns).size) throw listenerNotFound();
    }
    const page = paginate(sb, found, input);
    return { Listeners: page.items.map(listenerOutput), NextMarker: page.NextMarker };
  },

  ModifyListener(input, { sb }) {
    const listener = requireListener(sb, str(input.ListenerArn));
    const lb = requireLoadBalancer(sb, listener.loadBalancerArn);
    const settings = resolveSettings(sb, lb, input, listener);
    const clash = elbv2State(sb).listeners.find(
      (l) => l.loadBalancerArn === lb.arn && l.arn !== listener.arn && l.port === settings.port,
    );
    if (clash) throw duplicateListener(lb.arn);
    const ctx: ActionContext = { sb, lb, listenerProtocol: settings.protocol, listenerPort: settings.port };
    // Kept actions are checked again too: a new protocol or port can make them invalid.
    const actions = resolveActions(ctx, input.DefaultActions ?? listener.defaultActions);
    Object.assign(listener, settings, { defaultActions: actions });
    if (!settings.alpnPolicy) delete listener.alpnPolicy;
    if (!settings.sslPolicy) delete listener.sslPolicy;
    syncTargetGroupUsage(sb);
    return { Listeners: [listenerOutput(listener)] };
  },

  DeleteListener(input, { sb }) {
    const listener = requireListener(sb, required(input.ListenerArn, 'ListenerArn'));
    const state = elbv2State(sb);
    state.rules = state.rules.filter((r) => r.listenerArn !== listener.arn);
    state.listeners = state.listeners.filter((l) => l.arn !== listener.arn);
    syncTargetGroupUsage(sb);
    return {};
  },
};
